import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { emailDomainFor, parseDeploymentSettings } from '../../shared/config.js';
import { cdkJsonContext } from './helpers.js';
import { readFileSync } from 'node:fs';

/** cdk.json's `deployment` object, as shipped. */
function cdkJsonDeployment(): unknown {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context.deployment;
}

/** The app as the CDK CLI builds it, with bundling skipped; only construction, no synth needed for regions. */
function build(deployment: unknown, env: NodeJS.ProcessEnv) {
  return buildApp({
    context: {
      'aws:cdk:bundling-stacks': [],
      communityKindness: cdkJsonContext(),
      ...(deployment === undefined ? {} : { deployment }),
    },
    env,
  });
}

describe('the region the data lives in', () => {
  it('stays in eu-west-2 when the CLI falls back to us-east-1 and cdk.json names no region', () => {
    const { main, edge } = build(undefined, {
      CDK_DEFAULT_REGION: 'us-east-1',
      CDK_DEFAULT_ACCOUNT: '111111111111',
    });
    expect(main.region).toBe('eu-west-2');
    expect(main.account).toBe('111111111111');
    // CloudFront's web ACL can only live in us-east-1: that stack holds no personal data.
    expect(edge.region).toBe('us-east-1');
  });

  it("is the region cdk.json ships (eu-west-2), whatever the deployer's CLI region", () => {
    expect(cdkJsonDeployment()).toMatchObject({ region: 'eu-west-2' });
    const { main } = build(cdkJsonDeployment(), { CDK_DEFAULT_REGION: 'ap-southeast-2' });
    expect(main.region).toBe('eu-west-2');
  });

  it('moves only when cdk.json names another region on purpose', () => {
    const { main, edge } = build({ region: 'eu-west-1' }, { CDK_DEFAULT_REGION: 'us-east-1' });
    expect(main.region).toBe('eu-west-1');
    expect(edge.region).toBe('us-east-1');
  });

  it.each(['London', 'eu-west', 'EU-WEST-2', 'eu_west_2', ''])(
    'refuses %j as a region, saying what to set',
    (region) => {
      const attempt = () => build({ region }, {});
      expect(attempt).toThrow(
        'must be an AWS region name such as "eu-west-2": set "deployment": { "region": "eu-west-2" } in cdk.json',
      );
      expect(attempt).toThrow(/→ at region/);
    },
  );
});

describe('deployment settings', () => {
  it('fills in every default from an absent or empty object', () => {
    for (const raw of [undefined, {}]) {
      expect(parseDeploymentSettings(raw)).toEqual({ region: 'eu-west-2', mailFromSubdomain: 'mail' });
    }
  });

  it('reads the optional domain, certificate, email domain and alarm address', () => {
    const settings = parseDeploymentSettings({
      region: 'eu-west-2',
      domainName: 'help.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab',
      emailDomain: 'example.org',
      mailFromSubdomain: 'bounce',
      alarmEmail: 'ops@example.org',
    });
    expect(settings).toMatchObject({
      domainName: 'help.example.org',
      mailFromSubdomain: 'bounce',
      alarmEmail: 'ops@example.org',
    });
  });

  it.each([
    ['a domain without its certificate', { domainName: 'help.example.org' }, 'certificateArn'],
    [
      'a certificate outside us-east-1',
      {
        domainName: 'help.example.org',
        certificateArn: 'arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d',
      },
      'us-east-1',
    ],
    ['a MAIL FROM that is not one DNS label', { mailFromSubdomain: 'mail.example' }, 'mailFromSubdomain'],
    ['an alarm address without @', { alarmEmail: 'ops.example.org' }, 'alarmEmail'],
  ])('rejects %s, naming what is wrong', (_label, raw, expected) => {
    expect(() => parseDeploymentSettings(raw)).toThrow(
      /Invalid deployment settings \("deployment" in cdk\.json\)/,
    );
    expect(() => parseDeploymentSettings(raw)).toThrow(expected);
  });
});

describe('the SES domain identity to create', () => {
  const sender = { senderEmail: 'help@example.org' };

  it('is none without a domain: the single verified address', () => {
    expect(emailDomainFor({}, sender)).toBeUndefined();
  });

  it("is emailDomain when set, or else the sender's domain once the site has its own domain", () => {
    expect(emailDomainFor({ emailDomain: 'example.org' }, sender)).toBe('example.org');
    expect(emailDomainFor({ domainName: 'help.example.org' }, sender)).toBe('example.org');
    expect(emailDomainFor({ emailDomain: 'example.org' }, { senderEmail: 'help@mail.example.org' })).toBe(
      'example.org',
    );
  });

  it('refuses a sender outside that domain: SES would refuse to send as it', () => {
    expect(() =>
      emailDomainFor({ emailDomain: 'example.org' }, { senderEmail: 'help@elsewhere.org' }),
    ).toThrow(
      /senderEmail \(help@elsewhere\.org\) is not an address in deployment\.emailDomain \(example\.org\)/,
    );
  });
});
