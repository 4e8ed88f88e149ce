import { beforeEach, describe, expect, it } from 'vitest';
import { performAction, viewAction, type ActionKind } from '../../../shared/domain/self-service.js';
import { endFromDashboard } from '../../../shared/domain/admin/requests.js';
import { eraseRequester } from '../../../shared/domain/erasure.js';
import { sendInvites } from '../../../shared/domain/matching.js';
import type { HelpRequest } from '../../../shared/domain/model.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import {
  catchUpSeries,
  changeSeriesFromDashboard,
  continueSeries,
  loadSeries,
  nextNeededBy,
} from '../../../shared/domain/series.js';
import { submitHelpRequest } from '../../../shared/domain/submit.js';
import {
  aValidPayload,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const PRESCRIBER = { id: 'prescriber-1', email: 'prescriber@example.org' };
const ALICE = 'alice@volunteers.example.org';
const BOB = 'bob@volunteers.example.org';
const REQUESTER = 'mary@example.com';
const REQUESTER_SECRETS = ['Mary', 'Testperson', 'Acacia', 'GL50 1AB', '07700', REQUESTER, 'Milk and bread'];

let ports: TestPorts;

function linkIn(text: string | undefined, kind: ActionKind | 'respond'): string {
  const match = new RegExp(`https://help\\.example\\.org/${kind}/([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${kind} link`);
  return match[1];
}

const lastTo = (address: string) => ports.mailer.to(address).at(-1);

/** A weekly shopping request filed on the form, acknowledged, with Alice and Bob invited to it. */
async function weeklyRequestInvited(frequency = 'weekly'): Promise<HelpRequest> {
  await ports.store.putVolunteers([
    aVolunteer({ id: 'vol-a', name: 'Alice Able', email: ALICE }),
    aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: BOB }),
  ]);
  const outcome = await submitHelpRequest(
    aValidPayload({ frequency }),
    { enteredBy: 'public-form' },
    settings,
    ports,
  );
  await deliverPending(ports);
  if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`);
  await deliverPending(ports);
  await ports.store.startWave(outcome.requestId, 1, DEFAULT_NOW);
  await sendInvites(
    { requestId: outcome.requestId, wave: 1, volunteerIds: ['vol-a', 'vol-b'] },
    settings,
    ports,
  );
  await deliverPending(ports);
  return (await ports.store.getRequest(outcome.requestId)) as HelpRequest;
}

async function accept(address: string, action: 'accept' | 'accept-series'): Promise<void> {
  const invite = ports.mailer.to(address).find((m) => m.text.includes('/respond/'));
  const view = await respondToInvite(linkIn(invite?.text, 'respond'), action, settings, ports);
  await deliverPending(ports);
  expect(view.kind).toBe('accepted');
}

const doneLinkOf = (address: string) =>
  linkIn(
    ports.mailer
      .to(address)
      .filter((m) => m.text.includes('/done/'))
      .at(-1)?.text,
    'done',
  );

beforeEach(() => {
  ports = testPorts();
});

describe('a recurring request', () => {
  it('is stored as the first visit of a series that holds ids and counts only', async () => {
    const request = await weeklyRequestInvited();
    expect(request).toMatchObject({ seriesId: request.id, occurrence: 1, frequency: 'weekly' });
    const series = await ports.store.getSeries(request.id);
    expect(series).toMatchObject({
      status: 'active',
      frequency: 'weekly',
      helpType: 'shopping',
      area: 'GL50 1',
      requestIds: [request.id],
    });
    const stored = JSON.stringify(series);
    for (const secret of REQUESTER_SECRETS) expect(stored).not.toContain(secret);
  });

  it('is not a series when help is needed once', async () => {
    const outcome = await submitHelpRequest(aValidPayload(), { enteredBy: 'public-form' }, settings, ports);
    await deliverPending(ports);
    expect(outcome.kind).toBe('created');
    expect(ports.store.series.size).toBe(0);
    const request = [...ports.store.requests.values()][0];
    expect(request?.seriesId).toBeUndefined();
  });

  it('tells invited volunteers how often, with no personal details', async () => {
    await weeklyRequestInvited();
    const invite = ports.mailer.to(ALICE)[0];
    expect(invite?.text).toContain('How often: Every week: you can help every time, or just once');
    // The short description is meant for volunteers; who and where is not.
    for (const secret of REQUESTER_SECRETS.filter((s) => s !== 'Milk and bread'))
      expect(invite?.text).not.toContain(secret);
  });
});

describe('the next visit date', () => {
  it('follows the rhythm from the last visit', () => {
    expect(nextNeededBy('2026-03-14', 'weekly', '2026-03-10')).toBe('2026-03-21');
    expect(nextNeededBy('2026-03-14', 'fortnightly', '2026-03-10')).toBe('2026-03-28');
  });

  it('skips dates that have already passed, keeping the same weekday', () => {
    expect(nextNeededBy('2026-03-01', 'weekly', '2026-03-20')).toBe('2026-03-22');
    expect(nextNeededBy('2026-03-01', 'fortnightly', '2026-03-20')).toBe('2026-03-29');
  });
});

describe('"Yes, every week"', () => {
  it('gives the volunteer the series, with a stop link in the details email', async () => {
    const request = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    expect((await ports.store.getSeries(request.id))?.committedVolunteerId).toBe('vol-a');
    const details = lastTo(ALICE);
    expect(details?.text).toContain('you have said you will help each time');
    expect(linkIn(details?.text, 'stop')).toHaveLength(43);
    expect(ports.store.audit.map((e) => e.type)).toContain('series-committed');
  });

  it('"just this once" leaves the series uncommitted and says the next visit is asked again', async () => {
    const request = await weeklyRequestInvited();
    await accept(ALICE, 'accept');
    expect((await ports.store.getSeries(request.id))?.committedVolunteerId).toBeUndefined();
    const details = lastTo(ALICE);
    expect(details?.text).toContain('You said yes to this visit only');
    expect(details?.text).not.toContain('/stop/');
  });

  it('on one-off help is a plain accept', async () => {
    await weeklyRequestInvited('once');
    await accept(ALICE, 'accept-series');
    expect(ports.store.audit.map((e) => e.type)).not.toContain('series-committed');
  });
});

describe('when a visit is done', () => {
  it('makes the next visit already arranged with the volunteer who helps every time', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    const sentBefore = ports.mailer.sent.length;
    const firstDone = doneLinkOf(ALICE);
    const view = await performAction('done', firstDone, settings, ports);
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'done', next: { neededBy: '2026-03-21', withYou: true } });

    const series = await ports.store.getSeries(first.id);
    expect(series?.requestIds).toHaveLength(2);
    const second = (await ports.store.getRequest(series?.requestIds[1] ?? '')) as HelpRequest;
    expect(second).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      occurrence: 2,
      seriesId: first.id,
      neededBy: '2026-03-21',
      enteredBy: 'series',
      requester: first.requester,
    });
    expect(second.reference).not.toBe(first.reference);
    // Only Alice (the next visit's details) and the requester (good news): nobody else is asked.
    const sent = ports.mailer.sent.slice(sentBefore);
    expect(sent.map((m) => m.to).sort()).toEqual([REQUESTER, ALICE].sort());
    expect(lastTo(ALICE)?.subject).toMatch(/^Your next visit – Shopping in GL50 1 by/);
    expect(lastTo(REQUESTER)?.text).toContain(
      'Your next visit is arranged: Alice from Community Kindness will help again, by Saturday 21 March 2026.',
    );
    // The next visit has its own links; the first visit's done link has done its work.
    expect(doneLinkOf(ALICE)).not.toBe(firstDone);
    expect(await viewAction('done', firstDone, ports)).toMatchObject({ kind: 'already-ended' });
    await deliverPending(ports);
    expect(ports.store.audit.filter((e) => e.requestId === first.id).map((e) => e.type)).toContain(
      'series-continued',
    );
    expect(ports.store.audit.filter((e) => e.requestId === second.id).map((e) => e.type)).toEqual([
      'received',
      'assigned-by-series',
    ]);
  });

  it('makes the next visit to be matched again when the volunteer said "just this once"', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept');
    const sentBefore = ports.mailer.sent.length;
    const view = await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'done', next: { withYou: false } });
    const series = await ports.store.getSeries(first.id);
    const second = await ports.store.getRequest(series?.requestIds[1] ?? '');
    expect(second).toMatchObject({ status: 'received', occurrence: 2, wave: 0 });
    expect(second?.assignedVolunteerId).toBeUndefined();
    // The workflow (started by the new row) asks volunteers; the new row's only message, written with
    // it, tells the requester which visit this is, with a cancel link that offers both choices.
    expect(ports.mailer.sent.slice(sentBefore).map((m) => m.to)).toEqual([REQUESTER]);
    await deliverPending(ports);
    expect(ports.mailer.sent.length).toBe(sentBefore + 1);
    const told = lastTo(REQUESTER);
    expect(told?.subject).toBe(`Your next visit: we are finding a volunteer – ${second?.reference}`);
    expect(told?.text).toContain('for your next visit (Shopping), by Saturday 21 March 2026');
    expect(await viewAction('cancel', linkIn(told?.text, 'cancel'), ports)).toMatchObject({
      kind: 'confirm',
      summary: { frequency: 'weekly' },
    });
    await deliverPending(ports);
  });

  it('makes the next visit once, however often the close is seen', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept');
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    const closed = (await ports.store.getRequest(first.id)) as HelpRequest;
    expect(await continueSeries(closed, settings, ports)).toEqual({ kind: 'none' });
    await deliverPending(ports);
    expect(await catchUpSeries(settings, ports)).toBe(0);
    await deliverPending(ports);
    expect((await ports.store.getSeries(first.id))?.requestIds).toHaveLength(2);
  });

  it('matches the next visit when the committed volunteer is paused, and keeps them on the series', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    const alice = await ports.store.getVolunteer('vol-a');
    if (!alice) throw new Error('Alice is on the roster');
    await ports.store.putVolunteer({ ...alice, pausedUntil: '2026-04-30T00:00:00.000Z' });
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    const series = await ports.store.getSeries(first.id);
    expect(series?.committedVolunteerId).toBe('vol-a');
    expect((await ports.store.getRequest(series?.requestIds[1] ?? ''))?.status).toBe('received');
  });

  it('stops, and asks the prescriber to review, at the review point', async () => {
    const limited = testSettings({ seriesMaxOccurrences: 2 });
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    await performAction('done', doneLinkOf(ALICE), limited, ports);
    await deliverPending(ports);
    expect(await performAction('done', doneLinkOf(ALICE), limited, ports)).toMatchObject({ kind: 'done' });
    await deliverPending(ports);
    const series = await ports.store.getSeries(first.id);
    expect(series).toMatchObject({
      status: 'ended',
      endReason: 'limit',
      requestIds: [first.id, expect.any(String)],
    });
    const review = lastTo(settings.prescriberEmail);
    expect(review?.subject).toMatch(/^Review ongoing help:/);
    for (const secret of REQUESTER_SECRETS) expect(review?.text).not.toContain(secret);
    // Alice is told there are no more visits to arrange.
    expect(lastTo(ALICE)?.subject).toMatch(/^No more weekly visits/);
  });

  it('ends the series when the prescriber closes a visit as no longer needed', async () => {
    const first = await weeklyRequestInvited();
    const { series } = await endFromDashboard(
      first.id,
      { kind: 'close', outcome: 'no-longer-needed' },
      PRESCRIBER,
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(series).toEqual({ kind: 'ended', reason: 'no-longer-needed' });
    expect((await ports.store.getSeries(first.id))?.requestIds).toEqual([first.id]);
  });

  it('goes on when the prescriber cancels one visit', async () => {
    const first = await weeklyRequestInvited();
    const { result, series } = await endFromDashboard(
      first.id,
      { kind: 'cancel' },
      PRESCRIBER,
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(result.kind).toBe('done');
    expect(series).toMatchObject({ kind: 'next', request: { occurrence: 2, status: 'received' } });
  });
});

describe("the volunteer's stop link", () => {
  it('shows first, then stops them taking every visit; the next visit is matched', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    const stop = linkIn(lastTo(ALICE)?.text, 'stop');
    expect(await viewAction('stop', stop, ports)).toMatchObject({ kind: 'confirm', action: 'stop' });
    await deliverPending(ports);
    expect((await ports.store.getSeries(first.id))?.committedVolunteerId).toBe('vol-a');

    expect(await performAction('stop', stop, settings, ports)).toMatchObject({ kind: 'stopped' });
    await deliverPending(ports);
    expect((await ports.store.getSeries(first.id))?.committedVolunteerId).toBeUndefined();
    expect(ports.store.audit.at(-1)).toMatchObject({ type: 'series-stopped', actor: 'vol-a' });
    // The visit they have now is still theirs; the next one is matched.
    expect((await ports.store.getRequest(first.id))?.assignedVolunteerId).toBe('vol-a');
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    const series = await ports.store.getSeries(first.id);
    expect((await ports.store.getRequest(series?.requestIds[1] ?? ''))?.status).toBe('received');
    // Used again, it only says so.
    expect(await performAction('stop', stop, settings, ports)).toMatchObject({ kind: 'stopped' });
    await deliverPending(ports);
  });

  it('opens nothing for a forged token', async () => {
    expect(await viewAction('stop', 'A'.repeat(43), ports)).toEqual({ kind: 'invalid' });
    await deliverPending(ports);
  });
});

describe("the requester's cancel link on recurring help", () => {
  async function cancelLink(): Promise<string> {
    return linkIn(ports.mailer.to(REQUESTER).find((m) => m.text.includes('/cancel/'))?.text, 'cancel');
  }

  it('asks which visits to cancel, and requires an answer', async () => {
    await weeklyRequestInvited();
    const link = await cancelLink();
    expect(await viewAction('cancel', link, ports)).toMatchObject({
      kind: 'confirm',
      action: 'cancel',
      summary: { frequency: 'weekly' },
    });
    await deliverPending(ports);
    expect(await performAction('cancel', link, settings, ports)).toMatchObject({
      kind: 'confirm',
      missingScope: true,
    });
    await deliverPending(ports);
  });

  it('"just the next visit" cancels it and arranges the one after', async () => {
    const first = await weeklyRequestInvited();
    const view = await performAction('cancel', await cancelLink(), settings, ports, { scope: 'this' });
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'cancelled', next: { neededBy: '2026-03-21' } });
    expect((await ports.store.getRequest(first.id))?.status).toBe('cancelled');
    expect((await ports.store.getSeries(first.id))?.requestIds).toHaveLength(2);
  });

  it('keeps working for the whole series: from the first email it acts on the latest visit', async () => {
    const first = await weeklyRequestInvited();
    const link = await cancelLink();
    await performAction('cancel', link, settings, ports, { scope: 'this' });
    await deliverPending(ports);
    const series = await ports.store.getSeries(first.id);
    const secondId = series?.requestIds[1] ?? '';
    const view = await performAction('cancel', link, settings, ports, { scope: 'all' });
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'cancelled', seriesEnded: true });
    expect((await ports.store.getRequest(secondId))?.status).toBe('cancelled');
    expect(await ports.store.getSeries(first.id)).toMatchObject({ status: 'ended', endReason: 'requester' });
    // Once ended, the link says there is nothing more to do.
    expect(await viewAction('cancel', link, ports)).toMatchObject({ kind: 'already-ended' });
    await deliverPending(ports);
  });

  it('"all visits" with a volunteer arranged ends the series, asks them to phone about this one, and tells the volunteer', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    const view = await performAction('cancel', await cancelLink(), settings, ports, { scope: 'all' });
    await deliverPending(ports);
    expect(view).toMatchObject({ kind: 'cancel-needs-call', seriesEnded: true });
    expect((await ports.store.getRequest(first.id))?.status).toBe('assigned');
    expect(lastTo(ALICE)?.subject).toMatch(/^No more weekly visits/);
    // The visit still to come is helped and closed, and nothing follows it.
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    expect((await ports.store.getSeries(first.id))?.requestIds).toEqual([first.id]);
  });
});

describe('the prescriber and a series', () => {
  it('sees every visit on one page, and can end the series', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    const detail = await loadSeries(first.id, ports);
    expect(detail?.occurrences.map((o) => [o.occurrence, o.request?.status])).toEqual([
      [1, 'closed'],
      [2, 'assigned'],
    ]);
    expect(detail?.volunteerNames['vol-a']).toBe('Alice Able');

    expect(await changeSeriesFromDashboard(first.id, 'end', PRESCRIBER.id, settings, ports)).toBe('done');
    await deliverPending(ports);
    expect(await ports.store.getSeries(first.id)).toMatchObject({
      status: 'ended',
      endReason: 'prescriber',
      endedBy: PRESCRIBER.id,
    });
    expect(await changeSeriesFromDashboard(first.id, 'end', PRESCRIBER.id, settings, ports)).toBe('conflict');
    await deliverPending(ports);
    expect(await changeSeriesFromDashboard('no-such', 'end', PRESCRIBER.id, settings, ports)).toBe(
      'not-found',
    );
    await deliverPending(ports);
  });

  it('can take the committed volunteer off it', async () => {
    const first = await weeklyRequestInvited();
    expect(await changeSeriesFromDashboard(first.id, 'stop', PRESCRIBER.id, settings, ports)).toBe(
      'conflict',
    );
    await deliverPending(ports);
    await accept(ALICE, 'accept-series');
    expect(await changeSeriesFromDashboard(first.id, 'stop', PRESCRIBER.id, settings, ports)).toBe('done');
    await deliverPending(ports);
    expect(ports.store.audit.at(-1)).toMatchObject({ type: 'series-stopped', actor: PRESCRIBER.id });
  });

  it('erasing the requester erases every visit and ends the series', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept-series');
    await performAction('done', doneLinkOf(ALICE), settings, ports);
    await deliverPending(ports);
    const ids = (await ports.store.getSeries(first.id))?.requestIds ?? [];
    expect(ports.store.duplicateKeys.size).toBeGreaterThan(0);
    const result = await eraseRequester(first.reference, PRESCRIBER.id, ports);
    await deliverPending(ports);
    // The duplicate check's hashed name and phone keys go with the person.
    expect(ports.store.duplicateKeys.size).toBe(0);
    expect(result).toEqual({ kind: 'erased', requestId: first.id, requestIds: ids });
    for (const id of ids) expect(await ports.store.getRequest(id)).toBeUndefined();
    expect(await ports.store.getSeries(first.id)).toMatchObject({ status: 'ended', endReason: 'erased' });
    const dump = ports.store.dump();
    for (const secret of REQUESTER_SECRETS) expect(dump).not.toContain(secret);
  });

  it('the daily catch-up makes a missing next visit, and ends a series whose visits are gone', async () => {
    const first = await weeklyRequestInvited();
    await accept(ALICE, 'accept');
    // The close landed, but the process stopped before the next visit was made.
    await ports.store.transitionRequest(first.id, ['assigned'], { status: 'closed', outcome: 'helped' });
    expect(await catchUpSeries(settings, ports)).toBe(1);
    await deliverPending(ports);
    const series = await ports.store.getSeries(first.id);
    expect(series?.requestIds).toHaveLength(2);

    ports.store.requests.delete(series?.requestIds[1] ?? '');
    expect(await catchUpSeries(settings, ports)).toBe(1);
    await deliverPending(ports);
    expect(await ports.store.getSeries(first.id)).toMatchObject({ status: 'ended', endReason: 'erased' });
  });
});
