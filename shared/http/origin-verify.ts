import { createHash, timingSafeEqual } from 'node:crypto';
import type { RuntimeConfig } from '../config.js';
import { readSecretStage, type SecretStage } from '../util/secrets.js';

/** The header CloudFront adds to every request it forwards to the API (an origin custom header). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Only through the front door. The HTTP API's execute-api endpoint is public and an HTTP API cannot
 * carry a WAF, so without this anyone could call it directly and skip the WAF's rate limits and
 * reputation lists. CloudFront adds a secret header; a request without the right value is refused
 * before anything is read, stored or sent.
 *
 * Rotation: the secret lives in Secrets Manager. Every version a request may legitimately carry is
 * accepted: AWSCURRENT, AWSPREVIOUS (CloudFront edges still sending the old value while a changed
 * distribution propagates) and AWSPENDING (a rotation that sets the new value on CloudFront before
 * marking it current). Values are cached for a few minutes; a request that matches none of them makes
 * the function look again, at most every REFRESH_ON_MISS_MS, so a rotation is picked up within seconds
 * while a flood of wrong headers costs at most one Secrets Manager read per interval per container.
 */
export interface OriginVerifier {
  /** True when the presented header value is one of the accepted secrets. */
  accepts(presented: string | undefined): Promise<boolean>;
}

export type ReadStage = (stage: SecretStage) => Promise<string | undefined>;

const CACHE_MS = 5 * 60_000;
const REFRESH_ON_MISS_MS = 30_000;
const STAGES: readonly SecretStage[] = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];

/** Constant-time equality on digests: neither length nor content leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function matchesAny(presented: string | undefined, accepted: readonly string[]): boolean {
  if (!presented) return false;
  // Every candidate is compared, so the time taken does not tell which stage matched.
  return accepted.map((value) => sameSecret(presented, value)).includes(true);
}

/** Accepts exactly these values (tests, or a sandbox run that wants the check on). */
export function fixedOriginVerifier(...accepted: string[]): OriginVerifier {
  return { accepts: async (presented) => matchesAny(presented, accepted) };
}

/** Refuses everything: the function runs in AWS but was deployed without the secret. Fails closed. */
export const refuseAllOriginVerifier: OriginVerifier = { accepts: async () => false };

/** Reads the accepted values from Secrets Manager's stages, cached, refreshed on a miss (rate-limited). */
export function stagedSecretOriginVerifier(
  readStage: ReadStage,
  now: () => number = Date.now,
): OriginVerifier {
  let accepted: string[] | undefined;
  let fetchedAt = 0;
  let loading: Promise<string[]> | undefined;

  const load = (): Promise<string[]> => {
    loading ??= Promise.all(STAGES.map((stage) => readStage(stage)))
      .then((values) => {
        accepted = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
        fetchedAt = now();
        return accepted;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  return {
    async accepts(presented) {
      const current = accepted && now() - fetchedAt < CACHE_MS ? accepted : await load();
      if (matchesAny(presented, current)) return true;
      if (!presented || now() - fetchedAt < REFRESH_ON_MISS_MS) return false;
      return matchesAny(presented, await load());
    },
  };
}

/**
 * The verifier for this function's configuration. Undefined (no check) only outside Lambda with no
 * secret configured: the sandbox and tests. In Lambda the stack always sets the secret's ARN; if it is
 * missing anyway, every request is refused rather than the front door silently left open.
 */
export function originVerifierFor(
  config: Pick<RuntimeConfig, 'originVerifySecretArn' | 'originVerifySecret' | 'runsInLambda'>,
): OriginVerifier | undefined {
  const secretArn = config.originVerifySecretArn;
  if (secretArn) return stagedSecretOriginVerifier((stage) => readSecretStage(secretArn, stage));
  if (config.originVerifySecret) return fixedOriginVerifier(config.originVerifySecret);
  if (config.runsInLambda) return refuseAllOriginVerifier;
  return undefined;
}
