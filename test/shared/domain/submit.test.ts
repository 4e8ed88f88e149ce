import { beforeEach, describe, expect, it } from 'vitest';
import { submitHelpRequest, type SubmitContext } from '../../../shared/domain/submit.js';
import { aValidPayload, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const fromForm: SubmitContext = { enteredBy: 'public-form' };

let ports: TestPorts;

beforeEach(() => {
  ports = testPorts();
});

function submit(payload: Record<string, unknown> = aValidPayload(), context: SubmitContext = fromForm) {
  return submitHelpRequest(payload, context, settings, ports);
}

describe('submitting a help request', () => {
  it('stores a valid request as received and returns its reference', async () => {
    const outcome = await submit();

    expect(outcome).toEqual({ kind: 'created', requestId: 'req-0001', reference: 'GCK-00001' });
    const stored = ports.store.requests.get('req-0001');
    expect(stored).toMatchObject({
      id: 'req-0001',
      reference: 'GCK-00001',
      status: 'received',
      helpType: 'shopping',
      neededBy: '2026-03-14',
      details: 'Milk and bread',
      enteredBy: 'public-form',
      wave: 0,
      createdAt: '2026-03-10T10:00:00.000Z',
      requester: {
        name: 'Mary Testperson',
        phone: '07700900982',
        email: 'mary@example.com',
        addressLine1: '12 Acacia Avenue',
        postcode: 'GL50 1AB',
      },
    });
    expect(stored?.requester.askedBy).toBeUndefined();
    expect(ports.store.references.get('GCK-00001')).toBe('req-0001');
  });

  it('records the postcode sector as the only location volunteers see', async () => {
    await submit(aValidPayload({ postcode: 'gl52 3xy' }));
    const stored = ports.store.requests.get('req-0001');
    expect(stored?.area).toBe('GL52 3');
    expect(stored?.requester.postcode).toBe('GL52 3XY');
  });

  it('writes a "received" audit entry with ids and enumerations only', async () => {
    await submit();
    expect(ports.store.audit).toEqual([
      {
        requestId: 'req-0001',
        at: '2026-03-10T10:00:00.000Z',
        type: 'received',
        actor: 'public-form',
        data: { helpType: 'shopping', area: 'GL50 1', urgent: false },
      },
    ]);
  });

  it.each([
    ['today', '2026-03-10', true],
    ['tomorrow', '2026-03-11', true],
    ['the day after tomorrow', '2026-03-12', false],
  ])('marks a request needed %s as urgent: %s', async (_label, neededBy, urgent) => {
    await submit(aValidPayload({ neededBy }));
    expect(ports.store.requests.get('req-0001')?.urgent).toBe(urgent);
  });

  it('judges "tomorrow" by the London date, not UTC', async () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): "tomorrow" is 2 July.
    ports.clock.set('2026-06-30T23:30:00.000Z');
    await submit(aValidPayload({ neededBy: '2026-07-02' }));
    expect(ports.store.requests.get('req-0001')?.urgent).toBe(true);
  });

  it('records who asked on the person’s behalf', async () => {
    await submit(aValidPayload({ onBehalf: 'yes', requesterName: 'John Testperson', relationship: 'son' }));
    expect(ports.store.requests.get('req-0001')?.requester.askedBy).toEqual({
      name: 'John Testperson',
      relationship: 'son',
    });
  });

  it('sets the request to expire the retention period after its need-by date', async () => {
    await submit(aValidPayload({ neededBy: '2026-03-14' }));
    // 2026-03-14 + 90 days = 2026-06-12, midnight UTC.
    expect(ports.store.requests.get('req-0001')?.expiresAt).toBe(Date.parse('2026-06-12T00:00:00Z') / 1000);
  });

  it('records who entered it', async () => {
    await submit(aValidPayload(), { enteredBy: 'prescriber-42' });
    expect(ports.store.requests.get('req-0001')?.enteredBy).toBe('prescriber-42');
    expect(ports.store.audit[0]?.actor).toBe('prescriber-42');
  });

  it('returns field errors for an invalid request and stores nothing', async () => {
    const outcome = await submit(aValidPayload({ name: '', phone: 'call me' }));

    expect(outcome).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'name', message: 'Enter the name of the person who needs help' },
        { field: 'phone', message: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982' },
      ],
    });
    expect(ports.store.writes()).toEqual([]);
    expect(ports.store.requests.size).toBe(0);
  });

  it('refuses a postcode outside the service area and stores nothing', async () => {
    const outcome = await submit(aValidPayload({ postcode: 'SW1A 1AA' }));

    expect(outcome).toEqual({ kind: 'outside-area' });
    expect(ports.store.writes()).toEqual([]);
    expect(ports.log.entries).toContainEqual({
      level: 'info',
      message: 'postcode outside service area',
      extra: { district: 'SW1A' },
    });
  });

  it('answers a filled honeypot like a success, with a reference, but stores nothing', async () => {
    const outcome = await submit(aValidPayload({ website: 'http://spam.example' }));

    expect(outcome.kind).toBe('ignored');
    expect(outcome).toHaveProperty('reference', 'GCK-00001');
    expect(ports.store.writes()).toEqual([]);
  });

  it('stores one request when the same idempotency key is submitted twice and answers the second as a duplicate', async () => {
    const payload = aValidPayload({ idempotencyKey: '6f1c2a4e-double-click' });
    const first = await submit(payload);
    const second = await submit(payload);

    expect(first).toEqual({ kind: 'created', requestId: 'req-0001', reference: 'GCK-00001' });
    expect(second).toEqual({ kind: 'duplicate', requestId: 'req-0001', reference: 'GCK-00001' });
    expect(ports.store.requests.size).toBe(1);
    expect(ports.store.audit).toHaveLength(1);
  });

  it('uses the Idempotency-Key header when the body has no key', async () => {
    const context = { enteredBy: 'api', idempotencyKey: 'header-key-1' };
    await submit(aValidPayload(), context);
    const second = await submit(aValidPayload(), context);

    expect(second.kind).toBe('duplicate');
    expect(ports.store.idempotencyKeys.get('header-key-1')).toMatchObject({
      requestId: 'req-0001',
      expiresAt: Date.parse('2026-03-11T10:00:00Z') / 1000,
    });
  });

  it('prefers the form’s idempotency key to the header', async () => {
    await submit(aValidPayload({ idempotencyKey: 'form-key' }), {
      enteredBy: 'public-form',
      idempotencyKey: 'hdr',
    });
    expect([...ports.store.idempotencyKeys.keys()]).toEqual(['form-key']);
  });

  it('stores two requests without idempotency keys as two requests', async () => {
    await submit();
    await submit();
    expect(ports.store.requests.size).toBe(2);
  });

  it('retries with a new reference when the first one is already taken', async () => {
    await submit();
    ports.ids.queueReferences('GCK-00001');

    // Someone else, so the duplicate check adds nothing to the audit.
    const outcome = await submit(aValidPayload({ name: 'Another Person', phone: '07700900111' }));

    expect(outcome).toEqual({ kind: 'created', requestId: 'req-0002', reference: 'GCK-00002' });
    expect(ports.store.requests.get('req-0002')?.reference).toBe('GCK-00002');
    expect(ports.store.references.get('GCK-00001')).toBe('req-0001');
    expect(ports.store.audit.filter((a) => a.requestId === 'req-0002')).toHaveLength(1);
  });

  it('gives up after repeated reference collisions rather than looping forever', async () => {
    await submit();
    ports.ids.queueReferences('GCK-00001', 'GCK-00001', 'GCK-00001', 'GCK-00001', 'GCK-00001');

    await expect(submit()).rejects.toThrow('could not allocate a unique reference');
    expect(ports.store.requests.size).toBe(1);
  });

  it('lets a store failure propagate so the caller answers 500 rather than a false success', async () => {
    ports.store.failNext('createRequest');
    await expect(submit()).rejects.toThrow('boom');
  });

  it('never logs the person’s details', async () => {
    await submit(aValidPayload({ onBehalf: 'yes', requesterName: 'John Testperson', relationship: 'son' }));
    await submit(aValidPayload({ postcode: 'SW1A 1AA' }));
    await submit(aValidPayload({ website: 'x' }));
    const logged = ports.log.text();
    for (const value of [
      'Mary',
      'Testperson',
      '07700',
      'mary@example.com',
      'Acacia',
      'GL50 1AB',
      'Milk',
      'John',
    ]) {
      expect(logged).not.toContain(value);
    }
  });
});
