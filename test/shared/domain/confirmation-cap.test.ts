import { beforeEach, describe, expect, it } from 'vitest';
import { confirmationAllowed, confirmationRecipientKey } from '../../../shared/domain/confirmation-cap.js';
import { toRequester } from '../../../shared/domain/messages.js';
import { aRequest, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

// The fake clock starts on Tuesday 10 March 2026, 10:00 UTC (GMT, so London's date is the same).
const settings = testSettings({ confirmationsPerRecipientPerDay: 3 });
let ports: TestPorts;

beforeEach(() => {
  ports = testPorts();
});

let claims = 0;
/** A confirmation from a message of its own each time, as each new request writes one. */
const requestTo = (address: string, claimant = `msg-${++claims}`) => ({
  requestId: 'req-1',
  address,
  claimant,
});

describe('the per-recipient daily cap on confirmation emails', () => {
  it('allows the configured number to one address in a London day, then refuses', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await confirmationAllowed(requestTo('mary@example.com'), settings, ports));
    expect(answers).toEqual([true, true, true, false, false]);
    expect(ports.log.at('info').map((e) => e.message)).toContain(
      'requester confirmation not sent: daily cap reached',
    );
  });

  it('treats capitals and surrounding spaces as the same address', async () => {
    for (const email of ['mary@example.com', 'MARY@example.com', ' Mary@Example.COM ']) {
      expect(await confirmationAllowed(requestTo(email), settings, ports)).toBe(true);
    }
    expect(await confirmationAllowed(requestTo('mary@EXAMPLE.com'), settings, ports)).toBe(false);
  });

  it('counts each address separately', async () => {
    for (let i = 0; i < 3; i++) await confirmationAllowed(requestTo('mary@example.com'), settings, ports);
    expect(await confirmationAllowed(requestTo('john@example.com'), settings, ports)).toBe(true);
  });

  it('starts again on the next London day, not at midnight UTC', async () => {
    // 23:30 UTC on 30 May is 00:30 on 31 May in London (BST): the day's first three.
    ports.clock.set('2026-05-30T23:30:00.000Z');
    for (let i = 0; i < 3; i++) await confirmationAllowed(requestTo('mary@example.com'), settings, ports);
    // 22:30 UTC on 31 May is still 31 May in London, though UTC's date has changed since.
    ports.clock.set('2026-05-31T22:30:00.000Z');
    expect(await confirmationAllowed(requestTo('mary@example.com'), settings, ports)).toBe(false);
    // 23:30 UTC on 31 May is 1 June in London: a new day.
    ports.clock.set('2026-05-31T23:30:00.000Z');
    expect(await confirmationAllowed(requestTo('mary@example.com'), settings, ports)).toBe(true);
  });

  it('follows the setting', async () => {
    const one = testSettings({ confirmationsPerRecipientPerDay: 1 });
    expect(await confirmationAllowed(requestTo('mary@example.com'), one, ports)).toBe(true);
    expect(await confirmationAllowed(requestTo('mary@example.com'), one, ports)).toBe(false);
  });

  it('keys the counter by a keyed hash: neither the address nor its plain hash is stored', async () => {
    await confirmationAllowed(requestTo('mary@example.com'), settings, ports);
    const [key] = [...ports.store.confirmationClaimants.keys()];
    expect(key).toBe(`${confirmationRecipientKey('mary@example.com', 'test-lookup-hash-secret')}|2026-03-10`);
    expect(key).not.toContain('mary');
    // A different secret gives a different key: the key cannot be recomputed from the address alone.
    expect(confirmationRecipientKey('mary@example.com', 'another-lookup-hash-secret')).not.toBe(
      confirmationRecipientKey('mary@example.com', 'test-lookup-hash-secret'),
    );
  });

  it('refuses to run without the keyed-hash secret rather than keying by the address', async () => {
    const noSecret = testSettings({ lookupHashSecret: undefined });
    await expect(confirmationAllowed(requestTo('mary@example.com'), noSecret, ports)).rejects.toThrow(
      'LOOKUP_HASH_SECRET or LOOKUP_HASH_SECRET_ID must be set',
    );
    expect(ports.store.calls).toEqual([]);
  });

  it('counts a message asking again (a retried send) once', async () => {
    for (let i = 0; i < 3; i++)
      expect(await confirmationAllowed(requestTo('mary@example.com', 'msg-same'), settings, ports)).toBe(
        true,
      );
    expect(await confirmationAllowed(requestTo('mary@example.com'), settings, ports)).toBe(true);
    expect(await confirmationAllowed(requestTo('mary@example.com'), settings, ports)).toBe(true);
    expect(await confirmationAllowed(requestTo('mary@example.com'), settings, ports)).toBe(false);
    // The first message, asking once more after the cap is reached, still has its slot.
    expect(await confirmationAllowed(requestTo('mary@example.com', 'msg-same'), settings, ports)).toBe(true);
  });

  it('caps texts to one number however it is written', async () => {
    for (const phone of ['07700 900123', '+447700900123', '07700900123'])
      expect(await confirmationAllowed(requestTo(phone), settings, ports)).toBe(true);
    expect(await confirmationAllowed(requestTo('+44 7700 900123'), settings, ports)).toBe(false);
    expect(await confirmationAllowed(requestTo('07700 900124'), settings, ports)).toBe(true);
  });
});

describe('confirmations from the outbox under the cap', () => {
  it('stores and matches a fourth request from one address in a day but sends it no confirmation', async () => {
    const ids = ['req-1', 'req-2', 'req-3', 'req-4'];
    for (const id of ids) {
      await ports.store.createRequest(
        aRequest({ id, reference: `GCK-0000${id.slice(-1)}`, status: 'received', wave: 0 }),
        { requestId: id, at: '2026-03-10T09:00:00.000Z', type: 'received', actor: 'system' },
        { messages: [{ kind: 'requester-confirmation', to: toRequester(id), requestId: id }] },
      );
    }

    // Delivered twice over, as a stream retry would: the retries neither send again nor use up slots.
    const drained = await deliverPending(ports, { settings });
    await deliverPending(ports, { settings });

    expect(drained.results.map((r) => r.result)).toEqual(['sent', 'sent', 'sent', 'skipped']);
    expect(ports.mailer.to('mary@example.com').map((m) => m.subject)).toHaveLength(3);
    expect(await ports.store.getRequest('req-4')).toMatchObject({ id: 'req-4', status: 'received' });
  });
});
