import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { parseDeploymentSettings, parseSettings } from '../../shared/config.js';
import {
  actionsOf,
  catalogueFunction,
  cdkJsonContext,
  onlyResourceOfType,
  props,
  resourcesOf,
  roleStatements,
  synthesizeStack,
  type CfnTemplate,
} from './helpers.js';

const settings = parseSettings(cdkJsonContext());
const EMAIL_DOMAIN = settings.senderEmail.split('@')[1] ?? '';

let withoutDomain: CfnTemplate;
let withDomain: CfnTemplate;

beforeAll(() => {
  withoutDomain = synthesizeStack().json;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CommunityKindnessStack(app, 'WithDomain', {
    settings,
    deployment: parseDeploymentSettings({
      emailDomain: EMAIL_DOMAIN,
      mailFromSubdomain: 'bounces',
      alarmEmail: 'ops@example.org',
    }),
    env: { account: '000000000000', region: 'eu-west-2' },
  });
  withDomain = Template.fromStack(stack).toJSON() as CfnTemplate;
}, 240_000);

describe('the SES identity', () => {
  it('is the domain, signed with Easy DKIM (2048-bit) and a custom MAIL FROM in it, when a domain is configured', () => {
    const [, identity] = onlyResourceOfType(withDomain, 'AWS::SES::EmailIdentity');
    expect(props(identity)).toMatchObject({
      EmailIdentity: EMAIL_DOMAIN,
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: `bounces.${EMAIL_DOMAIN}` },
      ConfigurationSetAttributes: { ConfigurationSetName: expect.anything() },
    });
  });

  it('is the one sender address otherwise (verified by a link; no DKIM alignment)', () => {
    const [, identity] = onlyResourceOfType(withoutDomain, 'AWS::SES::EmailIdentity');
    expect(props(identity).EmailIdentity).toBe(settings.senderEmail);
    expect(props(identity).MailFromAttributes).toBeUndefined();
    expect(props(identity).DkimSigningAttributes).toBeUndefined();
  });

  it('is what the functions may send as', () => {
    const [identityId] = onlyResourceOfType(withDomain, 'AWS::SES::EmailIdentity');
    const fn = catalogueFunction(withDomain, 'sendMessages');
    const ses = roleStatements(withDomain, fn.resource).filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(resourcesOf(ses[0] ?? { Effect: 'Allow', Action: [], Resource: [] }))).toContain(
      `{"Ref":"${identityId}"}`,
    );
  });
});

describe('the configuration set', () => {
  it.each([
    ['without a domain', () => withoutDomain],
    ['with a domain', () => withDomain],
  ])('%s: delivers only over TLS and publishes reputation metrics', (_label, template) => {
    const [, configurationSet] = onlyResourceOfType(template(), 'AWS::SES::ConfigurationSet');
    expect(props(configurationSet)).toMatchObject({
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });
});

describe('alarms', () => {
  it('go to deployment.alarmEmail when it is set (the prescriber otherwise)', () => {
    const emailSubscriptions = (template: CfnTemplate) =>
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::SNS::Subscription' && props(r).Protocol === 'email')
        .map((r) => props(r).Endpoint);
    expect(emailSubscriptions(withDomain)).toEqual(['ops@example.org']);
    expect(emailSubscriptions(withoutDomain)).toEqual([settings.prescriberEmail]);
  });
});
