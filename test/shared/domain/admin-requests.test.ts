import { beforeEach, describe, expect, it } from 'vitest';
import {
  assignByHand,
  cancelRequest,
  closeRequest,
  loadHome,
  QUEUE_LIMIT,
  SECTION_LIMIT,
  loadRequest,
  rerunMatching,
  unassignAndRerun,
} from '../../../shared/domain/admin/requests.js';
import type { WorkflowStarter } from '../../../shared/workflow/starter.js';
import { hashToken } from '../../../shared/util/ids.js';
import type { InviteStatus } from '../../../shared/domain/model.js';
import { epochSeconds } from '../../../shared/vocabulary/time.js';
import { renderHome, renderRequestPage } from '../../../shared/web/admin/pages.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const contact = { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
const PRESCRIBER = { id: 'a1b2c3d4-prescriber-sub' };

let ports: TestPorts;
let started: { requestId: string; name?: string; fromWave?: number }[];
let starter: WorkflowStarter;

beforeEach(async () => {
  ports = testPorts();
  started = [];
  starter = {
    async start(requestId, name, fromWave) {
      started.push({ requestId, name, ...(fromWave === undefined ? {} : { fromWave }) });
      return 'started';
    },
  };
  await ports.store.putVolunteers([
    aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@volunteers.example.org' }),
    aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: 'bob@volunteers.example.org' }),
  ]);
});

const escalated = (id: string, escalatedAt: string, createdAt = '2026-03-09T08:00:00.000Z') =>
  aRequest({
    id,
    reference: `GCK-${id.slice(-5).toUpperCase()}`,
    status: 'escalated',
    escalatedAt,
    escalationReason: 'no-acceptance',
    createdAt,
  });

describe('what needs me now', () => {
  it('lists escalations oldest first with why, then waiting, assigned and recently closed, with counts', async () => {
    ports.store.seedRequest(escalated('req-late1', '2026-03-10T09:00:00.000Z', '2026-03-08T08:00:00.000Z'));
    ports.store.seedRequest(escalated('req-earl1', '2026-03-09T09:00:00.000Z', '2026-03-09T08:00:00.000Z'));
    ports.store.seedRequest(
      aRequest({ id: 'req-wait1', reference: 'GCK-WAIT1', status: 'matching', wave: 1 }),
    );
    ports.store.seedRequest(aRequest({ id: 'req-assn1', reference: 'GCK-ASSN1', status: 'assigned' }));
    ports.store.seedRequest(
      aRequest({
        id: 'req-clos1',
        reference: 'GCK-CLOS1',
        status: 'closed',
        closedAt: '2026-03-09T12:00:00.000Z',
        outcome: 'helped',
      }),
    );
    ports.store.seedRequest(
      aRequest({
        id: 'req-old01',
        reference: 'GCK-OLD01',
        status: 'closed',
        closedAt: '2026-01-01T12:00:00.000Z',
      }),
    );
    await ports.store.appendAudit({
      requestId: 'req-wait1',
      at: '2026-03-10T09:30:00.000Z',
      type: 'wave-started',
      actor: 'system',
      data: { wave: 1 },
    });

    const home = await loadHome(settings, ports);
    expect(home.escalated.map((r) => r.id)).toEqual(['req-earl1', 'req-late1']);
    expect(home.waiting).toEqual([expect.objectContaining({ windowEndsAt: '2026-03-10T11:30:00.000Z' })]);
    expect(home.counts).toEqual({ escalated: 2, waiting: 1, assigned: 1, recentlyClosed: 1 });
    expect(ports.store.calls).not.toContain('listVolunteers');

    const page = renderHome(home, { contact, now: new Date('2026-03-10T10:00:00.000Z') });
    expect(page.indexOf('GCK-EARL1')).toBeLessThan(page.indexOf('GCK-LATE1'));
    expect(page).toContain('Volunteers were asked and nobody said yes');
    expect(page).toContain('Round 1 of asking');
  });

  it('shows at most a few of each list, says there are more, and reads no more than one beyond them', async () => {
    const ports = testPorts();
    const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString();
    for (let i = 0; i < QUEUE_LIMIT + 3; i++)
      ports.store.seedRequest(
        aRequest({
          id: `esc-${i}`,
          reference: `GCK-E${i}`,
          status: 'escalated',
          createdAt: at(i),
          escalatedAt: at(i),
        }),
      );
    for (let i = 0; i < SECTION_LIMIT + 3; i++)
      ports.store.seedRequest(
        aRequest({
          id: `asg-${i}`,
          reference: `GCK-A${i}`,
          status: 'assigned',
          createdAt: at(i),
          assignedAt: at(i),
        }),
      );
    ports.store.seedRequest(aRequest({ id: 'wait-1', status: 'received', createdAt: at(1) }));

    const home = await loadHome(settings, ports);

    expect(home.escalated).toHaveLength(QUEUE_LIMIT);
    expect(home.escalated[0]?.id).toBe('esc-0');
    expect(home.assigned).toHaveLength(SECTION_LIMIT);
    expect(home.assigned[0]?.id).toBe(`asg-${SECTION_LIMIT + 2}`);
    expect(home.more).toEqual({ escalated: true, waiting: false, assigned: true, recentlyClosed: false });
    const page = renderHome(home, { contact, now: new Date('2026-03-10T10:00:00.000Z') });
    expect(page).toContain(`<strong>${QUEUE_LIMIT}+</strong> need you`);
    expect(page).toContain('<strong>1</strong> waiting for a volunteer');
    expect(page).toContain(`These are the ${SECTION_LIMIT} newest.`);
    expect(page).not.toContain('undefined');
  });

  it('tells when the answers of a wave are due from the request itself, reading no audit', async () => {
    const ports = testPorts();
    ports.store.seedRequest(
      aRequest({
        id: 'req-wait2',
        status: 'matching',
        wave: 2,
        waveStartedAt: '2026-03-10T09:45:00.000Z',
      }),
    );
    ports.store.calls.length = 0;

    const home = await loadHome(settings, ports);

    expect(home.waiting).toEqual([expect.objectContaining({ windowEndsAt: '2026-03-10T11:45:00.000Z' })]);
    expect(ports.store.calls).not.toContain('listAudit');
  });
});

describe('assigning by hand', () => {
  beforeEach(async () => {
    ports.store.seedRequest(escalated('req-00001', '2026-03-10T09:00:00.000Z'));
    await ports.store.createInvite({
      requestId: 'req-00001',
      volunteerId: 'vol-b',
      wave: 1,
      tokenHash: hashToken('t'.repeat(43)),
      status: 'sent',
      createdAt: '2026-03-10T08:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
  });

  it('assigns, audits with the prescriber id, emails details with done and release links, tells the requester and the other invitee', async () => {
    const result = await assignByHand('req-00001', 'vol-a', PRESCRIBER, settings, ports);
    await deliverPending(ports);
    expect(result.kind).toBe('done');
    expect(await ports.store.getRequest('req-00001')).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      assignedAt: '2026-03-10T10:00:00.000Z',
    });
    expect(ports.store.audit.at(-1)).toEqual({
      requestId: 'req-00001',
      at: '2026-03-10T10:00:00.000Z',
      type: 'assigned-by-hand',
      actor: PRESCRIBER.id,
      data: { volunteerId: 'vol-a' },
    });
    const details = ports.mailer.to('alice@volunteers.example.org')[0];
    expect(details?.text).toContain('Mary Testperson');
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(ports.mailer.to('bob@volunteers.example.org')[0]?.subject).toMatch(/someone else/i);
    expect((await ports.store.listInvites('req-00001'))[0]?.status).toBe('taken');
    // The details email carries the volunteer's "done" and "release" links, both bound to them.
    expect(
      [...ports.store.actionTokens.values()].map((t) => [t.kind, t.volunteerId, t.requestId]).sort(),
    ).toEqual([
      ['done', 'vol-a', 'req-00001'],
      ['release', 'vol-a', 'req-00001'],
    ]);
    expect(details?.text).toMatch(/https:\/\/help\.example\.org\/release\/[A-Za-z0-9_-]{43}/);
  });

  it('does not overwrite a volunteer who said yes first', async () => {
    await ports.store.transitionRequest('req-00001', ['escalated'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-b',
    });
    const result = await assignByHand('req-00001', 'vol-a', PRESCRIBER, settings, ports);
    await deliverPending(ports);
    expect(result).toEqual({ kind: 'conflict', status: 'assigned' });
    expect((await ports.store.getRequest('req-00001'))?.assignedVolunteerId).toBe('vol-b');
    expect(ports.mailer.sent).toHaveLength(0);
    expect(ports.store.audit.filter((e) => e.type === 'assigned-by-hand')).toHaveLength(0);
  });

  it('refuses a volunteer who is not on the roster', async () => {
    const writesBefore = ports.store.writes().length;
    expect(await assignByHand('req-00001', 'vol-gone', PRESCRIBER, settings, ports)).toEqual({
      kind: 'unknown-volunteer',
    });
    await deliverPending(ports);
    expect(ports.store.writes()).toHaveLength(writesBefore);
  });

  it('still assigns when an address is refused, records it, and logs ids only', async () => {
    ports.mailer.failFor('alice@volunteers.example.org');
    expect((await assignByHand('req-00001', 'vol-a', PRESCRIBER, settings, ports)).kind).toBe('done');
    await deliverPending(ports);
    // The refused address is recorded on its message, the volunteer paused, and the rest still went.
    expect([...ports.store.messages.values()].map((m) => m.failedReason).filter(Boolean)).toEqual([
      'email:MessageRejected',
    ]);
    expect(ports.log.at('warn').map((e) => e.message)).toContain('message refused for good');
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(ports.log.text()).not.toContain('Mary');
    expect(ports.log.text()).not.toContain('alice@');
  });
});

describe('running matching again', () => {
  it('reopens and starts uniquely named executions, one audit entry per run', async () => {
    ports.store.seedRequest(escalated('req-00002', '2026-03-10T09:00:00.000Z'));
    expect((await rerunMatching('req-00002', PRESCRIBER, settings, { ...ports, starter })).kind).toBe('done');
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-00002'))?.status).toBe('received');
    await ports.store.escalate('req-00002', 'no-acceptance', '2026-03-10T11:00:00.000Z');
    await rerunMatching('req-00002', PRESCRIBER, settings, { ...ports, starter });
    await deliverPending(ports);
    expect(started).toEqual([
      { requestId: 'req-00002', name: 'req-00002-r2' },
      { requestId: 'req-00002', name: 'req-00002-r3' },
    ]);
    expect(
      ports.store.audit.filter((e) => e.type === 'matching-rerun').map((e) => [e.actor, e.data]),
    ).toEqual([
      [PRESCRIBER.id, { run: 2 }],
      [PRESCRIBER.id, { run: 3 }],
    ]);
  });

  it('puts the request back to escalated when the workflow cannot start', async () => {
    ports.store.seedRequest(escalated('req-00003', '2026-03-10T09:00:00.000Z'));
    const failing: WorkflowStarter = {
      start: () => Promise.reject(Object.assign(new Error('down'), { name: 'ServiceUnavailable' })),
    };
    await expect(
      rerunMatching('req-00003', PRESCRIBER, settings, { ...ports, starter: failing }),
    ).rejects.toThrow('down');
    expect((await ports.store.getRequest('req-00003'))?.status).toBe('escalated');
    expect(ports.store.audit.filter((e) => e.type === 'matching-rerun')).toHaveLength(0);
  });

  it('only reruns an escalated request', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-00004', status: 'assigned' }));
    expect(await rerunMatching('req-00004', PRESCRIBER, settings, { ...ports, starter })).toEqual({
      kind: 'conflict',
      status: 'assigned',
    });
    await deliverPending(ports);
    expect(started).toEqual([]);
  });
});

describe('closing and cancelling', () => {
  it('closes with an outcome: TTL set to now plus retention, note kept on the request and out of the audit', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-00005', status: 'assigned', expiresAt: 1 }));
    const result = await closeRequest(
      'req-00005',
      'helped',
      'Went well; call back next week',
      PRESCRIBER.id,
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(result.kind).toBe('done');
    const stored = await ports.store.getRequest('req-00005');
    expect(stored).toMatchObject({
      status: 'closed',
      outcome: 'helped',
      closingNote: 'Went well; call back next week',
      closedAt: '2026-03-10T10:00:00.000Z',
      expiresAt: epochSeconds(new Date('2026-03-10T10:00:00.000Z')) + settings.retentionDays * 86_400,
    });
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'closed',
      actor: PRESCRIBER.id,
      data: { outcome: 'helped', via: 'dashboard', note: true },
    });
    expect(JSON.stringify(ports.store.audit)).not.toContain('call back');
    expect(await closeRequest('req-00005', 'helped', undefined, PRESCRIBER.id, settings, ports)).toEqual({
      kind: 'conflict',
      status: 'closed',
    });
    await deliverPending(ports);
  });

  it('cancels an open request with the retention clock started, and audits who', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-00006', status: 'matching' }));
    expect((await cancelRequest('req-00006', PRESCRIBER.id, 'prescriber', settings, ports)).kind).toBe(
      'done',
    );
    await deliverPending(ports);
    expect(await ports.store.getRequest('req-00006')).toMatchObject({ status: 'cancelled' });
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'cancelled',
      actor: PRESCRIBER.id,
      data: { by: 'prescriber' },
    });
    expect(await cancelRequest('req-missing', PRESCRIBER.id, 'prescriber', settings, ports)).toEqual({
      kind: 'not-found',
    });
    await deliverPending(ports);
  });
});

describe('the request page', () => {
  it('resolves volunteer names at render time and shows a removed volunteer without a name', async () => {
    ports.store.seedRequest(escalated('req-00007', '2026-03-10T09:00:00.000Z'));
    for (const [volunteerId, type] of [
      ['vol-a', 'invited'],
      ['vol-gone', 'invited'],
      ['vol-a', 'declined'],
    ] as const) {
      await ports.store.appendAudit({
        requestId: 'req-00007',
        at: '2026-03-10T09:00:00.000Z',
        type,
        actor: type === 'invited' ? 'system' : volunteerId,
        data: { volunteerId, wave: 1 },
      });
    }
    await ports.store.appendAudit({
      requestId: 'req-00007',
      at: '2026-03-10T09:30:00.000Z',
      type: 'cancelled',
      actor: PRESCRIBER.id,
      data: { by: 'prescriber' },
    });
    const detail = await loadRequest('req-00007', settings, ports);
    if (!detail) throw new Error('no detail');
    const page = renderRequestPage(detail, { contact, prescriberId: PRESCRIBER.id });
    expect(page).toContain('Asked Alice Able');
    expect(page).toContain('Asked a removed volunteer');
    expect(page).toContain('Mary Testperson');
    expect(page).toMatch(/,\s*You\s*<\/p>/);
    expect(page).not.toMatch(/<script>(?!<\/script>)/);
  });
});

describe('who was asked, round by round', () => {
  const NOW_EPOCH = epochSeconds(new Date('2026-03-10T10:00:00.000Z'));
  const seedInvite = (
    requestId: string,
    volunteerId: string,
    wave: number,
    status: InviteStatus,
    extra: { expiresAt?: number; respondedAt?: string; createdAt?: string } = {},
  ) =>
    ports.store.seedInvite({
      requestId,
      volunteerId,
      wave,
      tokenHash: hashToken(`${requestId}-${volunteerId}`.padEnd(43, 'x')),
      status,
      createdAt: extra.createdAt ?? `2026-03-10T0${wave}:00:00.000Z`,
      expiresAt: extra.expiresAt ?? NOW_EPOCH + 3600,
      ...(extra.respondedAt ? { respondedAt: extra.respondedAt } : {}),
    });

  it('groups invites by round with what each volunteer said, and shows who has not answered yet', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-waves', status: 'matching', wave: 2 }));
    seedInvite('req-waves', 'vol-a', 1, 'declined', { respondedAt: '2026-03-10T01:30:00.000Z' });
    seedInvite('req-waves', 'vol-gone', 1, 'sent', { expiresAt: NOW_EPOCH - 1 });
    seedInvite('req-waves', 'vol-b', 2, 'sent');
    const detail = await loadRequest('req-waves', settings, ports);
    expect(detail?.waves).toEqual([
      {
        wave: 1,
        invites: [
          { volunteerId: 'vol-a', answer: 'declined', respondedAt: '2026-03-10T01:30:00.000Z' },
          { volunteerId: 'vol-gone', answer: 'no-answer' },
        ],
      },
      { wave: 2, invites: [{ volunteerId: 'vol-b', answer: 'waiting' }] },
    ]);
    if (!detail) throw new Error('no detail');
    const page = renderRequestPage(detail, { contact, prescriberId: PRESCRIBER.id });
    const asked = page.slice(page.indexOf('Who was asked'), page.indexOf('What has happened'));
    expect(asked).toMatch(/Round 1[\s\S]*Alice Able[\s\S]*Said no[\s\S]*A removed volunteer[\s\S]*No answer/);
    expect(asked).toMatch(/Round 2[\s\S]*Bob Baker[\s\S]*Not answered yet/);
  });

  it('once the request has moved on, an unanswered invite reads as no answer, a spent one as taken', async () => {
    ports.store.seedRequest(
      aRequest({ id: 'req-moved', status: 'assigned', assignedVolunteerId: 'vol-a', wave: 1 }),
    );
    seedInvite('req-moved', 'vol-a', 1, 'accepted', { respondedAt: '2026-03-10T01:10:00.000Z' });
    seedInvite('req-moved', 'vol-b', 1, 'taken', { createdAt: '2026-03-10T01:00:01.000Z' });
    seedInvite('req-moved', 'vol-c', 1, 'sent', { createdAt: '2026-03-10T01:00:02.000Z' });
    const detail = await loadRequest('req-moved', settings, ports);
    expect(detail?.waves[0]?.invites.map((i) => [i.volunteerId, i.answer])).toEqual([
      ['vol-a', 'accepted'],
      ['vol-b', 'taken'],
      ['vol-c', 'no-answer'],
    ]);
    if (!detail) throw new Error('no detail');
    const page = renderRequestPage(detail, { contact, prescriberId: PRESCRIBER.id });
    expect(page).toContain('Said yes');
    expect(page).toContain('someone else took it first');
  });

  it('has no such section before anyone is asked', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-fresh', status: 'received' }));
    const detail = await loadRequest('req-fresh', settings, ports);
    if (!detail) throw new Error('no detail');
    expect(detail.waves).toEqual([]);
    expect(renderRequestPage(detail, { contact, prescriberId: PRESCRIBER.id })).not.toContain(
      'Who was asked',
    );
  });
});

describe('taking an assignment back and asking again', () => {
  const assigned = (id: string) =>
    aRequest({
      id,
      reference: 'GCK-UNAS1',
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      assignedAt: '2026-03-10T09:00:00.000Z',
      wave: 2,
    });

  it('reopens, starts the next uniquely named run, audits, tells the volunteer, and keeps them out of the new run', async () => {
    ports.store.seedRequest(assigned('req-unas1'));
    const result = await unassignAndRerun('req-unas1', PRESCRIBER, settings, { ...ports, starter });
    await deliverPending(ports);
    expect(result.kind).toBe('done');
    const stored = await ports.store.getRequest('req-unas1');
    expect(stored?.status).toBe('received');
    expect(stored).not.toHaveProperty('assignedVolunteerId');
    expect(stored).not.toHaveProperty('assignedAt');
    // Continues the wave count, so a first run still waiting out wave 2 stands down when it wakes.
    expect(started).toEqual([{ requestId: 'req-unas1', name: 'req-unas1-r2', fromWave: 2 }]);
    expect(ports.store.audit.at(-1)).toEqual({
      requestId: 'req-unas1',
      at: '2026-03-10T10:00:00.000Z',
      type: 'unassigned',
      actor: PRESCRIBER.id,
      data: { volunteerId: 'vol-a', run: 2 },
    });
    const told = ports.mailer.to('alice@volunteers.example.org');
    expect(told).toHaveLength(1);
    expect(told[0]?.subject).toMatch(/no longer needed.*GCK-UNAS1/);
    expect(told[0]?.text).not.toContain('Mary');
    // Arranged by hand, so never invited: a declined invite keeps them out of the next waves.
    expect(await ports.store.listInvites('req-unas1')).toEqual([
      expect.objectContaining({ volunteerId: 'vol-a', status: 'declined' }),
    ]);
    expect(ports.log.text()).not.toContain('Mary');

    // A later "run again" counts this run, so its name is new too.
    await ports.store.escalate('req-unas1', 'no-acceptance', '2026-03-10T11:00:00.000Z');
    await rerunMatching('req-unas1', PRESCRIBER, settings, { ...ports, starter });
    await deliverPending(ports);
    expect(started.at(-1)).toEqual({ requestId: 'req-unas1', name: 'req-unas1-r3' });
  });

  it('gives the request back to its volunteer, with nothing sent, when the workflow cannot start', async () => {
    ports.store.seedRequest(assigned('req-unas2'));
    const failing: WorkflowStarter = { start: () => Promise.reject(new Error('down')) };
    await expect(
      unassignAndRerun('req-unas2', PRESCRIBER, settings, { ...ports, starter: failing }),
    ).rejects.toThrow('down');
    expect(await ports.store.getRequest('req-unas2')).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      assignedAt: '2026-03-10T09:00:00.000Z',
    });
    expect(ports.mailer.sent).toHaveLength(0);
    expect(ports.store.audit.filter((e) => e.type === 'unassigned')).toHaveLength(0);
  });

  it('only takes back an assigned request', async () => {
    ports.store.seedRequest(escalated('req-unas3', '2026-03-10T09:00:00.000Z'));
    expect(await unassignAndRerun('req-unas3', PRESCRIBER, settings, { ...ports, starter })).toEqual({
      kind: 'conflict',
      status: 'escalated',
    });
    await deliverPending(ports);
    expect(await unassignAndRerun('req-missing', PRESCRIBER, settings, { ...ports, starter })).toEqual({
      kind: 'not-found',
    });
    await deliverPending(ports);
    expect(started).toEqual([]);
  });

  it('offers it on the page of an assigned request only', async () => {
    ports.store.seedRequest(assigned('req-unas4'));
    const detail = await loadRequest('req-unas4', settings, ports);
    if (!detail) throw new Error('no detail');
    const page = renderRequestPage(detail, { contact, prescriberId: PRESCRIBER.id });
    expect(page).toContain('action="/admin/requests/req-unas4/unassign"');
    ports.store.seedRequest(escalated('req-unas5', '2026-03-10T09:00:00.000Z'));
    const other = await loadRequest('req-unas5', settings, ports);
    if (!other) throw new Error('no detail');
    expect(renderRequestPage(other, { contact, prescriberId: PRESCRIBER.id })).not.toContain('/unassign');
  });
});
