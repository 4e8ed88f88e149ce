import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sendInvites } from '../../shared/domain/matching.js';
import { respondToInvite } from '../../shared/domain/respond.js';
import { hashToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../support/memory-store.js';
import { deliverPending } from '../support/outbox.js';

/** Promise 6: forged and mutated tokens never accept anything; a token acts only on its own request. */
const settings = testSettings({ waveSize: 3 });
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

async function invitedRequest(ports: TestPorts, id: string): Promise<string[]> {
  ports.store.seedRequest(
    aRequest({ id, reference: `GCK-${id.slice(-5).toUpperCase()}`, status: 'matching', wave: 1 }),
  );
  const volunteers = ['a', 'b', 'c'].map((v) =>
    aVolunteer({ id: `${id}-vol-${v}`, email: `${id}-${v}@example.org` }),
  );
  await ports.store.putVolunteers(volunteers);
  await sendInvites({ requestId: id, wave: 1, volunteerIds: volunteers.map((v) => v.id) }, settings, ports);
  await deliverPending(ports);
  return ports.mailer.sent
    .filter((m) => volunteers.some((v) => v.email === m.to))
    .map((m) => /\/respond\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1] ?? '');
}

describe('invite tokens', () => {
  it('never accepts anything with 10,000 forged or mutated tokens', async () => {
    const ports = testPorts();
    const realTokens = await invitedRequest(ports, 'req-forged');
    const mutated = fc
      .tuple(fc.constantFrom(...realTokens), fc.nat(42), fc.constantFrom(...BASE64URL))
      .map(([token, at, char]) => token.slice(0, at) + char + token.slice(at + 1))
      .filter((token) => !realTokens.includes(token));
    const forged = fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: 43, maxLength: 43 });
    const malformed = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(...realTokens).map((t) => t.slice(0, 42)),
      fc.constantFrom(...realTokens).map((t) => `${t}A`),
      fc.constantFrom(...realTokens).map((t) => hashToken(t)),
    );
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, forged, malformed), async (token) => {
        tried++;
        const view = await respondToInvite(token, 'accept', settings, ports);
        expect(['invalid', 'expired']).toContain(view.kind);
      }),
      { numRuns: 10_000 },
    );
    expect(tried).toBe(10_000);
    expect((await ports.store.getRequest('req-forged'))?.status).toBe('matching');
    expect((await ports.store.listInvites('req-forged')).every((i) => i.status === 'sent')).toBe(true);
    // The real tokens still work, so the refusals above are not a broken lookup.
    expect((await respondToInvite(String(realTokens[0]), 'accept', settings, ports)).kind).toBe('accepted');
  }, 60_000);

  it('acts only on the request the token was issued for', async () => {
    const ports = testPorts();
    const [tokenForA] = await invitedRequest(ports, 'req-a');
    await invitedRequest(ports, 'req-b');
    const view = await respondToInvite(String(tokenForA), 'accept', settings, ports);
    expect(view.kind).toBe('accepted');
    expect((await ports.store.getRequest('req-a'))?.status).toBe('assigned');
    expect((await ports.store.getRequest('req-b'))?.status).toBe('matching');
    expect((await ports.store.listInvites('req-b')).every((i) => i.status === 'sent')).toBe(true);
  });

  it('stores only the SHA-256 hash of each token, never the token', async () => {
    const ports = testPorts();
    const tokens = await invitedRequest(ports, 'req-hash');
    const everything = ports.store.dump();
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(everything).not.toContain(token);
      expect(everything).toContain(hashToken(token));
    }
  });
});
