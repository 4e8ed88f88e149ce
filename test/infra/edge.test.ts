import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_RATE_LIMIT_PER_5_MINUTES, EdgeStack } from '../../infra/edge.js';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { deploySettings } from '../../sandbox/synthesized.js';

/** Promise 7: a WAF web ACL with a rate-based rule sits in front of CloudFront. */
const settings = deploySettings();

describe('the edge stack', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const edge = new EdgeStack(app, 'Edge', {
    submitRateLimitPer5Minutes: settings.submitRateLimitPer5Minutes,
    env: { account: '000000000000', region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const main = new CommunityKindnessStack(app, 'Main', {
    settings,
    webAclArn: edge.webAclArn,
    env: { account: '000000000000', region: 'eu-west-2' },
    crossRegionReferences: true,
  });
  const edgeTemplate = Template.fromStack(edge);

  it('blocks a flood of posts from one address with a rate-based rule, at the configured limit', () => {
    edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'IP',
              Limit: settings.submitRateLimitPer5Minutes,
              EvaluationWindowSec: 300,
            }),
          },
        }),
      ]),
    });
  });

  type Rule = {
    Name: string;
    Action?: Record<string, unknown>;
    OverrideAction?: Record<string, unknown>;
    VisibilityConfig: { SampledRequestsEnabled: boolean };
    Statement: {
      ManagedRuleGroupStatement?: {
        Name: string;
        ScopeDownStatement?: unknown;
        ManagedRuleGroupConfigs?: unknown;
      };
      RateBasedStatement?: { Limit: number; AggregateKeyType: string; ScopeDownStatement?: unknown };
    };
  };
  const rules = () =>
    (
      Object.values(edgeTemplate.findResources('AWS::WAFv2::WebACL'))[0] as {
        Properties: { Rules: Rule[] };
      }
    ).Properties.Rules;
  const rule = (name: string) => rules().find((r) => r.Name === name);

  it('also applies the AWS IP reputation, known-bad-inputs and Bot Control rule groups', () => {
    const groups = rules()
      .map((r) => r.Statement.ManagedRuleGroupStatement?.Name)
      .filter(Boolean);
    expect(groups).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesBotControlRuleSet',
    ]);
  });

  it('limits every request from one address, on every route and method, besides form posts', () => {
    expect(rule('all-requests-per-ip')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: { AggregateKeyType: 'IP', Limit: DEFAULT_REQUEST_RATE_LIMIT_PER_5_MINUTES },
      },
    });
    expect(rule('all-requests-per-ip')?.Statement.RateBasedStatement?.ScopeDownStatement).toBeUndefined();
    expect(rule('public-posts-per-ip')?.Statement.RateBasedStatement?.Limit).toBe(
      settings.submitRateLimitPer5Minutes,
    );
    // The all-routes limit is the looser one: it must never cut off someone who only posts the form.
    expect(DEFAULT_REQUEST_RATE_LIMIT_PER_5_MINUTES).toBeGreaterThan(settings.submitRateLimitPer5Minutes);
  });

  it('counts (never blocks or challenges) bots on form posts only, so the form works without JavaScript', () => {
    const botControl = rule('aws-bot-control-form-posts');
    expect(botControl?.OverrideAction).toEqual({ Count: {} });
    expect(botControl?.Statement.ManagedRuleGroupStatement?.ManagedRuleGroupConfigs).toEqual([
      { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } },
    ]);
    const scope = JSON.stringify(botControl?.Statement.ManagedRuleGroupStatement?.ScopeDownStatement);
    expect(scope).toContain('"SearchString":"POST"');
    expect(scope).toContain('"SearchString":"/requests"');
    // No rule anywhere asks the browser to run a script.
    const actions = JSON.stringify(rules().map((r) => [r.Action, r.OverrideAction]));
    expect(actions).not.toMatch(/Challenge|Captcha/);
  });

  it('keeps no sampled requests (their URIs would hold link tokens)', () => {
    for (const r of rules()) expect(r.VisibilityConfig.SampledRequestsEnabled, r.Name).toBe(false);
  });

  it('puts the web ACL in front of the CloudFront distribution', () => {
    const distribution = Object.values(
      Template.fromStack(main).findResources('AWS::CloudFront::Distribution'),
    )[0] as {
      Properties: { DistributionConfig: { WebACLId?: unknown } };
    };
    expect(distribution.Properties.DistributionConfig.WebACLId).toBeDefined();
  });
});
