import type { SchemeSettings } from '../../config.js';
import type { Prescriber } from '../../auth/claims.js';
import type { WorkflowStarter } from '../../workflow/starter.js';
import { arrangedMessages, spendOtherInvites } from '../arranged.js';
import { afterOccurrenceEnded, type ContinueResult } from '../series.js';
import { eraseRequester } from '../erasure.js';
import { hashToken, newInviteToken } from '../../util/ids.js';
import { selectCandidates, windowSecondsFor, type MatchingSettings } from '../matching.js';
import {
  asCandidate,
  candidateFacts,
  rankCandidates,
  type CandidateFacts,
  type FitSettings,
} from './candidates.js';
import { toVolunteer } from '../messages.js';
import {
  OPEN_STATUSES,
  type AuditEvent,
  type CloseOutcome,
  type HelpRequest,
  type Invite,
  type RequestStatus,
  type Volunteer,
} from '../model.js';
import type { Clock, Ids, Log, Store } from '../ports.js';
import { nextMatchingRun } from '../runs.js';
import { DAY_SECONDS, epochSeconds } from '../../vocabulary/time.js';
import type { ClaimFilter } from '../model.js';
import { matchesClaimFilter, teamNames } from '../team.js';

// The run names' rule lives beside the wave step that reads them back; callers keep importing it here.
export { nextMatchingRun };

export interface AdminPorts {
  store: Store;
  clock: Clock;
  ids: Ids;
  log: Log;
}

export interface RematchPorts extends AdminPorts {
  starter: WorkflowStarter;
}

/** A request is still the prescriber's to act on in these statuses. */
export const ACTIVE_STATUSES: readonly RequestStatus[] = ['received', 'matching', 'escalated', 'assigned'];
const UNASSIGNED: readonly RequestStatus[] = ['received', 'matching', 'escalated'];

const RECENT_DAYS = 14;
/**
 * The most cards each list of the home page shows: the queue that needs the prescriber shows more, the
 * others their oldest or newest few, and a search finds the rest. The page stays small at any volume.
 */
export const QUEUE_LIMIT = 50;
export const SECTION_LIMIT = 25;

export interface WaitingRequest {
  request: HelpRequest;
  /** When the current wave's window closes (ISO), if a wave has started. */
  windowEndsAt?: string;
}

export interface DashboardHome {
  escalated: HelpRequest[];
  waiting: WaitingRequest[];
  assigned: HelpRequest[];
  recentlyClosed: HelpRequest[];
  counts: { escalated: number; waiting: number; assigned: number; recentlyClosed: number };
  /** Lists cut at their limit: there are more than the page shows. */
  more: { escalated: boolean; waiting: boolean; assigned: boolean; recentlyClosed: boolean };
  /** The team's names by prescriber id: who handles each request. */
  prescriberNames?: Record<string, string>;
}

/**
 * "What needs me now": every list is one bounded Query of the byStatus index, never a Scan. With a claim
 * filter (mine, unclaimed) the open lists filter inside their Query, so the 50 shown are the first 50
 * that match; the closed lists, which grow without end, keep their bounded read and filter what it
 * brought.
 */
export async function loadHome(
  settings: SchemeSettings,
  ports: Pick<AdminPorts, 'store' | 'clock'>,
  options: { claim?: ClaimFilter } = {},
): Promise<DashboardHome> {
  const { store } = ports;
  const now = ports.clock.now();
  const recentSince = new Date(now.getTime() - RECENT_DAYS * DAY_SECONDS * 1000).toISOString();
  const claim = options.claim ? { claim: options.claim } : {};
  // One more than each list shows: whether there are more is known without counting them.
  const [escalatedRead, received, matching, assignedRead, closed, cancelled, prescriberNames] =
    await Promise.all([
      // Oldest first and bounded, like every list here: the page stays small however busy the queue.
      store.listRequestsByStatus('escalated', { limit: QUEUE_LIMIT + 1, ...claim }),
      store.listRequestsByStatus('received', { limit: SECTION_LIMIT + 1, ...claim }),
      store.listRequestsByStatus('matching', { limit: SECTION_LIMIT + 1, ...claim }),
      store.listRequestsByStatus('assigned', { newestFirst: true, limit: SECTION_LIMIT + 1, ...claim }),
      store.listRequestsByStatus('closed', { newestFirst: true, limit: SECTION_LIMIT + 1 }),
      store.listRequestsByStatus('cancelled', { newestFirst: true, limit: SECTION_LIMIT + 1 }),
      teamNames(store),
    ]);
  // Oldest escalation first: whoever has waited longest is called first.
  const escalated = escalatedRead
    .slice(0, QUEUE_LIMIT)
    .sort((a, b) => (a.escalatedAt ?? a.createdAt).localeCompare(b.escalatedAt ?? b.createdAt));
  // Each list is oldest first, so the oldest few of both are among the first few of each.
  const open = [...received, ...matching].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const waiting = await Promise.all(
    open
      .slice(0, SECTION_LIMIT)
      .map(async (request) => ({ request, windowEndsAt: await windowEnd(request, settings, ports) })),
  );
  const assigned = assignedRead.slice(0, SECTION_LIMIT);
  const closedAt = (r: HelpRequest) => r.closedAt ?? r.createdAt;
  const recent = [...closed, ...cancelled]
    .filter((r) => closedAt(r) >= recentSince && matchesClaimFilter(r, options.claim))
    .sort((a, b) => closedAt(b).localeCompare(closedAt(a)));
  const recentlyClosed = recent.slice(0, SECTION_LIMIT);
  // A list read to its limit may hold more recent ones beyond it.
  const cutRecent = [closed, cancelled].some(
    (list) => list.length > SECTION_LIMIT && closedAt(list.at(-1) as HelpRequest) >= recentSince,
  );
  return {
    escalated,
    waiting,
    assigned,
    recentlyClosed,
    counts: {
      escalated: escalated.length,
      waiting: waiting.length,
      assigned: assigned.length,
      recentlyClosed: recentlyClosed.length,
    },
    more: {
      escalated: escalatedRead.length > QUEUE_LIMIT,
      waiting: open.length > SECTION_LIMIT,
      assigned: assignedRead.length > SECTION_LIMIT,
      recentlyClosed: recent.length > SECTION_LIMIT || cutRecent,
    },
    prescriberNames,
  };
}

async function windowEnd(
  request: HelpRequest,
  settings: SchemeSettings,
  ports: Pick<AdminPorts, 'store'>,
): Promise<string | undefined> {
  if (request.status !== 'matching') return undefined;
  if (request.waveStartedAt)
    return new Date(
      Date.parse(request.waveStartedAt) + windowSecondsFor(request, settings) * 1000,
    ).toISOString();
  // Requests whose wave started before the request carried its start: the audit says when.
  const audit = await ports.store.listAudit(request.id);
  const started = audit.filter((e) => e.type === 'wave-started').at(-1);
  if (!started) return undefined;
  return new Date(new Date(started.at).getTime() + windowSecondsFor(request, settings) * 1000).toISOString();
}

/** How many of the best-fitting volunteers the request page shows; a search finds anyone else. */
export const CANDIDATES_SHOWN = 10;

export interface CandidateLine {
  volunteer: Volunteer;
  facts: CandidateFacts;
}

export interface RequestDetail {
  request: HelpRequest;
  audit: AuditEvent[];
  invites: Invite[];
  /** Names resolved now, from ids: a removed volunteer has no entry and shows as removed. */
  volunteerNames: Record<string, string>;
  /** The best fits among those who offer this help here, ranked (at most CANDIDATES_SHOWN). */
  candidates: CandidateLine[];
  /** How many offer this help here in all (one Query of the offer index). */
  offering: number;
  /** Volunteers "Find a volunteer again" would ask now: not asked before, not paused, DBS fine. */
  newToAsk: number;
  /** The arranged volunteer's profile (how they are reached), when there is one still on the roster. */
  assignedVolunteer?: Volunteer;
  /** The volunteers a search by name on the page found, with how they fit. */
  searched?: { name: string; lines: CandidateLine[] };
  /** Who was asked, round by round, and what came of it. */
  waves: InviteWave[];
  /** The team's names by prescriber id: who handles it, and who did what in the audit. */
  prescriberNames?: Record<string, string>;
  /** A request held as a possible duplicate: the earlier request it may repeat, if it still exists. */
  earlier?: HelpRequest;
}

/** Every volunteer id an audit trail names (as the actor, or in its data). */
function volunteerIdsIn(audit: readonly AuditEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of audit) {
    if (event.actor !== 'system') ids.add(event.actor);
    if (typeof event.data?.volunteerId === 'string') ids.add(event.data.volunteerId);
  }
  return [...ids];
}

/**
 * What came of one invite, as the prescriber needs it: 'waiting' while the request is still open and
 * the link still works; 'no-answer' once either has passed; 'taken' when someone else got it first.
 */
export type InviteAnswer = 'accepted' | 'declined' | 'taken' | 'waiting' | 'no-answer';

export interface InviteWave {
  wave: number;
  invites: { volunteerId: string; answer: InviteAnswer; respondedAt?: string }[];
}

export function invitesByWave(request: HelpRequest, invites: readonly Invite[], now: Date): InviteWave[] {
  const open = OPEN_STATUSES.includes(request.status);
  const answerOf = (invite: Invite): InviteAnswer => {
    if (invite.status === 'accepted' || invite.status === 'declined' || invite.status === 'taken')
      return invite.status;
    return open && invite.expiresAt > epochSeconds(now) ? 'waiting' : 'no-answer';
  };
  const waves = new Map<number, InviteWave>();
  for (const invite of [...invites].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const wave = waves.get(invite.wave) ?? { wave: invite.wave, invites: [] };
    wave.invites.push({
      volunteerId: invite.volunteerId,
      answer: answerOf(invite),
      ...(invite.respondedAt ? { respondedAt: invite.respondedAt } : {}),
    });
    waves.set(invite.wave, wave);
  }
  return [...waves.values()].sort((a, b) => a.wave - b.wave);
}

/**
 * The request page. Bounded at any roster size: the request, its audit and invites, one Query of the
 * offer index for this area and help type, and one batch read of the profiles it names; never the roster.
 */
export async function loadRequest(
  requestId: string,
  settings: FitSettings & Pick<SchemeSettings, 'waveSize'>,
  ports: Pick<AdminPorts, 'store' | 'clock'>,
  options: { who?: string } = {},
): Promise<RequestDetail | undefined> {
  const request = await ports.store.getRequest(requestId);
  if (!request) return undefined;
  const who = options.who?.trim();
  const heldAsRepeatOf = request.status === 'on-hold' ? request.possibleDuplicateOf : undefined;
  const [audit, invites, offering, found, prescriberNames, earlier] = await Promise.all([
    ports.store.listAudit(requestId),
    ports.store.listInvites(requestId),
    ports.store.findVolunteersOffering(request.area, request.helpType),
    who ? ports.store.findPeople({ kind: 'name', value: who }) : undefined,
    teamNames(ports.store),
    heldAsRepeatOf ? ports.store.getRequest(heldAsRepeatOf) : undefined,
  ]);
  const now = ports.clock.now();
  const ranked = rankCandidates(offering.map((v) => candidateFacts(v, request, invites, settings, now)));
  const shown = ranked.slice(0, CANDIDATES_SHOWN);
  const alreadyInvited = new Set(invites.map((i) => i.volunteerId));
  const newToAsk = selectCandidates(
    offering,
    request,
    alreadyInvited,
    { ...settings, waveSize: Number.MAX_SAFE_INTEGER },
    now,
  ).length;
  const profiles = await ports.store.getVolunteers([
    ...shown.map((f) => f.volunteerId),
    ...invites.map((i) => i.volunteerId),
    ...volunteerIdsIn(audit),
    ...(request.assignedVolunteerId ? [request.assignedVolunteerId] : []),
    ...(found?.volunteerIds ?? []),
  ]);
  const byId = new Map(profiles.map((v) => [v.id, v]));
  const lineOf = (facts: CandidateFacts): CandidateLine[] => {
    const volunteer = byId.get(facts.volunteerId);
    return volunteer ? [{ volunteer, facts }] : [];
  };
  const searched =
    who && found
      ? {
          name: who,
          lines: rankCandidates(
            found.volunteerIds.flatMap((id) => {
              const volunteer = byId.get(id);
              return volunteer
                ? [candidateFacts(asCandidate(volunteer), request, invites, settings, now)]
                : [];
            }),
          ).flatMap(lineOf),
        }
      : undefined;
  return {
    request,
    audit,
    invites,
    volunteerNames: Object.fromEntries(profiles.map((v) => [v.id, v.name])),
    candidates: shown.flatMap(lineOf),
    offering: offering.length,
    newToAsk,
    ...(searched ? { searched } : {}),
    ...(request.assignedVolunteerId && byId.get(request.assignedVolunteerId)
      ? { assignedVolunteer: byId.get(request.assignedVolunteerId) }
      : {}),
    waves: invitesByWave(request, invites, now),
    prescriberNames,
    ...(earlier ? { earlier } : {}),
  };
}

/** What is left of a request whose requester was erased: the audit (ids only), or undefined if never erased. */
export async function loadErased(
  requestId: string,
  ports: Pick<AdminPorts, 'store'>,
): Promise<
  | { audit: AuditEvent[]; volunteerNames: Record<string, string>; prescriberNames: Record<string, string> }
  | undefined
> {
  const audit = await ports.store.listAudit(requestId);
  if (!audit.some((e) => e.type === 'erased')) return undefined;
  const [volunteers, prescriberNames] = await Promise.all([
    ports.store.getVolunteers(volunteerIdsIn(audit)),
    teamNames(ports.store),
  ]);
  return {
    audit,
    volunteerNames: Object.fromEntries(volunteers.map((v) => [v.id, v.name])),
    prescriberNames,
  };
}

/**
 * The requester's right to erasure from the dashboard: the same domain function as the command, with the
 * prescriber's id as the one who erased it. The caller has already had the prescriber confirm.
 */
export async function eraseFromDashboard(
  requestId: string,
  prescriber: Prescriber,
  ports: Pick<AdminPorts, 'store' | 'clock' | 'log'>,
): Promise<{ kind: 'erased' } | { kind: 'not-found' }> {
  const request = await ports.store.getRequest(requestId);
  if (!request) return { kind: 'not-found' };
  const result = await eraseRequester(request.reference, prescriber.id, ports);
  return result.kind === 'erased' ? { kind: 'erased' } : { kind: 'not-found' };
}

export type ActionResult =
  | { kind: 'done'; request: HelpRequest }
  | { kind: 'not-found' }
  /** The request had already moved on (someone accepted, it was closed): nothing was changed. */
  | { kind: 'conflict'; status: RequestStatus }
  | { kind: 'unknown-volunteer' }
  /** Arranging someone who does not fit waits for the prescriber to confirm: nothing was changed. */
  | { kind: 'poor-fit'; volunteer: Volunteer; facts: CandidateFacts }
  /** "Find a volunteer again" with nobody left who was not asked: nothing was changed, nothing sent. */
  | { kind: 'nobody-new' };

async function conflictOrMissing(requestId: string, store: Store): Promise<ActionResult> {
  const current = await store.getRequest(requestId);
  return current ? { kind: 'conflict', status: current.status } : { kind: 'not-found' };
}

function retentionExpiry(now: Date, settings: SchemeSettings): number {
  return epochSeconds(now) + settings.retentionDays * DAY_SECONDS;
}

/**
 * The prescriber gives the request to a named volunteer: the same conditional write as an accept (so it
 * cannot overwrite a volunteer who said yes a moment earlier), then the same emails.
 */
export async function assignByHand(
  requestId: string,
  volunteerId: string,
  prescriber: Prescriber,
  settings: MatchingSettings,
  ports: AdminPorts,
  options: { poorFitConfirmed?: boolean } = {},
): Promise<ActionResult> {
  const volunteer = await ports.store.getVolunteer(volunteerId);
  if (!volunteer) return { kind: 'unknown-volunteer' };
  const at = ports.clock.now().toISOString();
  const invites = await ports.store.listInvites(requestId);
  if (!options.poorFitConfirmed) {
    const request = await ports.store.getRequest(requestId);
    if (!request) return { kind: 'not-found' };
    const facts = candidateFacts(asCandidate(volunteer), request, invites, settings, ports.clock.now());
    if (facts.problems.length > 0) return { kind: 'poor-fit', volunteer, facts };
  }
  const request = await ports.store.transitionRequest(
    requestId,
    UNASSIGNED,
    { status: 'assigned', assignedVolunteerId: volunteer.id, assignedAt: at },
    arrangedMessages(requestId, volunteer.id, 'by-hand'),
  );
  if (!request) return conflictOrMissing(requestId, ports.store);
  // A job arranged by hand counts against their weekly limit as one they accepted does. The
  // assignment stands whatever happens here: a failure only leaves one job uncounted.
  await ports.store
    .recordAcceptance(volunteer.id, at)
    .catch(() => ports.log.warn('could not count the job arranged by hand', { volunteerId: volunteer.id }));
  await ports.store.appendAudit({
    requestId,
    at,
    type: 'assigned-by-hand',
    actor: prescriber.id,
    data: { volunteerId: volunteer.id },
  });
  ports.log.info('assigned by hand', { requestId, volunteerId: volunteer.id });
  await spendOtherInvites(requestId, volunteer.id, invites, ports);
  return { kind: 'done', request };
}

/**
 * Runs matching again for an escalated request: back to "received", then a new execution, named by
 * nextMatchingRun. Volunteers asked before are not asked again (their invite already exists); new or
 * unpaused volunteers are.
 */
export async function rerunMatching(
  requestId: string,
  prescriber: Prescriber,
  settings: MatchingSettings,
  ports: RematchPorts,
): Promise<ActionResult> {
  const before = await ports.store.getRequest(requestId);
  if (!before) return { kind: 'not-found' };
  if (before.status !== 'escalated') return { kind: 'conflict', status: before.status };
  // The same choice the wave step makes: with nobody it would ask, a new run would only escalate again.
  const [offering, invites] = await Promise.all([
    ports.store.findVolunteersOffering(before.area, before.helpType),
    ports.store.listInvites(requestId),
  ]);
  const fresh = selectCandidates(
    offering,
    before,
    new Set(invites.map((i) => i.volunteerId)),
    settings,
    ports.clock.now(),
  );
  if (fresh.length === 0) return { kind: 'nobody-new' };
  const request = await ports.store.transitionRequest(requestId, ['escalated'], { status: 'received' });
  if (!request) return conflictOrMissing(requestId, ports.store);
  const { run, name } = nextMatchingRun(requestId, await ports.store.listAudit(requestId));
  try {
    await ports.starter.start(requestId, name);
  } catch (error) {
    // Nothing will match it now, so hand it back to the prescriber as it was.
    await ports.store.transitionRequest(requestId, ['received'], { status: 'escalated' });
    throw error;
  }
  await ports.store.appendAudit({
    requestId,
    at: ports.clock.now().toISOString(),
    type: 'matching-rerun',
    actor: prescriber.id,
    data: { run },
  });
  ports.log.info('matching run again', { requestId, run });
  return { kind: 'done', request };
}

/**
 * The volunteer arranged for a request cannot help after all (they phoned the team): the prescriber
 * takes it back and the system asks volunteers again in a new execution. The dropped volunteer is told
 * they are no longer needed, their "done" link stops working (it only works while the request is theirs),
 * and they are not asked again in the new run.
 */
export async function unassignAndRerun(
  requestId: string,
  prescriber: Prescriber,
  settings: MatchingSettings,
  ports: RematchPorts,
): Promise<ActionResult> {
  const before = await ports.store.getRequest(requestId);
  if (!before) return { kind: 'not-found' };
  const volunteerId = before.assignedVolunteerId;
  if (before.status !== 'assigned' || !volunteerId) return { kind: 'conflict', status: before.status };
  const request = await ports.store.transitionRequest(requestId, ['assigned'], {
    status: 'received',
    unset: ['assignedVolunteerId', 'assignedAt'],
  });
  if (!request) return conflictOrMissing(requestId, ports.store);
  const now = ports.clock.now();
  const invites = await ports.store.listInvites(requestId);
  if (!invites.some((i) => i.volunteerId === volunteerId)) {
    // Arranged by hand, so never invited: an invite they have declined is what keeps the new run from
    // asking them. Its token is random and never sent, so it opens nothing.
    await ports.store.createInvite({
      requestId,
      volunteerId,
      wave: request.wave,
      tokenHash: hashToken(newInviteToken()),
      status: 'declined',
      createdAt: now.toISOString(),
      respondedAt: now.toISOString(),
      expiresAt: retentionExpiry(now, settings),
    });
  }
  const { run, name } = nextMatchingRun(requestId, await ports.store.listAudit(requestId));
  try {
    // The first run may still be waiting out its wave: continuing the wave count makes it stand down
    // when it wakes (as after a volunteer's own release), so only one run matches the request.
    await ports.starter.start(requestId, name, request.wave);
  } catch (error) {
    // Nothing will match it now: give it back to the volunteer it was with, so nothing is lost.
    await ports.store.transitionRequest(requestId, ['received'], {
      status: 'assigned',
      assignedVolunteerId: volunteerId,
      ...(before.assignedAt ? { assignedAt: before.assignedAt } : {}),
    });
    throw error;
  }
  // Only now that the new run has started does the volunteer hear they are not needed (a failed start
  // gives the request back to them): the entry and the message in one transaction.
  await ports.store.appendAudit(
    {
      requestId,
      at: now.toISOString(),
      type: 'unassigned',
      actor: prescriber.id,
      data: { volunteerId, run },
    },
    [{ kind: 'volunteer-no-longer-needed', to: toVolunteer(volunteerId), requestId }],
  );
  ports.log.info('assignment taken back; matching run again', { requestId, volunteerId, run });
  return { kind: 'done', request };
}

export type CancelledBy = 'prescriber' | 'requester';

export async function cancelRequest(
  requestId: string,
  actor: string,
  by: CancelledBy,
  settings: SchemeSettings,
  ports: Pick<AdminPorts, 'store' | 'clock' | 'log'>,
  from: readonly RequestStatus[] = ACTIVE_STATUSES,
): Promise<ActionResult> {
  const now = ports.clock.now();
  const request = await ports.store.transitionRequest(requestId, from, {
    status: 'cancelled',
    closedAt: now.toISOString(),
    expiresAt: retentionExpiry(now, settings),
  });
  if (!request) return conflictOrMissing(requestId, ports.store);
  await ports.store.appendAudit({ requestId, at: now.toISOString(), type: 'cancelled', actor, data: { by } });
  ports.log.info('request cancelled', { requestId, by });
  return { kind: 'done', request };
}

export const NOTE_MAX = 500;

export async function closeRequest(
  requestId: string,
  outcome: CloseOutcome,
  note: string | undefined,
  actor: string,
  settings: SchemeSettings,
  ports: Pick<AdminPorts, 'store' | 'clock' | 'log'>,
  from: readonly RequestStatus[] = ACTIVE_STATUSES,
  via: 'dashboard' | 'volunteer-link' = 'dashboard',
): Promise<ActionResult> {
  const now = ports.clock.now();
  const request = await ports.store.transitionRequest(requestId, from, {
    status: 'closed',
    closedAt: now.toISOString(),
    outcome,
    ...(note ? { closingNote: note.slice(0, NOTE_MAX) } : {}),
    // Closing starts the retention clock: DynamoDB TTL deletes the request after it.
    expiresAt: retentionExpiry(now, settings),
  });
  if (!request) return conflictOrMissing(requestId, ports.store);
  // The note is free text, so the audit records only that there was one.
  await ports.store.appendAudit({
    requestId,
    at: now.toISOString(),
    type: 'closed',
    actor,
    data: { outcome, via, ...(note ? { note: true } : {}) },
  });
  ports.log.info('request closed', { requestId, outcome, via });
  return { kind: 'done', request };
}

/**
 * The dashboard's close and cancel: the request ends, and recurring help moves on to its next
 * occurrence (or stops, when closed as no longer needed). The close stands whatever the series does.
 */
export async function endFromDashboard(
  requestId: string,
  end: { kind: 'cancel' } | { kind: 'close'; outcome: CloseOutcome; note?: string },
  prescriber: Prescriber,
  settings: MatchingSettings,
  ports: AdminPorts,
): Promise<{ result: ActionResult; series: ContinueResult }> {
  const result =
    end.kind === 'cancel'
      ? await cancelRequest(requestId, prescriber.id, 'prescriber', settings, ports)
      : await closeRequest(requestId, end.outcome, end.note, prescriber.id, settings, ports);
  const series =
    result.kind === 'done'
      ? await afterOccurrenceEnded(result.request, settings, ports)
      : { kind: 'none' as const };
  return { result, series };
}
