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
