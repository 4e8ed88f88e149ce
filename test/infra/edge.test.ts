import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EdgeStack } from '../../infra/edge.js';
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

  it('also applies the AWS IP reputation and known-bad-inputs rule groups', () => {
    const acl = Object.values(edgeTemplate.findResources('AWS::WAFv2::WebACL'))[0] as {
      Properties: { Rules: { Statement: { ManagedRuleGroupStatement?: { Name: string } } }[] };
    };
    const groups = acl.Properties.Rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(
      Boolean,
    );
    expect(groups).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet']);
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
