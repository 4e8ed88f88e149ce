import type { SchemeSettings } from '../config.js';
import { hashToken, newInviteToken } from '../util/ids.js';
import type { EscalationReason, HelpRequest, Invite } from './model.js';
import { OPEN_STATUSES } from './model.js';
import { TO_PRESCRIBER, toVolunteer } from './messages.js';
import type { Clock, Ids, Log, MatchCandidate, Metrics, Store } from './ports.js';
import { DAY_SECONDS, epochSeconds, londonDate } from '../vocabulary/time.js';
import { hasCurrentDbsCheck } from './dbs.js';
import { availableBefore, underWeeklyLimit } from './availability.js';
import { coversArea } from '../vocabulary/postcode.js';
import { settleUnansweredInvites } from './unanswered-invites.js';

/**
 * The state the workflow carries between Tasks: ids and counters only, because execution
 * history is visible in the console for 90 days. Every Task returns the whole state, so the
 * Wait that follows a Task reads what that Task returned.
 */
export interface WorkflowState {
  requestId: string;
  wave: number;
  /** What the next Choice does with this state. */
  next?: 'invite' | 'wait' | 'next-wave' | 'escalate' | 'done';
  volunteerIds?: string[];
  windowSeconds?: number;
  escalationReason?: EscalationReason;
  /** Set by a Catch: the error that sent a request to the prescriber. */
  error?: { Error?: string; Cause?: string };
  outcome?: 'escalated' | 'not-needed';
}

export interface MatchingPorts {
  store: Store;
  clock: Clock;
  ids: Ids;
  log: Log;
  metrics?: Metrics;
}

export interface MatchingSettings extends SchemeSettings {
  publicBaseUrl: string;
  lookupHashSecret?: string;
}

// The view helpers live beside the view types; many callers still import them from here.

export function isOpen(request: HelpRequest): boolean {
  return OPEN_STATUSES.includes(request.status);
}

/**
 * Fair rotation: fewest invites in the fairness window first, then the longest since their last
 * invite, then id so the order is stable. Only volunteers with a slot between now and the need-by date
 * (when the request has one) and room under their weekly limit are asked. Pure, so the rule is tested
 * without a table.
 */
export function selectCandidates<V extends MatchCandidate>(
  volunteers: readonly V[],
  request: Pick<HelpRequest, 'helpType' | 'area'> & { neededBy?: string },
  alreadyInvited: ReadonlySet<string>,
  settings: Pick<
    SchemeSettings,
    'dbsRequiredHelpTypes' | 'waveSize' | 'fairnessWindowDays' | 'dbsValidForMonths'
  >,
  now: Date,
): V[] {
  const needsDbs = settings.dbsRequiredHelpTypes.includes(request.helpType);
  const today = londonDate(now);
  const windowStart = new Date(
    now.getTime() - settings.fairnessWindowDays * DAY_SECONDS * 1000,
  ).toISOString();
  const nowIso = now.toISOString();
  const recent = (v: V) => v.recentInvites.filter((at) => at >= windowStart);
  return volunteers
    .filter(
      (v) =>
        v.helpTypes.includes(request.helpType) &&
        coversArea(v.areas, request.area) &&
        !alreadyInvited.has(v.id) &&
        !(v.pausedUntil && v.pausedUntil > nowIso) &&
        (!needsDbs || hasCurrentDbsCheck(v, today, settings.dbsValidForMonths)) &&
        (request.neededBy === undefined || availableBefore(v, now, request.neededBy)) &&
        underWeeklyLimit(v, now),
    )
    .map((v) => ({ v, count: recent(v).length, last: recent(v).sort().at(-1) ?? '' }))
    .sort((a, b) => a.count - b.count || a.last.localeCompare(b.last) || a.v.id.localeCompare(b.v.id))
    .slice(0, settings.waveSize)
    .map(({ v }) => v);
}

export async function findCandidates(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const wave = state.wave + 1;
  const request = await ports.store.startWave(state.requestId, wave, ports.clock.now().toISOString());
  if (!request) {
    ports.log.info('request no longer open; matching stops', { requestId: state.requestId, wave });
    return { requestId: state.requestId, wave, next: 'done' };
  }
  const [offering, invites] = await Promise.all([
    ports.store.findVolunteersOffering(request.area, request.helpType),
    ports.store.listInvites(request.id),
  ]);
  const alreadyInvited = new Set(invites.map((i) => i.volunteerId));
  const chosen = selectCandidates(offering, request, alreadyInvited, settings, ports.clock.now());
  await ports.store.appendAudit({
    requestId: request.id,
    at: ports.clock.now().toISOString(),
    type: 'wave-started',
    actor: 'system',
    data: { wave, candidates: chosen.length, offering: offering.length },
  });
  ports.log.info('candidates found', { requestId: request.id, wave, candidates: chosen.length });
  if (chosen.length === 0) {
    return {
      requestId: request.id,
      wave,
      next: 'escalate',
      escalationReason: invites.length === 0 ? 'no-candidates' : 'no-acceptance',
    };
  }
  return { requestId: request.id, wave, next: 'invite', volunteerIds: chosen.map((v) => v.id) };
}

export function windowSecondsFor(request: Pick<HelpRequest, 'urgent'>, settings: SchemeSettings): number {
  return request.urgent ? settings.urgentResponseWindowSeconds : settings.responseWindowSeconds;
}

/**
 * Each chosen volunteer's invite and its message, written together: the sender mints the link and
 * emails (or texts) it. Safe to retry: an invite that exists already is skipped, and so is its message.
 */
export async function sendInvites(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const request = await ports.store.getRequest(state.requestId);
  const volunteerIds = state.volunteerIds ?? [];
  if (!request || !isOpen(request)) return { requestId: state.requestId, wave: state.wave, next: 'done' };

  const now = ports.clock.now();
  const windowSeconds = windowSecondsFor(request, settings);
  // An invite stays usable until the last wave's window closes: a late "yes" still helps.
  const remainingWaves = Math.max(1, settings.maxWaves - state.wave + 1);
  const expiresAt = epochSeconds(now) + windowSeconds * remainingWaves;

  const results = await Promise.all(
    volunteerIds.map((volunteerId) =>
      inviteOne(request, volunteerId, { wave: state.wave, expiresAt, now }, ports),
    ),
  );
  const invited = volunteerIds.filter((_, i) => results[i] === 'invited');
  if (invited.length > 0) {
    ports.metrics?.count('InvitesSent', invited.length);
    const keepSince = new Date(
      now.getTime() - settings.fairnessWindowDays * DAY_SECONDS * 1000,
    ).toISOString();
    await ports.store.recordInvitesSent(invited, now.toISOString(), keepSince);
  }
  return { requestId: request.id, wave: state.wave, next: 'wait', windowSeconds };
}

async function inviteOne(
  request: HelpRequest,
  volunteerId: string,
  timing: { wave: number; expiresAt: number; now: Date },
  ports: MatchingPorts,
): Promise<'invited' | 'skipped'> {
  const volunteer = await ports.store.getVolunteer(volunteerId);
  if (!volunteer) return 'skipped';
  const invite: Invite = {
    requestId: request.id,
    volunteerId,
    wave: timing.wave,
    // A stand-in nobody is ever sent: the sender replaces it with the link's hash when it sends.
    tokenHash: hashToken(newInviteToken()),
    status: 'pending',
    createdAt: timing.now.toISOString(),
    expiresAt: timing.expiresAt,
  };
  const created = await ports.store.createInvite(invite, [
    {
      kind: 'volunteer-invite',
      to: toVolunteer(volunteerId),
      requestId: request.id,
      facts: { wave: timing.wave },
      dedupeKey: `invite:${request.id}:${volunteerId}`,
    },
  ]);
  if (created === 'exists') return 'skipped';
  await ports.store.appendAudit({
    requestId: request.id,
    at: timing.now.toISOString(),
    type: 'invited',
    actor: 'system',
    data: { volunteerId, wave: timing.wave },
  });
  return 'invited';
}

export async function checkOutcome(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const request = await ports.store.getRequest(state.requestId);
  if (!request || !isOpen(request)) {
    ports.log.info('matching finished', { requestId: state.requestId, status: request?.status ?? 'missing' });
    await settleUnansweredInvites(state.requestId, settings, ports);
    return { requestId: state.requestId, wave: state.wave, next: 'done' };
  }
  // A volunteer released the task while this execution was still waiting, and the new execution (which
  // continues the wave count) has moved on: that one owns the request now, so this one stops.
  if (request.wave > state.wave) {
    ports.log.info('a newer run owns the request; this one stops', {
      requestId: state.requestId,
      wave: state.wave,
    });
    return { requestId: state.requestId, wave: state.wave, next: 'done' };
  }
  if (state.wave < settings.maxWaves)
    return { requestId: state.requestId, wave: state.wave, next: 'next-wave' };
  return {
    requestId: state.requestId,
    wave: state.wave,
    next: 'escalate',
    escalationReason: 'no-acceptance',
  };
}

/**
 * Hands the request to the prescriber: the escalation and the prescriber's message in one write, so a
 * retried step finds it escalated and writes no second message.
 */
export async function escalateRequest(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const reason: EscalationReason = state.error
    ? 'system-failure'
    : (state.escalationReason ?? 'no-acceptance');
  const now = ports.clock.now().toISOString();
  const request = await ports.store.getRequest(state.requestId);
  const invites = request ? await ports.store.listInvites(request.id) : [];
  const result = request
    ? await ports.store.escalate(request.id, reason, now, [
        {
          kind: 'prescriber-escalation',
          to: TO_PRESCRIBER,
          requestId: request.id,
          facts: { reason, waves: Math.max(request.wave, state.wave), invited: invites.length },
        },
      ])
    : 'not-open';
  await settleUnansweredInvites(state.requestId, settings, ports);
  if (result === 'not-open') {
    ports.log.info('escalation not needed; request already ended', { requestId: state.requestId });
    return { requestId: state.requestId, wave: state.wave, outcome: 'not-needed' };
  }
  if (result === 'escalated') {
    await ports.store.appendAudit({
      requestId: state.requestId,
      at: now,
      type: 'escalated',
      actor: 'system',
      data: {
        reason,
        wave: state.wave,
        ...(state.error?.Error ? { error: state.error.Error.slice(0, 100) } : {}),
      },
    });
    ports.log.info('escalated to prescriber', {
      requestId: state.requestId,
      reason,
      helpType: request?.helpType,
    });
    ports.metrics?.count('Escalated');
  }
  return { requestId: state.requestId, wave: state.wave, outcome: 'escalated' };
}
