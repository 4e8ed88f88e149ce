import { beforeEach, describe, expect, it } from 'vitest';
import type { Prescriber } from '../../../shared/auth/claims.js';
import {
  acknowledgeConcern,
  loadOpenConcerns,
  parseConcern,
  raiseConcern,
  viewConcernForm,
} from '../../../shared/domain/concerns.js';
import type { ActionToken } from '../../../shared/domain/model.js';
import { hashToken, newInviteToken } from '../../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const prescriber = { id: 'prescriber-sub-1' } as Prescriber;
const NOTE = 'Kitchen cupboards were bare and she looked frail';

let ports: TestPorts;
let token: string;

function seed(
  overrides: { status?: 'assigned' | 'closed' | 'matching'; tokenKind?: ActionToken['kind'] } = {},
) {
  ports.store.seedRequest(
    aRequest({
      id: 'req-1',
      reference: 'GCK-AB123',
      status: overrides.status ?? 'assigned',
      assignedVolunteerId: 'vol-1',
      expiresAt: 1_900_000_000,
    }),
  );
  ports.store.volunteers.set('vol-1', aVolunteer({ id: 'vol-1', email: 'asha@example.org' }));
  token = newInviteToken();
  ports.store.actionTokens.set(hashToken(token), {
    tokenHash: hashToken(token),
    kind: overrides.tokenKind ?? 'done',
    requestId: 'req-1',
    volunteerId: 'vol-1',
    expiresAt: 1_900_000_000,
  });
}

beforeEach(() => {
  ports = testPorts();
});

describe('the concern link', () => {
  it('shows the form to the assigned volunteer, and after they have said it is done', async () => {
    seed();
    expect((await viewConcernForm(token, ports)).kind).toBe('form');
    const request = ports.store.requests.get('req-1');
    if (request) request.status = 'closed';
    expect((await viewConcernForm(token, ports)).kind).toBe('form');
  });

  it('refuses a cancel link, a malformed or unknown token, and a request no longer theirs', async () => {
    seed({ tokenKind: 'cancel' });
    expect((await viewConcernForm(token, ports)).kind).toBe('invalid');
    expect((await viewConcernForm('short', ports)).kind).toBe('invalid');
    expect((await viewConcernForm(newInviteToken(), ports)).kind).toBe('invalid');
    seed();
    const request = ports.store.requests.get('req-1');
    if (request) request.assignedVolunteerId = 'vol-2';
    expect((await viewConcernForm(token, ports)).kind).toBe('invalid');
  });

  it('refuses an expired link', async () => {
    seed();
    ports.clock.set(new Date(1_900_000_000 * 1000));
    expect((await viewConcernForm(token, ports)).kind).toBe('invalid');
  });
});

describe('checking what the volunteer sent', () => {
  it('needs a ticked box or a note', () => {
    expect(parseConcern({ kinds: [], note: '  ' })).toMatchObject({ ok: false, error: { field: 'kinds' } });
    expect(parseConcern({ kinds: ['no-food'], note: '' })).toEqual({ ok: true, kinds: ['no-food'] });
    expect(parseConcern({ kinds: [], note: ' worried ' })).toEqual({ ok: true, kinds: [], note: 'worried' });
  });

  it('refuses unknown boxes and an over-long note', () => {
    expect(parseConcern({ kinds: ['made-up'], note: '' })).toMatchObject({ ok: false });
    expect(parseConcern({ kinds: [], note: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { field: 'note' },
    });
  });
});

describe('raising a concern', () => {
  it('stores it with the request’s expiry, audits ids only, and emails the prescriber alone, marked urgent', async () => {
    seed();
    const view = await raiseConcern(
      token,
      { kinds: ['no-food', 'seemed-unwell'], note: NOTE },
      settings,
      ports,
    );
    await deliverPending(ports);

    expect(view.kind).toBe('raised');
    expect([...ports.store.concerns.values()]).toEqual([
      {
        id: 'req-0001',
        requestId: 'req-1',
        volunteerId: 'vol-1',
        kinds: ['no-food', 'seemed-unwell'],
        note: NOTE,
        raisedAt: '2026-03-10T10:00:00.000Z',
        expiresAt: 1_900_000_000,
      },
    ]);
    expect(ports.store.audit).toEqual([
      {
        requestId: 'req-1',
        at: '2026-03-10T10:00:00.000Z',
        type: 'concern-raised',
        actor: 'vol-1',
        data: { concernId: 'req-0001', kinds: 'no-food seemed-unwell', note: true },
      },
    ]);
    expect(ports.mailer.sent.map((m) => m.to)).toEqual([settings.prescriberEmail]);
    const [email] = ports.mailer.sent;
    expect(email?.subject).toMatch(/^URGENT/);
    expect(email?.text).toContain('There was no food in the house');
    // The note and the person's details stay on the dashboard.
    expect(JSON.stringify(email)).not.toContain('cupboards');
    expect(JSON.stringify(email)).not.toMatch(/Testperson|Acacia/);
    expect(ports.log.text()).not.toContain('cupboards');
  });

  it('shows the form again with the error, storing nothing, when nothing was ticked or written', async () => {
    seed();
    const view = await raiseConcern(token, { kinds: [], note: '' }, settings, ports);
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'form', error: { field: 'kinds' } });
    expect(ports.store.concerns.size).toBe(0);
    expect(ports.mailer.sent).toEqual([]);
  });

  it('keeps the concern when the email fails: the dashboard still shows it', async () => {
    seed();
    ports.mailer.failNext(1);
    expect((await raiseConcern(token, { kinds: ['no-answer'], note: '' }, settings, ports)).kind).toBe(
      'raised',
    );
    await deliverPending(ports);
    expect(await loadOpenConcerns(ports.store)).toHaveLength(1);
  });

  it('is refused for a request still being matched (nobody is assigned)', async () => {
    seed({ status: 'matching' });
    expect((await raiseConcern(token, { kinds: ['no-answer'], note: '' }, settings, ports)).kind).toBe(
      'invalid',
    );
    await deliverPending(ports);
    expect(ports.store.concerns.size).toBe(0);
  });
});

describe('acknowledging a concern', () => {
  it('takes it off the open list and audits the prescriber id', async () => {
    seed();
    await raiseConcern(token, { kinds: ['no-answer'], note: '' }, settings, ports);
    await deliverPending(ports);
    const [open] = await loadOpenConcerns(ports.store);
    expect(open?.request?.reference).toBe('GCK-AB123');

    expect(await acknowledgeConcern('req-1', open?.concern.id ?? '', prescriber, ports)).toBe('done');
    expect(await loadOpenConcerns(ports.store)).toEqual([]);
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'concern-acknowledged',
      actor: prescriber.id,
      data: { concernId: open?.concern.id },
    });
    expect(await acknowledgeConcern('req-1', open?.concern.id ?? '', prescriber, ports)).toBe('not-found');
  });

  it('goes with the request when it is erased', async () => {
    seed();
    await raiseConcern(token, { kinds: ['no-answer'], note: NOTE }, settings, ports);
    await deliverPending(ports);
    await ports.store.eraseRequest('req-1');
    expect(ports.store.dump()).not.toContain('cupboards');
  });
});
