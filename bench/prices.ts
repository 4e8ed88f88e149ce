/**
 * The price list the cost model uses. eu-west-2 (London) figures were not all found; each price says
 * where it came from and what it is, so the figures can be checked and updated in one place. Looked
 * up on 2026-11-25 (the benchmark's run date) through stored copies of the pages below.
 */
export interface Price {
  usd: number;
  per: string;
  region: string;
  source: string;
}

export const PRICES = {
  stepFunctionsTransition: {
    usd: 0.025 / 1000,
    per: 'state transition (Standard workflow)',
    region: 'eu-west-2 (Europe (London): $0.0250 per 1,000)',
    source: 'https://aws.amazon.com/step-functions/pricing/ (state transitions pricing table)',
  },
  lambdaGbSecondArm: {
    usd: 0.0000133334,
    per: 'GB-second, arm64, first tier',
    region: 'us-east-1 (London not found; used as stated)',
    source:
      'https://cloudchipr.com/blog/aws-lambda-pricing ("Ultimate Guide 2024", US East ARM first 7.5 billion GB-s)',
  },
  lambdaRequest: {
    usd: 0.2 / 1_000_000,
    per: 'invocation',
    region: 'us-east-1 (London not found; used as stated)',
    source: 'https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests)',
  },
  dynamoWriteUnit: {
    usd: 1.4135 / 2 / 1_000_000,
    per: 'write request unit (on-demand)',
    region:
      'eu-west-2, derived: $1.4135 per million before 1 Nov 2024, halved by the on-demand price cut of that date',
    source:
      'https://engineering-ed7.pages.dev/docs/architecture/aws/services/dynamodb (London, $1.4135/M WRU); https://www.jusdb.com/blog/dynamodb-cost-optimization-a-comprehensive-guide-by-jusdb (Aug 2025: 50% cut effective 1 Nov 2024)',
  },
  dynamoReadUnit: {
    usd: 0.283 / 2 / 1_000_000,
    per: 'read request unit (on-demand)',
    region: 'eu-west-2, derived: $0.283 per million before 1 Nov 2024, halved by the same cut',
    source: 'as the write request unit',
  },
  sesMessage: {
    usd: 0.1 / 1000,
    per: 'email sent',
    region: 'all regions ($0.10 per 1,000)',
    source:
      'https://www.acecloudinterviews.com/tutorials/aws/ses/ ("starting at $0.10 per thousand emails"); https://aws.amazon.com/ses/faqs/',
  },
  smsSegmentUk: {
    usd: 0.04,
    per: 'outbound SMS segment to a UK number (GSM-7: 160 characters; UCS-2: 70), AWS fee and carrier fee together',
    region: 'eu-west-2 to GB',
    source:
      'NOT VERIFIED (no internet on the benchmark machine, and no stored copy of the price table was found, 2026-12-01): a planning figure. Check https://aws.amazon.com/end-user-messaging/pricing/ (SMS, United Kingdom); billing is per segment (https://docs.aws.amazon.com/sms-voice/latest/userguide/sms-billing.html, https://repost.aws/knowledge-center/sns-pinpoint-high-sms-charges)',
  },
  httpApiRequest: {
    usd: 1 / 1_000_000,
    per: 'HTTP API request',
    region: 'us-east-1 (London not found; used as stated)',
    source:
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html ($1.00 per million, first 300 million)',
  },
} satisfies Record<string, Price>;

/**
 * What one practice pays each month whatever its traffic. Quantities are counted from the synthesized
 * templates by the benchmark; these are the unit prices. Looked up on 2026-12-01 through stored copies
 * of the pages named (the machine has no internet); figures marked NOT VERIFIED are planning figures.
 */
export const FIXED_MONTHLY_PRICES = {
  wafWebAcl: {
    usd: 5,
    per: 'web ACL per month',
    region: 'all regions (the same everywhere; CloudFront ACLs live in us-east-1)',
    source:
      'https://aws.amazon.com/waf/pricing/; stored copies: https://c3x.dev/blog/aws-waf-cost-explained/ and https://awsnegotiations.com/waf-pricing-strategy.html ($5 per ACL, $1 per rule, $0.60 per million requests); https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/ (the same in every region)',
  },
  wafRule: {
    usd: 1,
    per: 'rule or managed rule group in a web ACL, per month',
    region: 'all regions',
    source: 'as the web ACL',
  },
  wafBotControl: {
    usd: 10,
    per: 'Bot Control (common) subscription per web ACL per month, on top of its rule',
    region: 'all regions',
    source:
      'https://c3x.dev/blog/aws-waf-cost-explained/ ("Bot Control adds $10/month plus per-request fees"); https://aws.amazon.com/waf/pricing/',
  },
  kmsKey: {
    usd: 1,
    per: 'customer managed KMS key per month',
    region: 'all regions',
    source:
      'https://aws.amazon.com/kms/pricing/ (NOT VERIFIED here: $1 per key per month, as published for years)',
  },
  cloudWatchAlarm: {
    usd: 0.1,
    per: 'standard-resolution alarm (one metric) per month',
    region: 'us-east-1 (London may differ slightly)',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (NOT VERIFIED here: $0.10 per alarm metric per month)',
  },
  cloudWatchCustomMetric: {
    usd: 0.3,
    per: 'custom metric per month (first 10,000)',
    region: 'us-east-1 (London may differ slightly)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/ (NOT VERIFIED here: $0.30 per metric per month)',
  },
  secretsManagerSecret: {
    usd: 0.4,
    per: 'secret per month',
    region: 'all regions',
    source: 'https://aws.amazon.com/secrets-manager/pricing/ (NOT VERIFIED here: $0.40 per secret per month)',
  },
  smsLongCodeUk: {
    usd: 1,
    per: 'UK long code (two-way phone number) per month',
    region: 'eu-west-2, GB number',
    source:
      'NOT VERIFIED (no stored copy of the origination-identity price table, 2026-12-01): a planning figure. Check https://aws.amazon.com/end-user-messaging/pricing/ (phone numbers, United Kingdom, long code)',
  },
} satisfies Record<string, Price>;
