import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeStackProps extends StackProps {
  /** Public form posts allowed from one address in five minutes (the sandbox enforces the same number). */
  submitRateLimitPer5Minutes: number;
  /**
   * Requests of any kind (pages, assets, links, dashboard) allowed from one address in five minutes.
   * Generous, because a practice's staff may share one address: it stops one machine from flooding the
   * service, not people using it.
   */
  requestRateLimitPer5Minutes?: number;
}

export const DEFAULT_REQUEST_RATE_LIMIT_PER_5_MINUTES = 3000;

/** WAF's smallest text-match statement: one request property equal to one value. */
function equals(fieldToMatch: CfnWebACL.FieldToMatchProperty, value: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch,
      positionalConstraint: 'EXACTLY',
      searchString: value,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}

/**
 * The web ACL in front of CloudFront. CloudFront's WAF lives in us-east-1 whatever region the
 * service runs in, hence a stack of its own; the main stack reads its ARN across regions.
 *
 * These rules cannot be walked around: the API refuses any request without CloudFront's origin-verify
 * header, so every request that does anything has passed through this ACL.
 *
 * No Challenge or CAPTCHA on the request form. Both need JavaScript in the browser (WAF's challenge
 * page runs a script and sets a token cookie), and the form must work without it: people use old
 * phones, locked-down browsers and assistive technology, and the NHS service standard asks for pages
 * that work without JavaScript. A challenge only on the form page would lock out the same people, and
 * checking a token on the post "only when present" stops no bot. What stands in: the per-IP post and
 * request limits below, AWS's IP reputation and known-bad-inputs rules, Bot Control counting (labels
 * and metrics) on form posts, the form's honeypot field, and the per-recipient cap on confirmation
 * emails, which removes the reason to abuse the form to send mail.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests would keep full URIs (with the tokens of volunteer and requester links) for
      // three hours in the console: counts only.
      sampledRequestsEnabled: false,
    });
    const isPost = equals({ method: {} }, 'POST');
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
              scopeDownStatement: isPost,
            },
          },
        },
        {
          // Every route, every method: one address cannot flood the pages, links or dashboard either.
          name: 'all-requests-per-ip',
          priority: 1,
          action: { block: {} },
          visibilityConfig: visibility('all-requests-per-ip'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: props.requestRateLimitPer5Minutes ?? DEFAULT_REQUEST_RATE_LIMIT_PER_5_MINUTES,
            },
          },
        },
        {
          name: 'aws-ip-reputation',
          priority: 2,
          overrideAction: { none: {} },
          visibilityConfig: visibility('aws-ip-reputation'),
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' },
          },
        },
        {
          name: 'aws-known-bad-inputs',
          priority: 3,
          overrideAction: { none: {} },
          visibilityConfig: visibility('aws-known-bad-inputs'),
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        },
        {
          // Bot Control (common level: user agents, known bot lists; no JavaScript needed) on form posts
          // only, in count mode: it labels and counts scripted posts, so a practice can see abuse and
          // choose to block a category, without refusing the JSON API's legitimate clients by default.
          name: 'aws-bot-control-form-posts',
          priority: 4,
          overrideAction: { count: {} },
          visibilityConfig: visibility('aws-bot-control-form-posts'),
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesBotControlRuleSet',
              managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }],
              scopeDownStatement: {
                andStatement: { statements: [isPost, equals({ uriPath: {} }, '/requests')] },
              },
            },
          },
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
