import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { HELP_TYPES } from './domain/help-types.js';

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
  /** Postcode districts the scheme serves, e.g. ["GL50", "GL51"]. */
  serviceAreaDistricts: z
    .array(z.string().check(z.regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/)))
    .check(z.minLength(1)),
  waveSize: z._default(z.number().check(z.int(), z.gte(1), z.lte(20)), 3),
  maxWaves: z._default(z.number().check(z.int(), z.gte(1), z.lte(10)), 2),
  responseWindowSeconds: z._default(z.number().check(z.int(), z.gte(60)), 7200),
  urgentResponseWindowSeconds: z._default(z.number().check(z.int(), z.gte(60)), 1800),
  dbsRequiredHelpTypes: z._default(z.array(z.enum(HELP_TYPES)), ['friendly-chat', 'lift', 'practical-help']),
  retentionDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(3650)), 90),
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
  /** Text messages (AWS End User Messaging SMS). Without an origination identity no texts are sent. */
  sms: z.optional(
    z.object({
      /** A UK long code for two-way texts: the number in E.164 form, or its ARN. */
      originationIdentity: z.optional(z.string().check(z.minLength(1))),
      /** An alphanumeric sender ID, where the destination country allows one (one-way only). */
      senderId: z.optional(z.string().check(z.minLength(1))),
      /** What the scheme expects to spend on texts in a month; the account's own limit must be at least this. */
      monthlySpendLimitUsd: z._default(z.number().check(z.gte(0)), 1),
    }),
  ),
});

export type SchemeSettings = z.output<typeof SchemeSettingsSchema>;

export interface RuntimeConfig extends SchemeSettings {
  tableName: string;
  /** Base of every link in an email, e.g. https://help.example.org (no trailing slash). */
  publicBaseUrl: string;
  stateMachineArn?: string;
  /** Local endpoints (sandbox and integration tests); unset in AWS. */
  dynamoDbEndpoint?: string;
  sesEndpoint?: string;
  sfnEndpoint?: string;
  region: string;
}

const ENV_PREFIX = 'CK_SETTINGS';

const DOMAIN_NAME = /^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/i;

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

/**
 * Where and how the service is deployed, from cdk.json's `deployment` context object. The region is
 * always explicit (default eu-west-2): the CDK CLI sets CDK_DEFAULT_REGION to us-east-1 when nothing
 * is configured, so falling back on it would put personal data in the US.
 */
export const DeploymentSettingsSchema = z
  .object({
    region: z._default(
      z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-2')),
      'eu-west-2',
    ),
    /** The public site's custom domain (a CloudFront alias), e.g. help.example.org. */
    domainName: z.optional(
      z.string().check(z.regex(DOMAIN_NAME, 'must be a domain name such as help.example.org')),
    ),
    /** The ACM certificate for domainName. CloudFront only uses certificates from us-east-1. */
    certificateArn: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
            'must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from there)',
          ),
        ),
    ),
    /** The SES domain identity (Easy DKIM). Default: the domain of senderEmail when domainName is set. */
    emailDomain: z.optional(
      z.string().check(z.regex(DOMAIN_NAME, 'must be a domain name such as example.org')),
    ),
    /** The custom MAIL FROM domain is <mailFromSubdomain>.<emailDomain>. */
    mailFromSubdomain: z._default(z.string().check(z.regex(/^[a-z0-9-]+$/i)), 'mail'),
    /** Who the alarm topic emails. Default: prescriberEmail. */
    alarmEmail: z.optional(z.string().check(z.regex(/@/))),
  })
  .check(
    z.refine((settings) => !settings.domainName || settings.certificateArn !== undefined, {
      message: 'certificateArn is required when domainName is set',
      path: ['certificateArn'],
    }),
  );

export type DeploymentSettings = z.output<typeof DeploymentSettingsSchema>;

export function parseDeploymentSettings(raw: unknown): DeploymentSettings {
  const result = DeploymentSettingsSchema.safeParse(raw ?? {});
  if (!result.success)
    throw new Error(`Invalid Community Kindness deployment settings:\n${z.prettifyError(result.error)}`);
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
    region: env.AWS_REGION ?? 'eu-west-2',
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
