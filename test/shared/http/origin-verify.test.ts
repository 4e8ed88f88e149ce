import { describe, expect, it } from 'vitest';
import {
  fixedOriginVerifier,
  originVerifierFor,
  refuseAllOriginVerifier,
  stagedSecretOriginVerifier,
} from '../../../shared/http/origin-verify.js';
import type { SecretStage } from '../../../shared/util/secrets.js';

/** Secrets Manager's stages as a rotation moves them, with a count of reads. */
function fakeSecret(initial: Partial<Record<SecretStage, string>>) {
  const state = { stages: { ...initial }, reads: 0 };
  const readStage = async (stage: SecretStage) => {
    state.reads += 1;
    return state.stages[stage];
  };
  return { state, readStage };
}

function fakeTime(start = 1_000_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe('the origin-verify check', () => {
  it('accepts the configured value only, exactly', async () => {
    const verifier = fixedOriginVerifier('right-value');
    expect(await verifier.accepts('right-value')).toBe(true);
    for (const wrong of [undefined, '', 'right-valu', 'right-value ', 'RIGHT-VALUE', 'wrong'])
      expect(await verifier.accepts(wrong)).toBe(false);
  });

  it('accepts the current, previous and pending values of the secret, so a rotation refuses nobody', async () => {
    const { readStage } = fakeSecret({ AWSCURRENT: 'new', AWSPREVIOUS: 'old', AWSPENDING: 'next' });
    const verifier = stagedSecretOriginVerifier(readStage);
    expect(await verifier.accepts('new')).toBe(true);
    expect(await verifier.accepts('old')).toBe(true);
    expect(await verifier.accepts('next')).toBe(true);
    expect(await verifier.accepts('older')).toBe(false);
    expect(await verifier.accepts(undefined)).toBe(false);
  });

  it('works with a secret that was never rotated (no previous or pending stage)', async () => {
    const { readStage } = fakeSecret({ AWSCURRENT: 'only' });
    const verifier = stagedSecretOriginVerifier(readStage);
    expect(await verifier.accepts('only')).toBe(true);
    expect(await verifier.accepts('')).toBe(false);
  });

  it('caches the values: matching requests cost no further reads', async () => {
    const { state, readStage } = fakeSecret({ AWSCURRENT: 'value' });
    const verifier = stagedSecretOriginVerifier(readStage, fakeTime().now);
    for (let i = 0; i < 10; i++) await verifier.accepts('value');
    expect(state.reads).toBe(3);
  });

  it('looks again on a mismatch at most every 30 seconds, so wrong headers cannot drive reads', async () => {
    const { state, readStage } = fakeSecret({ AWSCURRENT: 'value' });
    const { time, now } = fakeTime();
    const verifier = stagedSecretOriginVerifier(readStage, now);
    await verifier.accepts('value');
    const afterFirstLoad = state.reads;

    for (let i = 0; i < 20; i++) expect(await verifier.accepts('guess')).toBe(false);
    expect(state.reads).toBe(afterFirstLoad);

    time.now += 30_000;
    expect(await verifier.accepts('guess')).toBe(false);
    expect(state.reads).toBe(afterFirstLoad + 3);
  });

  it('picks up a rotation at once when CloudFront starts sending the new value', async () => {
    const { state, readStage } = fakeSecret({ AWSCURRENT: 'old' });
    const { time, now } = fakeTime();
    const verifier = stagedSecretOriginVerifier(readStage, now);
    expect(await verifier.accepts('old')).toBe(true);

    // The rotation: a new current value, the old one kept as previous.
    state.stages = { AWSCURRENT: 'new', AWSPREVIOUS: 'old' };
    time.now += 60_000;

    expect(await verifier.accepts('new')).toBe(true);
    expect(await verifier.accepts('old')).toBe(true);
  });

  it('refreshes after five minutes even when every request matched', async () => {
    const { state, readStage } = fakeSecret({ AWSCURRENT: 'old' });
    const { time, now } = fakeTime();
    const verifier = stagedSecretOriginVerifier(readStage, now);
    await verifier.accepts('old');
    state.stages = { AWSCURRENT: 'newer', AWSPREVIOUS: 'new' };
    time.now += 5 * 60_000;
    expect(await verifier.accepts('old')).toBe(false);
  });

  it('fails (throws) when the secret cannot be read, rather than letting requests through', async () => {
    const verifier = stagedSecretOriginVerifier(async () => {
      throw new Error('extension unavailable');
    });
    await expect(verifier.accepts('anything')).rejects.toThrow('extension unavailable');
  });
});

describe('which check a function runs', () => {
  it('reads Secrets Manager when the stack gave the secret ARN', async () => {
    const verifier = originVerifierFor({
      originVerifySecretArn: 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:x',
      runsInLambda: true,
    });
    expect(verifier).toBeDefined();
    expect(verifier).not.toBe(refuseAllOriginVerifier);
  });

  it('uses a fixed value when one is configured locally', async () => {
    const verifier = originVerifierFor({ originVerifySecret: 'local-value' });
    expect(await verifier?.accepts('local-value')).toBe(true);
    expect(await verifier?.accepts('other')).toBe(false);
  });

  it('refuses everything in Lambda when nothing is configured: never silently open in AWS', async () => {
    const verifier = originVerifierFor({ runsInLambda: true });
    expect(verifier).toBe(refuseAllOriginVerifier);
    expect(await verifier?.accepts('anything')).toBe(false);
  });

  it('is off only outside Lambda with nothing configured (sandbox, tests)', () => {
    expect(originVerifierFor({ runsInLambda: false })).toBeUndefined();
    expect(originVerifierFor({})).toBeUndefined();
  });
});
