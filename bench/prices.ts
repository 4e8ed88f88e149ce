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
  httpApiRequest: {
    usd: 1 / 1_000_000,
    per: 'HTTP API request',
    region: 'us-east-1 (London not found; used as stated)',
    source:
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html ($1.00 per million, first 300 million)',
  },
} satisfies Record<string, Price>;
