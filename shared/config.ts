import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { HELP_TYPES } from './vocabulary/help-types.js';
import { isVolunteerArea } from './schema/fields.js';

// zod/mini carries no message text by default; English messages make a bad cdk.json readable.
// English only: `z.locales.en()` would bundle every locale (about 230 KB) into each function.
z.config(en());

/**
 * The scheme's settings: one typed place. CDK reads them from cdk.json context (through this schema)
 * and hands them to each function as environment variables; the sandbox builds them from its own env.
 */
export const SchemeSettingsSchema = z.object({
  schemeName: z._default(z.string().check(z.minLength(1)), 'Community Kindness'),
  /** Shown to people outside the service area and on every page: the way to reach a person. */
  schemePhone: z.string().check(z.minLength(5)),
  senderEmail: z.string().check(z.regex(/@/)),
  prescriberEmail: z.string().check(z.regex(/@/)),
  /** Postcode districts and sectors the scheme serves, e.g. ["SP8", "SP7 9", "BA12 6"]. */
  serviceAreas: z
    .array(
      z
        .string()
        .check(
          z.refine(isVolunteerArea, { message: 'Expected a postcode district or sector, like SP8 or SP8 4' }),
        ),
    )
    .check(z.minLength(1)),
  waveSize: z._default(z.number().check(z.int(), z.gte(1), z.lte(20)), 3),
  maxWaves: z._default(z.number().check(z.int(), z.gte(1), z.lte(10)), 2),
  responseWindowSeconds: z._default(z.number().check(z.int(), z.gte(60)), 7200),
  urgentResponseWindowSeconds: z._default(z.number().check(z.int(), z.gte(60)), 1800),
  dbsRequiredHelpTypes: z._default(z.array(z.enum(HELP_TYPES)), ['friendly-chat', 'lift', 'practical-help']),
  retentionDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(3650)), 90),
  /**
   * Days an application to join is kept after the team last acted on it (applied, checks recorded, or
   * declined): then TTL deletes it, so nobody's details wait for ever in a queue no one looks at.
   */
  applicationRetentionDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 60),
  /**
   * Days a volunteer's "your details" link works. Each message to them carries a fresh one and the one
   * before stops working, so it only has to outlast a quiet spell between messages.
   */
  profileLinkDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 30),
  /** Public form posts allowed from one address in any five minutes (the WAF rule; the sandbox mirrors it). */
  submitRateLimitPer5Minutes: z._default(z.number().check(z.int(), z.gte(10), z.lte(20_000_000)), 100),
  /** Invites within this many days count against a volunteer for fair rotation. */
  fairnessWindowDays: z._default(z.number().check(z.int(), z.gte(1)), 30),
  /** A second request for the same person and help within this many days is held as a possible duplicate. */
  duplicateWindowDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(90)), 7),
  /** How long a DBS check counts, in months from its date (schemes renew every 3 years). */
  dbsValidForMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 36),
  /** The hour (0–23, London time) the daily digest goes to the prescriber. */
  digestHour: z._default(z.number().check(z.int(), z.gte(0), z.lte(23)), 7),
  /**
   * Recurring help: after this many occurrences a series stops and the prescriber is asked to review it
   * (a new request starts it again), so no help runs on for months unseen.
   */
  seriesMaxOccurrences: z._default(z.number().check(z.int(), z.gte(2), z.lte(104)), 12),
  /** Text messages (AWS End User Messaging SMS). */
  sms: z._default(
    z.object({
      /** The UK long code that sends and takes replies (two-way needs one): E.164, or the number's ARN. */
      originationIdentity: z.optional(
        z.string().check(z.regex(/^(?:\+447\d{9}|arn:aws:sms-voice:[a-z0-9-]+:\d{12}:phone-number\/\S+)$/)),
      ),
      /** An alphanumeric sender ID (one-way only), used when there is no long code. */
      senderId: z.optional(z.string().check(z.regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$/))),
      /** The account's monthly SMS spend limit in US dollars (new accounts start at 1). */
      monthlySpendLimitUsd: z._default(z.number().check(z.gte(0)), 1),
    }),
    { monthlySpendLimitUsd: 1 },
  ),
  /**
   * Confirmation emails one address may receive in a London day. The public form emails whatever address
   * is typed into it: without a cap it could be used to flood someone, and their complaints would put
   * the scheme's SES account at risk. Requests above the cap are still stored and matched.
   */
  confirmationsPerRecipientPerDay: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 3),
});

export type SchemeSettings = z.output<typeof SchemeSettingsSchema>;

/** The default home of the data: a UK region, because the scheme holds UK patients' details. */
export const DEFAULT_DATA_REGION = 'eu-west-2';

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Where and how the service is deployed: the `deployment` object in cdk.json, beside
 * `communityKindness`. Only the CDK app reads it; functions never see it.
 */
export const DeploymentSettingsSchema = z
  .object({
    /**
     * The region of the stack that holds the data. Always taken from here, never from the AWS CLI's
     * region (the CDK CLI sets CDK_DEFAULT_REGION to us-east-1 when nothing is configured).
     */
    region: z._default(
      z
        .string()
        .check(
          z.regex(
            /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/,
            `must be an AWS region name such as "${DEFAULT_DATA_REGION}": set "deployment": { "region": "${DEFAULT_DATA_REGION}" } in cdk.json`,
          ),
        ),
      DEFAULT_DATA_REGION,
    ),
    /** The public site's own domain (a CloudFront alias), e.g. help.example.org. */
    domainName: z.optional(
      z.string().check(z.regex(HOST_NAME, 'must be a domain name such as help.example.org')),
    ),
    /** The ACM certificate for domainName; CloudFront only takes certificates from us-east-1. */
    certificateArn: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
            'must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from there)',
          ),
        ),
    ),
    /** The SES domain identity (Easy DKIM, custom MAIL FROM); senderEmail must be an address in it. */
    emailDomain: z.optional(
      z.string().check(z.regex(HOST_NAME, 'must be a domain name such as example.org')),
    ),
    /** The custom MAIL FROM is <mailFromSubdomain>.<emailDomain>, so SPF aligns with the sender's domain. */
    mailFromSubdomain: z._default(
      z
        .string()
        .check(z.regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be one DNS label such as "mail"')),
      'mail',
    ),
    /** Who gets the operational alarms; the prescriber when unset. */
    alarmEmail: z.optional(z.string().check(z.regex(/@/, 'must be an email address'))),
  })
  .check(
    z.refine((d) => d.domainName === undefined || d.certificateArn !== undefined, {
      message: 'is required when domainName is set: an ACM certificate for that name, in us-east-1',
      path: ['certificateArn'],
    }),
  );

export type DeploymentSettings = z.output<typeof DeploymentSettingsSchema>;

/** Reads cdk.json's `deployment` object; a missing object means every default (eu-west-2, no domain). */
export function parseDeploymentSettings(raw: unknown): DeploymentSettings {
  const result = DeploymentSettingsSchema.safeParse(raw ?? {});
  if (!result.success)
    throw new Error(
      `Invalid deployment settings ("deployment" in cdk.json):\n${z.prettifyError(result.error)}`,
    );
  return result.data;
}

/**
 * The SES domain identity to create, if any: emailDomain, or the sender's domain once the site has
 * its own domain. Undefined means the single-address identity (no DKIM alignment). The sender must
 * be an address in that domain, or SES would refuse to send as it.
 */
export function emailDomainFor(
  deployment: Pick<DeploymentSettings, 'emailDomain' | 'domainName'>,
  settings: Pick<SchemeSettings, 'senderEmail'>,
): string | undefined {
  const senderDomain = settings.senderEmail.split('@').pop()?.toLowerCase() ?? '';
  const emailDomain =
    deployment.emailDomain?.toLowerCase() ?? (deployment.domainName ? senderDomain : undefined);
  if (emailDomain && senderDomain !== emailDomain && !senderDomain.endsWith(`.${emailDomain}`)) {
    throw new Error(
      `Invalid deployment settings: senderEmail (${settings.senderEmail}) is not an address in deployment.emailDomain (${emailDomain}); set one to match the other in cdk.json`,
    );
  }
  return emailDomain;
}

export interface RuntimeConfig extends SchemeSettings {
  tableName: string;
  /** Base of every link in an email, e.g. https://help.example.org (no trailing slash). */
  publicBaseUrl: string;
  stateMachineArn?: string;
  /** Local endpoints (sandbox and integration tests); unset in AWS. */
  dynamoDbEndpoint?: string;
  sesEndpoint?: string;
  sfnEndpoint?: string;
  /** The sandbox's local SMS endpoint; unset in AWS. */
  smsEndpoint?: string;
  /**
   * The secret of the keyed hashes in lookup keys (VOLEMAIL#, VOLPHONE#). Set directly in the sandbox
   * and tests; in AWS unset, and read once per container from the Secrets Manager secret named by
   * `lookupHashSecretId` (see shared/util/lookup-secret.ts).
   */
  lookupHashSecret?: string;
  lookupHashSecretId?: string;
  region: string;
  /**
   * The origin-verify secret CloudFront sends: in AWS the ARN of the Secrets Manager secret (always set
   * by the stack); locally an optional fixed value. Neither set turns the check off, outside Lambda only.
   */
  originVerifySecretArn?: string;
  originVerifySecret?: string;
  /** True inside AWS Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME): safety checks never switch off there. */
  runsInLambda?: boolean;
}

const ENV_PREFIX = 'CK_SETTINGS';

/** Serialises settings for a Lambda environment: one JSON variable keeps names and types in one place. */
export function settingsToEnvironment(settings: SchemeSettings): Record<string, string> {
  return { [ENV_PREFIX]: JSON.stringify(settings) };
}

export function parseSettings(raw: unknown): SchemeSettings {
  const result = SchemeSettingsSchema.safeParse(raw);
  if (!result.success)
    throw new Error(`Invalid Community Kindness settings:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const settingsJson = env[ENV_PREFIX];
  if (!settingsJson) throw new Error(`${ENV_PREFIX} is not set`);
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const publicBaseUrl = env.PUBLIC_BASE_URL;
  if (!publicBaseUrl) throw new Error('PUBLIC_BASE_URL is not set');
  return {
    ...parseSettings(JSON.parse(settingsJson)),
    tableName,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    stateMachineArn: env.STATE_MACHINE_ARN || undefined,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    sesEndpoint: env.SES_ENDPOINT || undefined,
    sfnEndpoint: env.SFN_ENDPOINT || undefined,
    smsEndpoint: env.SMS_ENDPOINT || undefined,
    lookupHashSecret: env.LOOKUP_HASH_SECRET || undefined,
    lookupHashSecretId: env.LOOKUP_HASH_SECRET_ID || undefined,
    region: env.AWS_REGION ?? 'eu-west-2',
    originVerifySecretArn: env.ORIGIN_VERIFY_SECRET_ARN || undefined,
    originVerifySecret: env.ORIGIN_VERIFY_SECRET || undefined,
    runsInLambda: Boolean(env.AWS_LAMBDA_FUNCTION_NAME),
  };
}

let cached: RuntimeConfig | undefined;

/** Read once per container: configuration does not change under a running function. */
export function runtimeConfig(): RuntimeConfig {
  cached ??= loadRuntimeConfig();
  return cached;
}

export function resetRuntimeConfigForTests(): void {
  cached = undefined;
}
