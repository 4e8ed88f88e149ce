import { hashToken, INVITE_TOKEN_PATTERN } from '../util/ids.js';
import type { WorkflowStarter } from '../workflow/starter.js';
import type { HelpType } from '../vocabulary/help-types.js';
import { escalateRequest, type MatchingSettings } from './matching.js';
import { toRequester } from './messages.js';
import { isRecurring, type ActionToken, type HelpRequest, type HelpSeries, type Volunteer } from './model.js';
import { type RecurringFrequency } from '../vocabulary/choices.js';
import { afterOccurrenceEnded, endSeries, stopSeriesCommitment, type ContinueResult } from './series.js';
import type { Clock, Ids, Log, Store } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';
import { summaryOf as inviteSummaryOf, type AcceptedDetails } from './views.js';
import { nextMatchingRun } from './runs.js';
import { cancelRequest, closeRequest } from './admin/requests.js';
import { isPaused, pauseVolunteer } from './admin/volunteers.js';

/**
 * The requester's "cancel" link, the assigned volunteer's "done" and "release" links, and a volunteer's
 * own "pause" link. As with invites, GET only shows (email scanners fetch links) and a POST from our
 * own page acts; each action is audited (pauses, like every roster change, in the log by volunteer id).
 */
export type ActionKind = ActionToken['kind'];
/** The links that act on one request (their page asks to confirm, then a POST acts). */
export type RequestActionKind = Exclude<ActionKind, 'pause' | 'details'>;
/** The links about one request: those that act, and the details link, which only shows. */
export type RequestLinkKind = Exclude<ActionKind, 'pause'>;

export interface SelfServicePorts {
  store: Store;
  clock: Clock;
  log: Log;
}

/** Releasing tells the requester and starts matching again. */
export interface ReleasePorts extends SelfServicePorts {
  ids: Ids;
  starter: WorkflowStarter;
}

export interface ActionSummary {
  reference: string;
  helpType: HelpType;
  neededBy: string;
  /** Set on recurring help, so the cancel page can offer "just this one" or "stop it all". */
  frequency?: RecurringFrequency;
  /** The requester's language, stored with the request: the cancel pages speak it. */
  language?: HelpRequest['language'];
}

/** Recurring help: the occurrence that follows the one just ended. */
export interface NextOccurrence {
  neededBy: string;
  /** The volunteer who used the "done" link took on every occurrence, so the next is theirs. */
  withYou: boolean;
}

/** The requester's choice on a recurring request's cancel page. */
export type CancelScope = 'this' | 'all';

export function isCancelScope(value: unknown): value is CancelScope {
  return value === 'this' || value === 'all';
}

export type SelfServiceView =
  | { kind: 'invalid' }
  /** GET: the case can be ended (or given back) with this link; the page asks to confirm. */
  | { kind: 'confirm'; action: RequestActionKind; summary: ActionSummary; missingScope?: boolean }
  /** A volunteer is already arranged: the requester is asked to phone, so the volunteer is told. */
  | { kind: 'cancel-needs-call'; summary: ActionSummary; seriesEnded?: boolean }
  /** seriesEnded: the requester stopped the recurring help; next: only this one was cancelled. */
  | { kind: 'cancelled'; summary: ActionSummary; seriesEnded?: boolean; next?: NextOccurrence }
  | { kind: 'done'; summary: ActionSummary; next?: NextOccurrence }
  /** The stop link: the volunteer no longer takes every occurrence (now, or earlier). */
  | { kind: 'stopped'; summary: ActionSummary }
  /** The volunteer gave the task back (now, or earlier with this link): we are finding someone else. */
  | { kind: 'released'; summary: ActionSummary }
  /** Ended already (by this link, or another way). */
  | { kind: 'already-ended'; summary: ActionSummary }
  /**
   * The details link: the person, their address and the job, shown to the volunteer it was sent to
   * while the request is theirs, and to nobody else (a texted volunteer's way to the details).
   */
  | { kind: 'details'; details: AcceptedDetails; summary: ActionSummary };

interface Resolved {
  token: ActionToken;
  request: HelpRequest;
  /** Recurring help: the request's series, while it is active. */
  series?: HelpSeries;
}

/** A link is found by its hash only, and only for its own kind, until it expires. */
async function findLink(
  kind: ActionKind,
  raw: string,
  ports: SelfServicePorts,
): Promise<ActionToken | undefined> {
  if (!INVITE_TOKEN_PATTERN.test(raw)) return undefined;
  const token = await ports.store.findActionToken(hashToken(raw));
  if (!token || token.kind !== kind || token.expiresAt <= epochSeconds(ports.clock.now())) return undefined;
  return token;
}

const CANCELLABLE = ['received', 'matching', 'escalated'] as const;

function summaryOf(request: HelpRequest): ActionSummary {
  return {
    reference: request.reference,
    helpType: request.helpType,
    neededBy: request.neededBy,
    ...(isRecurring(request.frequency) ? { frequency: request.frequency } : {}),
    ...(request.language !== undefined ? { language: request.language } : {}),
  };
}

async function resolve(
  kind: RequestLinkKind,
  raw: string,
  ports: SelfServicePorts,
): Promise<Resolved | { kind: 'invalid' }> {
  const token = await findLink(kind, raw, ports);
  if (!token?.requestId) return { kind: 'invalid' };
  let request = await ports.store.getRequest(token.requestId);
  if (!request) return { kind: 'invalid' };
  const found = request.seriesId ? await ports.store.getSeries(request.seriesId) : undefined;
  const series = found?.status === 'active' ? found : undefined;
  // The requester's cancel link from the first confirmation keeps working for the whole series: it
  // acts on the latest occurrence.
  const latestId = series?.requestIds.at(-1);
  if (kind === 'cancel' && latestId && latestId !== request.id) {
    request = (await ports.store.getRequest(latestId)) ?? request;
  }
  return { token, request, ...(series ? { series } : {}) };
}

function current(kind: RequestLinkKind, { token, request, series }: Resolved): SelfServiceView | undefined {
  const summary = summaryOf(request);
  // A release link is single use: once spent it only says what it did.
  if (kind === 'release' && token.usedAt !== undefined) return { kind: 'released', summary };
  if (kind === 'stop') {
    return series?.committedVolunteerId === token.volunteerId ? undefined : { kind: 'stopped', summary };
  }
  if (kind === 'cancel') {
    // While recurring help goes on, the requester can always stop what is still to come.
    if (series) return undefined;
    if (request.status === 'assigned') return { kind: 'cancel-needs-call', summary };
    if (!(CANCELLABLE as readonly string[]).includes(request.status))
      return { kind: 'already-ended', summary };
    return undefined;
  }
  // "Done", "release" and "details" belong to the volunteer the request is assigned to, and only while it is.
  if (request.status !== 'assigned' || request.assignedVolunteerId !== token.volunteerId) {
    return { kind: 'already-ended', summary };
  }
  return undefined;
}

export async function viewAction(
  kind: RequestLinkKind,
  raw: string,
  ports: SelfServicePorts,
): Promise<SelfServiceView> {
  const resolved = await resolve(kind, raw, ports);
  if ('kind' in resolved) return resolved;
  const ended = current(kind, resolved);
  if (ended) return ended;
  const { request } = resolved;
  if (kind === 'details') {
    return {
      kind: 'details',
      details: { ...inviteSummaryOf(request), requester: request.requester },
      summary: summaryOf(request),
    };
  }
  return { kind: 'confirm', action: kind, summary: summaryOf(request) };
}

/** Cancelling and "done" may move recurring help on to its next occurrence (new ids, references). */
export interface ActionPorts extends SelfServicePorts {
  ids: Ids;
}

export async function performAction(
  kind: 'cancel' | 'done' | 'stop',
  raw: string,
  settings: MatchingSettings,
  ports: ActionPorts,
  options: { scope?: unknown } = {},
): Promise<SelfServiceView> {
  const resolved = await resolve(kind, raw, ports);
  if ('kind' in resolved) return resolved;
  const settled = current(kind, resolved);
  if (settled) return settled;
  const { token, request, series } = resolved;
  const summary = summaryOf(request);
  if (kind === 'stop') {
    await stopSeriesCommitment(
      series?.id ?? '',
      token.volunteerId ?? '',
      token.volunteerId ?? 'volunteer',
      ports,
    );
    return { kind: 'stopped', summary };
  }
  if (kind === 'cancel' && series) return cancelRecurring(request, series, options.scope, settings, ports);
  const result =
    kind === 'cancel'
      ? await cancelRequest(request.id, 'requester', 'requester', settings, ports, CANCELLABLE)
      : await closeRequest(
          request.id,
          'helped',
          undefined,
          token.volunteerId ?? 'volunteer',
          settings,
          ports,
          ['assigned'],
          'volunteer-link',
        );
  if (result.kind === 'done') {
    const next = nextFor(await afterOccurrenceEnded(result.request, settings, ports), token.volunteerId);
    return kind === 'cancel'
      ? { kind: 'cancelled', summary, ...(next ? { next } : {}) }
      : { kind: 'done', summary, ...(next ? { next } : {}) };
  }
  // Lost a race (a volunteer said yes, the prescriber closed it): show what happened instead.
  const after = await resolve(kind, raw, ports);
  return ('kind' in after ? undefined : current(kind, after)) ?? { kind: 'already-ended', summary };
}

function nextFor(result: ContinueResult, volunteerId: string | undefined): NextOccurrence | undefined {
  if (result.kind !== 'next') return undefined;
  return {
    neededBy: result.request.neededBy,
    withYou: volunteerId !== undefined && result.withVolunteerId === volunteerId,
  };
}

/**
 * The requester's cancel link on recurring help: "just this one" cancels the current occurrence and
 * arranges the next; "all" ends the series, and cancels the current one unless a volunteer is already
 * arranged for it (then, as for one-off help, they are asked to phone so the volunteer is told).
 */
async function cancelRecurring(
  request: HelpRequest,
  series: HelpSeries,
  scope: unknown,
  settings: MatchingSettings,
  ports: ActionPorts,
): Promise<SelfServiceView> {
  const summary = summaryOf(request);
  if (!isCancelScope(scope)) return { kind: 'confirm', action: 'cancel', summary, missingScope: true };
  const cancellable = (CANCELLABLE as readonly string[]).includes(request.status);
  if (scope === 'this') {
    if (request.status === 'assigned') return { kind: 'cancel-needs-call', summary };
    if (!cancellable) return { kind: 'already-ended', summary };
    const result = await cancelRequest(request.id, 'requester', 'requester', settings, ports, CANCELLABLE);
    if (result.kind !== 'done') return { kind: 'already-ended', summary };
    const next = nextFor(await afterOccurrenceEnded(result.request, settings, ports), undefined);
    return { kind: 'cancelled', summary, ...(next ? { next } : {}) };
  }
  await endSeries(series.id, 'requester', 'requester', settings, ports);
  if (request.status === 'assigned') return { kind: 'cancel-needs-call', summary, seriesEnded: true };
  if (cancellable) await cancelRequest(request.id, 'requester', 'requester', settings, ports, CANCELLABLE);
  return { kind: 'cancelled', summary, seriesEnded: true };
}

/**
 * The volunteer who has the task gives it back: one transaction moves the request from assigned (to
 * them) back to matching, spends the link and writes the requester's short note; then the audit and a new
 * execution that continues the wave count. They are not asked again: their accepted invite is kept.
 */
export async function performRelease(
  raw: string,
  settings: MatchingSettings,
  ports: ReleasePorts,
): Promise<SelfServiceView> {
  const resolved = await resolve('release', raw, ports);
  if ('kind' in resolved) return resolved;
  const settled = current('release', resolved);
  if (settled) return settled;
  const { token, request } = resolved;
  const summary = summaryOf(request);
  const volunteerId = token.volunteerId ?? '';
  const at = ports.clock.now().toISOString();
  // The requester's short note goes with the release itself, whatever becomes of the new run.
  const outcome = await ports.store.releaseAssignment(request.id, volunteerId, token.tokenHash, at, [
    { kind: 'requester-released', to: toRequester(request.id), requestId: request.id },
  ]);
  if (outcome === 'used') return { kind: 'released', summary };
  if (outcome === 'not-assigned') return { kind: 'already-ended', summary };

  await keepFromNextWaves(request, volunteerId, ports);
  // Audited before the start, so the execution name is never handed out twice, even if the start fails.
  const { run, name } = nextMatchingRun(request.id, await ports.store.listAudit(request.id));
  await ports.store.appendAudit({
    requestId: request.id,
    at,
    type: 'released',
    actor: volunteerId,
    data: { run, wave: request.wave },
  });
  ports.log.info('task released by the volunteer', { requestId: request.id, volunteerId, run });
  try {
    await ports.starter.start(request.id, name, request.wave);
  } catch (error) {
    // Nothing would match it now, so the prescriber hears of it, as of any failure of matching. The
    // release itself stands: the volunteer cannot go, whatever happens next.
    const errorName = error instanceof Error ? error.name : 'unknown';
    ports.log.error('matching could not start again after a release', {
      requestId: request.id,
      run,
      error: errorName,
    });
    await escalateRequest(
      { requestId: request.id, wave: request.wave, error: { Error: errorName } },
      settings,
      ports,
    );
  }
  return { kind: 'released', summary };
}

/**
 * Matching never asks a volunteer twice for one request: it skips anyone with an invite. A volunteer
 * who accepted has one; a volunteer the prescriber arranged by hand may not, so they get a spent one
 * (declined, its link never sent) that keeps them out of the next waves.
 */
async function keepFromNextWaves(
  request: HelpRequest,
  volunteerId: string,
  ports: ReleasePorts,
): Promise<void> {
  const invites = await ports.store.listInvites(request.id);
  if (invites.some((i) => i.volunteerId === volunteerId)) return;
  const now = ports.clock.now();
  await ports.store.createInvite({
    requestId: request.id,
    volunteerId,
    wave: request.wave,
    tokenHash: hashToken(ports.ids.inviteToken()),
    status: 'declined',
    createdAt: now.toISOString(),
    respondedAt: now.toISOString(),
    expiresAt: epochSeconds(now),
  });
}

// ---- the volunteer's own pause link ------------------------------------------------------------

/** How long a volunteer may pause their own invites from the link: a few fixed choices, as radios. */
export const PAUSE_CHOICES = { '1w': 7, '2w': 14, '1m': 30, '3m': 91 } as const;
export type PauseChoice = keyof typeof PAUSE_CHOICES;

export function isPauseChoice(value: unknown): value is PauseChoice {
  return typeof value === 'string' && Object.hasOwn(PAUSE_CHOICES, value);
}

export type PauseView =
  | { kind: 'invalid' }
  /** GET (or a POST without a choice): how long? Shows a pause already in place. */
  | { kind: 'pause-choose'; pausedUntil?: string; missingChoice?: boolean }
  /** Paused until the end of this date (YYYY-MM-DD). */
  | { kind: 'paused'; until: string };

export interface PausePorts extends SelfServicePorts {
  ids: Pick<Ids, 'volunteerId'>;
}

async function resolvePause(raw: string, ports: SelfServicePorts): Promise<Volunteer | undefined> {
  const token = await findLink('pause', raw, ports);
  if (!token?.volunteerId) return undefined;
  // A volunteer removed from the roster has no one left to pause.
  return ports.store.getVolunteer(token.volunteerId);
}

function currentPause(volunteer: Volunteer, now: Date): string | undefined {
  return isPaused(volunteer, now) ? volunteer.pausedUntil?.slice(0, 10) : undefined;
}

/** GET: nothing about any request, only the volunteer's own pause, if any. */
export async function viewPause(raw: string, ports: SelfServicePorts): Promise<PauseView> {
  const volunteer = await resolvePause(raw, ports);
  if (!volunteer) return { kind: 'invalid' };
  const pausedUntil = currentPause(volunteer, ports.clock.now());
  return { kind: 'pause-choose', ...(pausedUntil ? { pausedUntil } : {}) };
}

/**
 * Usable again until it expires with the invite, so a volunteer can change their mind and pause for
 * longer. It never shortens a pause already in place (the prescriber's, or one after a bounce): to come
 * back sooner, they call the scheme.
 */
export async function performPause(raw: string, choice: unknown, ports: PausePorts): Promise<PauseView> {
  const volunteer = await resolvePause(raw, ports);
  if (!volunteer) return { kind: 'invalid' };
  const now = ports.clock.now();
  const pausedUntil = currentPause(volunteer, now);
  if (!isPauseChoice(choice))
    return { kind: 'pause-choose', missingChoice: true, ...(pausedUntil ? { pausedUntil } : {}) };
  const chosen = new Date(now.getTime() + PAUSE_CHOICES[choice] * DAY_SECONDS * 1000)
    .toISOString()
    .slice(0, 10);
  if (pausedUntil && pausedUntil >= chosen) return { kind: 'paused', until: pausedUntil };
  const result = await pauseVolunteer(volunteer.id, chosen, volunteer.id, ports);
  if (result.kind !== 'saved') return { kind: 'invalid' };
  ports.log.info('volunteer paused their own invites', {
    volunteerId: volunteer.id,
    days: PAUSE_CHOICES[choice],
  });
  return { kind: 'paused', until: chosen };
}
