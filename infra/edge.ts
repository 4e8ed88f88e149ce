import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeStackProps extends StackProps {
  /** Public form posts allowed from one address in five minutes (the sandbox enforces the same number). */
  submitRateLimitPer5Minutes: number;
}

/**
 * The web ACL in front of CloudFront. CloudFront's WAF lives in us-east-1 whatever region the
 * service runs in, hence a stack of its own; the main stack reads its ARN across regions.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('community-kindness'),
      rules: [
        {
          // A flood of form posts from one address is cut off; people browsing are not affected.
          name: 'public-posts-per-ip',
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility('public-posts-per-ip'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: props.submitRateLimitPer5Minutes,
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
        },
        {
          name: 'aws-ip-reputation',
          priority: 1,
          overrideAction: { none: {} },
          visibilityConfig: visibility('aws-ip-reputation'),
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' },
          },
        },
        {
          name: 'aws-known-bad-inputs',
          priority: 2,
          overrideAction: { none: {} },
          visibilityConfig: visibility('aws-known-bad-inputs'),
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
