import { beforeEach, describe, expect, it } from 'vitest';
import {
  performAction,
  performPause,
  performRelease,
  viewAction,
  viewPause,
  type ActionKind,
} from '../../../shared/domain/self-service.js';
import { checkOutcome, findCandidates, sendInvites } from '../../../shared/domain/matching.js';
import { assignByHand } from '../../../shared/domain/admin/requests.js';
import type { WorkflowStarter } from '../../../shared/workflow/starter.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import { hashToken } from '../../../shared/util/ids.js';
import { renderPause, renderSelfService } from '../../../shared/web/self-service.js';
import {
  aRequest,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';
import { emailRenderers } from '../../../shared/mail/render.js';
import { textRenderer } from '../../../shared/sms/render.js';
import { toRequester } from '../../../shared/domain/messages.js';

const settings = testSettings();
const contact = { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
let ports: TestPorts;

function linkIn(text: string | undefined, kind: ActionKind): string {
  const match = new RegExp(`https://help\\.example\\.org/${kind}/([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${kind} link`);
  return match[1];
}

beforeEach(() => {
  ports = testPorts();
});

describe("the requester's cancel link", () => {
  beforeEach(async () => {
    // Acknowledged before its first wave, as the workflow does.
    // Stored with its confirmation, as submit writes them; the workflow's first step, as it runs.
    ports.store.seedRequest(aRequest({ id: 'req-1', status: 'received', wave: 0, expiresAt: 1_900_000_000 }));
    await ports.store.putMessages([
      { kind: 'requester-confirmation', to: toRequester('req-1'), requestId: 'req-1' },
    ]);
    await deliverPending(ports);
    await ports.store.startWave('req-1', 1, DEFAULT_NOW);
  });

  it('comes in the confirmation email, stored only as a hash, and GET changes nothing', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(ports.store.dump()).not.toContain(token);
    expect(ports.store.actionTokens.get(hashToken(token))).toMatchObject({
      kind: 'cancel',
      requestId: 'req-1',
    });
    expect(await viewAction('cancel', token, ports)).toMatchObject({ kind: 'confirm', action: 'cancel' });
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-1'))?.status).toBe('matching');
  });

  it('cancels on POST, audited as the requester, and a second POST says it has ended', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({ kind: 'cancelled' });
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-1'))?.status).toBe('cancelled');
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'cancelled',
      actor: 'requester',
      data: { by: 'requester' },
    });
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({ kind: 'already-ended' });
    await deliverPending(ports);
  });

  it('asks the requester to phone once a volunteer is arranged, so the volunteer is told', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    await ports.store.transitionRequest('req-1', ['matching'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
    });
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({
      kind: 'cancel-needs-call',
    });
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-1'))?.status).toBe('assigned');
  });

  it('does not work as a done link, nor when malformed or expired', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(await performAction('done', token, settings, ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect(await viewAction('cancel', 'short', ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    ports.clock.set('2031-03-10T10:00:00.000Z');
    expect(await performAction('cancel', token, settings, ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    const page = renderSelfService({ kind: 'invalid' }, { path: '/cancel/x', contact });
    expect(page.status).toBe(404);
  });
});

describe("the winning volunteer's done link", () => {
  let token: string;

  beforeEach(async () => {
    ports.store.seedRequest(aRequest({ id: 'req-2', status: 'matching', wave: 1, expiresAt: 1_900_000_000 }));
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
    );
    const inviteToken = ports.ids.inviteToken();
    await ports.store.createInvite({
      requestId: 'req-2',
      volunteerId: 'vol-a',
      wave: 1,
      tokenHash: hashToken(inviteToken),
      status: 'sent',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
    await respondToInvite(inviteToken, 'accept', settings, ports);
    await deliverPending(ports);
    token = linkIn(ports.mailer.to('alice@example.org')[0]?.text, 'done');
  });

  it('comes in the details email and closes the case as helped on POST, audited as the volunteer', async () => {
    expect(await viewAction('done', token, ports)).toMatchObject({ kind: 'confirm', action: 'done' });
    await deliverPending(ports);
    expect(await performAction('done', token, settings, ports)).toMatchObject({ kind: 'done' });
    await deliverPending(ports);
    const request = await ports.store.getRequest('req-2');
    expect(request).toMatchObject({ status: 'closed', outcome: 'helped' });
    expect(request?.expiresAt).toBe(
      Math.floor(ports.clock.now().getTime() / 1000) + settings.retentionDays * 86_400,
    );
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'closed',
      actor: 'vol-a',
      data: { outcome: 'helped', via: 'volunteer-link' },
    });
  });

  it('no longer works once the request has gone to someone else', async () => {
    await ports.store.transitionRequest('req-2', ['assigned'], { status: 'escalated' });
    await ports.store.transitionRequest('req-2', ['escalated'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-z',
    });
    expect(await performAction('done', token, settings, ports)).toMatchObject({ kind: 'already-ended' });
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-2'))?.status).toBe('assigned');
  });
});

describe("a texted volunteer's details link", () => {
  let token: string;

  beforeEach(async () => {
    ports.store.seedRequest(aRequest({ id: 'req-3', status: 'matching', wave: 1, expiresAt: 1_900_000_000 }));
    await ports.store.putVolunteer(
      aVolunteer({
        id: 'vol-t',
        name: 'Tess Texter',
        email: 'tess@example.org',
        phone: '07700 900111',
        contactBy: 'text',
      }),
    );
    const inviteToken = ports.ids.inviteToken();
    await ports.store.createInvite({
      requestId: 'req-3',
      volunteerId: 'vol-t',
      wave: 1,
      tokenHash: hashToken(inviteToken),
      status: 'sent',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
    await respondToInvite(inviteToken, 'accept', settings, ports);
    await deliverPending({ ...ports, renderers: { ...emailRenderers, sms: textRenderer } });
    token = linkIn(ports.texter.to('+447700900111').at(-1)?.body, 'details');
  });

  it('comes in the details text, never with the name or address, and shows them to the volunteer', async () => {
    const text = ports.texter.to('+447700900111').at(-1)?.body ?? '';
    expect(text).not.toContain('Acacia');
    expect(text).not.toContain('Mary');
    expect(ports.store.dump()).not.toContain(token);
    expect(ports.store.actionTokens.get(hashToken(token))).toMatchObject({
      kind: 'details',
      requestId: 'req-3',
      volunteerId: 'vol-t',
    });
    ports.store.calls.length = 0;

    const view = await viewAction('details', token, ports);

    expect(view).toMatchObject({
      kind: 'details',
      details: { reference: expect.any(String) as unknown, requester: { name: 'Mary Testperson' } },
    });
    expect(ports.store.writes()).toEqual([]);
    const page = renderSelfService(view, { path: `/details/${token}`, contact });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mary Testperson');
    expect(page.body).toContain('12 Acacia Avenue');
  });

  it('shows nothing about the person once the request is no longer theirs', async () => {
    await ports.store.transitionRequest('req-3', ['assigned'], { status: 'escalated' });

    const view = await viewAction('details', token, ports);

    expect(view).toMatchObject({ kind: 'already-ended' });
    expect(JSON.stringify(view)).not.toContain('Mary');
    const page = renderSelfService(view, { path: `/details/${token}`, contact }).body;
    expect(page).not.toContain('Mary');
    expect(page).not.toContain('Acacia');
  });

  it('is not a done link, and a done link is not a details link', async () => {
    const done = linkIn(ports.mailer.to('tess@example.org').at(-1)?.text, 'done');

    expect(await viewAction('done', token, ports)).toEqual({ kind: 'invalid' });
    expect(await viewAction('details', done, ports)).toEqual({ kind: 'invalid' });
  });

  it('is only made for a volunteer who is texted', async () => {
    const detailsLinks = () => [...ports.store.actionTokens.values()].filter((t) => t.kind === 'details');
    expect(detailsLinks()).toHaveLength(1);
    expect(ports.mailer.to('tess@example.org').at(-1)?.text).not.toContain('/details/');
  });
});

/** Records each start; fails when told to, as a refused StartExecution would. */
function fakeStarter(fail = false): WorkflowStarter & { starts: unknown[][] } {
  const starts: unknown[][] = [];
  return {
    starts,
    async start(...args) {
      starts.push(args);
      if (fail) throw Object.assign(new Error('refused'), { name: 'AccessDeniedException' });
      return 'started';
    },
  };
}

describe("the assigned volunteer's release link", () => {
  let token: string;
  let starter: ReturnType<typeof fakeStarter>;

  async function inviteAndAccept(volunteerId: string): Promise<void> {
    const inviteToken = ports.ids.inviteToken();
    await ports.store.createInvite({
      requestId: 'req-3',
      volunteerId,
      wave: 1,
      tokenHash: hashToken(inviteToken),
      status: 'sent',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
    await respondToInvite(inviteToken, 'accept', settings, ports);
    await deliverPending(ports);
  }

  beforeEach(async () => {
    starter = fakeStarter();
    ports.store.seedRequest(
      aRequest({ id: 'req-3', status: 'matching', wave: 1, expiresAt: 1_900_000_000, language: 'ar' }),
    );
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
    );
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: 'bob@example.org' }));
    await inviteAndAccept('vol-a');
    token = linkIn(ports.mailer.to('alice@example.org')[0]?.text, 'release');
    ports.mailer.sent.length = 0;
  });

  it('comes in the details email, bound to the volunteer, and GET changes nothing', async () => {
    expect(ports.store.dump()).not.toContain(token);
    expect(ports.store.actionTokens.get(hashToken(token))).toMatchObject({
      kind: 'release',
      requestId: 'req-3',
      volunteerId: 'vol-a',
    });
    const before = ports.store.writes().length;
    expect(await viewAction('release', token, ports)).toMatchObject({ kind: 'confirm', action: 'release' });
    await deliverPending(ports);
    expect(ports.store.writes()).toHaveLength(before);
    expect(starter.starts).toHaveLength(0);
    expect((await ports.store.getRequest('req-3'))?.status).toBe('assigned');
  });

  it('on POST puts the request back to matching, audits ids only, tells the requester and starts a new run', async () => {
    expect(await performRelease(token, settings, { ...ports, starter })).toMatchObject({ kind: 'released' });
    await deliverPending(ports);
    const request = await ports.store.getRequest('req-3');
    expect(request?.status).toBe('matching');
    expect(request).not.toHaveProperty('assignedVolunteerId');
    expect(request).not.toHaveProperty('assignedAt');
    expect(ports.store.audit.at(-1)).toEqual({
      requestId: 'req-3',
      at: '2026-03-10T10:00:00.000Z',
      type: 'released',
      actor: 'vol-a',
      data: { run: 2, wave: 1 },
    });
    expect(ports.store.actionTokens.get(hashToken(token))?.usedAt).toBe('2026-03-10T10:00:00.000Z');
    // The dashboard's naming scheme, continuing the wave count so a still-waiting run stands down.
    expect(starter.starts).toEqual([['req-3', 'req-3-r2', 1]]);
    const told = ports.mailer.to('mary@example.com');
    expect(told).toHaveLength(1);
    expect(told[0]?.subject).toContain('GCK-SEED1');
    // In the requester's language, and nothing about the volunteer who released it.
    expect(told[0]?.html).toContain('lang="ar"');
    expect(told[0]?.text).toContain('متطوعين آخرين');
    expect(told[0]?.text).not.toMatch(/Alice|volunteer/i);
    // The audit and the log carry ids only.
    expect(JSON.stringify(ports.store.audit)).not.toMatch(/Alice|Mary|Acacia/);
    expect(ports.log.text()).not.toMatch(/Alice|Mary|Acacia/);
  });

  it('a second POST (a double click) changes nothing more and starts nothing more', async () => {
    await performRelease(token, settings, { ...ports, starter });
    await deliverPending(ports);
    const audit = ports.store.audit.length;
    expect(await performRelease(token, settings, { ...ports, starter })).toMatchObject({ kind: 'released' });
    await deliverPending(ports);
    expect(await viewAction('release', token, ports)).toMatchObject({ kind: 'released' });
    await deliverPending(ports);
    expect(ports.store.audit).toHaveLength(audit);
    expect(starter.starts).toHaveLength(1);
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
  });

  it('does nothing once the request is no longer assigned to this volunteer', async () => {
    await ports.store.transitionRequest('req-3', ['assigned'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-b',
    });
    expect(await performRelease(token, settings, { ...ports, starter })).toMatchObject({
      kind: 'already-ended',
    });
    await deliverPending(ports);
    expect(await ports.store.getRequest('req-3')).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-b',
    });
    expect(ports.store.actionTokens.get(hashToken(token))?.usedAt).toBeUndefined();
    expect(starter.starts).toHaveLength(0);
  });

  it('refuses an expired, forged or malformed link, and a done link used as a release link', async () => {
    const doneToken = ports.ids.issuedActionTokens.find(
      (t) => ports.store.actionTokens.get(hashToken(t))?.kind === 'done',
    );
    expect(doneToken).toBeDefined();
    expect(await performRelease(doneToken ?? '', settings, { ...ports, starter })).toEqual({
      kind: 'invalid',
    });
    await deliverPending(ports);
    const forged = Buffer.alloc(32, 7).toString('base64url');
    expect(await performRelease(forged, settings, { ...ports, starter })).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect(await performRelease('not-a-token', settings, { ...ports, starter })).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    ports.clock.set('2031-03-10T10:00:00.000Z');
    expect(await performRelease(token, settings, { ...ports, starter })).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect((await ports.store.getRequest('req-3'))?.status).toBe('assigned');
    expect(starter.starts).toHaveLength(0);
  });

  it('keeps the releasing volunteer out of the next wave, and the older run stands down', async () => {
    await performRelease(token, settings, { ...ports, starter });
    await deliverPending(ports);
    // The new run (started at wave 1) picks wave 2: Bob, never Alice.
    const next = await findCandidates({ requestId: 'req-3', wave: 1 }, settings, ports);
    await deliverPending(ports);
    expect(next).toMatchObject({ next: 'invite', wave: 2, volunteerIds: ['vol-b'] });
    // The run that was still waiting on wave 1 sees a newer wave and stops instead of running its own.
    expect(await checkOutcome({ requestId: 'req-3', wave: 1 }, settings, ports)).toMatchObject({
      next: 'done',
    });
    expect(await checkOutcome({ requestId: 'req-3', wave: 2 }, settings, ports)).toMatchObject({
      next: 'escalate',
    });
  });

  it('a volunteer arranged by hand (no invite) is kept out of the next wave too', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-4', reference: 'GCK-SEED4', status: 'escalated', wave: 2 }));
    await assignByHand('req-4', 'vol-b', { id: 'prescriber-1' }, settings, ports);
    await deliverPending(ports);
    const handToken = ports.ids.issuedActionTokens.find((t) => {
      const stored = ports.store.actionTokens.get(hashToken(t));
      return stored?.kind === 'release' && stored.requestId === 'req-4';
    });
    expect(await performRelease(handToken ?? '', settings, { ...ports, starter })).toMatchObject({
      kind: 'released',
    });
    await deliverPending(ports);
    expect(starter.starts).toEqual([['req-4', 'req-4-r2', 2]]);
    const next = await findCandidates({ requestId: 'req-4', wave: 2 }, settings, ports);
    await deliverPending(ports);
    expect(next).not.toMatchObject({ volunteerIds: expect.arrayContaining(['vol-b']) as unknown });
    expect((await ports.store.listInvites('req-4')).find((i) => i.volunteerId === 'vol-b')?.status).toBe(
      'declined',
    );
  });

  it('hands the request to the prescriber when matching cannot start again', async () => {
    const failing = fakeStarter(true);
    expect(await performRelease(token, settings, { ...ports, starter: failing })).toMatchObject({
      kind: 'released',
    });
    await deliverPending(ports);
    expect(await ports.store.getRequest('req-3')).toMatchObject({
      status: 'escalated',
      escalationReason: 'system-failure',
    });
    expect(ports.mailer.to(settings.prescriberEmail)).toHaveLength(1);
  });

  it('the new run does not send the requester a second confirmation', async () => {
    await performRelease(token, settings, { ...ports, starter });
    await deliverPending(ports);
    ports.mailer.sent.length = 0;
    await deliverPending(ports);
    expect(ports.mailer.sent).toHaveLength(0);
  });
});

describe("a volunteer's own pause link", () => {
  let token: string;

  beforeEach(async () => {
    ports.store.seedRequest(aRequest({ id: 'req-5', reference: 'GCK-SEED5', status: 'matching', wave: 1 }));
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
    );
    await sendInvites({ requestId: 'req-5', wave: 1, volunteerIds: ['vol-a'] }, settings, ports);
    await deliverPending(ports);
    token = linkIn(ports.mailer.to('alice@example.org')[0]?.text, 'pause');
  });

  it('comes with each invite, bound to the volunteer only, expiring with the invite', async () => {
    const stored = ports.store.actionTokens.get(hashToken(token));
    const invite = (await ports.store.listInvites('req-5'))[0];
    expect(stored).toEqual({
      tokenHash: hashToken(token),
      kind: 'pause',
      volunteerId: 'vol-a',
      expiresAt: invite?.expiresAt,
    });
    expect(ports.store.dump()).not.toContain(token);
  });

  it('GET shows the choices, says nothing about the request, and changes nothing', async () => {
    const before = ports.store.writes().length;
    const view = await viewPause(token, ports);
    expect(view).toEqual({ kind: 'pause-choose' });
    const page = renderPause(view, { path: `/pause/${token}`, contact }).body;
    for (const secret of ['GCK-SEED5', 'Shopping', 'GL50', 'Alice']) expect(page).not.toContain(secret);
    expect(page).toContain('name="until"');
    expect(ports.store.writes()).toHaveLength(before);
  });

  it('pauses on POST, logged by volunteer id, and can be used again to pause for longer', async () => {
    expect(await performPause(token, '2w', ports)).toEqual({ kind: 'paused', until: '2026-03-24' });
    await deliverPending(ports);
    expect((await ports.store.getVolunteer('vol-a'))?.pausedUntil).toBe('2026-03-24T23:59:59.000Z');
    expect(ports.log.at('info').find((e) => e.message === 'volunteer paused')?.extra).toEqual({
      volunteerId: 'vol-a',
      actor: 'vol-a',
    });
    expect(await viewPause(token, ports)).toEqual({ kind: 'pause-choose', pausedUntil: '2026-03-24' });
    expect(await performPause(token, '1m', ports)).toEqual({ kind: 'paused', until: '2026-04-09' });
    await deliverPending(ports);
    expect(ports.log.text()).not.toContain('Alice');
  });

  it('never shortens a longer pause already in place', async () => {
    await ports.store.putVolunteer({
      ...aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
      pausedUntil: '2026-06-30T23:59:59.000Z',
    });
    expect(await performPause(token, '1w', ports)).toEqual({ kind: 'paused', until: '2026-06-30' });
    await deliverPending(ports);
    expect((await ports.store.getVolunteer('vol-a'))?.pausedUntil).toBe('2026-06-30T23:59:59.000Z');
  });

  it('asks again without a choice, and writes nothing', async () => {
    const before = ports.store.writes().length;
    expect(await performPause(token, undefined, ports)).toEqual({
      kind: 'pause-choose',
      missingChoice: true,
    });
    await deliverPending(ports);
    expect(await performPause(token, 'forever', ports)).toMatchObject({ missingChoice: true });
    await deliverPending(ports);
    expect(ports.store.writes()).toHaveLength(before);
    expect(
      renderPause({ kind: 'pause-choose', missingChoice: true }, { path: '/pause/x', contact }).status,
    ).toBe(400);
  });

  it('refuses an expired, forged or malformed link, and other kinds of link', async () => {
    const forged = Buffer.alloc(32, 9).toString('base64url');
    expect(await performPause(forged, '1w', ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect(await viewPause('short', ports)).toEqual({ kind: 'invalid' });
    expect(await viewAction('release', token, ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    ports.clock.set('2026-03-20T10:00:00.000Z');
    expect(await performPause(token, '1w', ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
    expect((await ports.store.getVolunteer('vol-a'))?.pausedUntil).toBeUndefined();
    expect(renderPause({ kind: 'invalid' }, { path: '/pause/x', contact }).status).toBe(404);
  });
});
