import type { SchemeSettings } from '../config.js';
import { hashToken } from '../util/ids.js';
import type { EscalationReason, HelpRequest, Invite } from './model.js';
import { OPEN_STATUSES } from './model.js';
import { issueActionLink, issuePauseLink } from './admin/links.js';
import { confirmationAllowed } from './confirmation-cap.js';
import { notifyPossibleDuplicate } from './duplicates.js';
import type { Clock, Ids, Log, Mailer, MatchCandidate, Metrics, Store } from './ports.js';
import { DAY_SECONDS, epochSeconds, londonDate } from './time.js';
import { hasCurrentDbsCheck } from './dbs.js';
import { settleUnansweredInvites } from './unanswered-invites.js';
import type { EscalationView, InviteSummary, SchemeContact } from './views.js';
import {
  prescriberEscalationEmail,
  requesterConfirmationEmail,
  volunteerInviteEmail,
} from '../mail/templates.js';

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
  mailer: Mailer;
  clock: Clock;
  ids: Ids;
  log: Log;
  metrics?: Metrics;
}

export interface MatchingSettings extends SchemeSettings {
  publicBaseUrl: string;
  lookupHashSecret?: string;
}

export function contactOf(settings: SchemeSettings): SchemeContact {
  return { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
}

export function summaryOf(request: HelpRequest): InviteSummary {
  return {
    reference: request.reference,
    helpType: request.helpType,
    area: request.area,
    neededBy: request.neededBy,
    urgent: request.urgent,
    details: request.details,
    language: request.language,
    ...(request.frequency && request.frequency !== 'once' ? { frequency: request.frequency } : {}),
  };
}

export function isOpen(request: HelpRequest): boolean {
  return OPEN_STATUSES.includes(request.status);
}

/** Tells the requester we have their request. Its failure must not stop matching, so the workflow catches it. */
export async function acknowledgeRequest(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const request = await ports.store.getRequest(state.requestId);
  // A later run (the prescriber's rerun, a volunteer's release) starts here too, but the requester
  // already has their confirmation and its cancel link: only a request never matched gets one.
  // The next visit of recurring help that its volunteer already holds is announced by notifyArranged,
  // and a held duplicate was confirmed while held: "treat as new" must not confirm it a second time.
  const confirmedAlready =
    request?.status === 'assigned' ||
    (request?.possibleDuplicateOf !== undefined && request.status !== 'on-hold');
  if (
    request?.requester.email &&
    request.wave === 0 &&
    !confirmedAlready &&
    (await confirmationAllowed(request, settings, ports))
  ) {
    // A link that could not be stored must not cost the requester their confirmation: it goes without one.
    const cancelUrl = await issueActionLink('cancel', request, settings.publicBaseUrl, ports).catch(
      () => undefined,
    );
    const email = requesterConfirmationEmail({
      reference: request.reference,
      helpType: request.helpType,
      contact: contactOf(settings),
      language: request.language,
      ...(cancelUrl ? { cancelUrl } : {}),
      ...((request.occurrence ?? 1) > 1 ? { nextVisitBy: request.neededBy } : {}),
    });
    await ports.mailer.send({ to: request.requester.email, ...email });
    ports.log.info('requester confirmation sent', { requestId: request.id });
  }
  // Issue #7: a request held as a possible duplicate; FindCandidates then sees it is not open and stops.
  if (request?.status === 'on-hold') {
    await notifyPossibleDuplicate(request, settings, ports).catch((error: unknown) =>
      // The dashboard lists it either way; a retry here would send the requester a second confirmation.
      ports.log.error('could not email the prescriber about a possible duplicate', {
        requestId: request.id,
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
  }
  return { requestId: state.requestId, wave: state.wave };
}

/**
 * Fair rotation: fewest invites in the fairness window first, then the longest since their last
 * invite, then id so the order is stable. Pure, so the rule is tested without a table.
 */
export function selectCandidates<V extends MatchCandidate>(
  volunteers: readonly V[],
  request: Pick<HelpRequest, 'helpType' | 'area'>,
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
        v.areas.includes(request.area) &&
        !alreadyInvited.has(v.id) &&
        !(v.pausedUntil && v.pausedUntil > nowIso) &&
        (!needsDbs || hasCurrentDbsCheck(v, today, settings.dbsValidForMonths)),
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
  const request = await ports.store.startWave(state.requestId, wave);
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

export function respondUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/respond/${token}`;
}

export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? fullName;
}

/**
 * Safe to retry: an invite already sent is skipped, and one stored but not confirmed sent gets a
 * fresh token (the stored hash cannot be turned back into the old link) and is sent again.
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
  const summary = summaryOf(request);

  const results = await Promise.allSettled(
    volunteerIds.map((volunteerId) =>
      inviteOne(request, summary, volunteerId, { wave: state.wave, expiresAt, now }, settings, ports),
    ),
  );
  const sent = volunteerIds.filter((_, i) => {
    const r = results[i];
    return r?.status === 'fulfilled' && r.value === 'sent';
  });
  if (sent.length > 0) {
    ports.metrics?.count('InvitesSent', sent.length);
    const keepSince = new Date(
      now.getTime() - settings.fairnessWindowDays * DAY_SECONDS * 1000,
    ).toISOString();
    await ports.store.recordInvitesSent(sent, now.toISOString(), keepSince);
  }
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    ports.log.error('some invites failed; the task will be retried', {
      requestId: request.id,
      wave: state.wave,
      failed: failed.length,
    });
    throw new InviteDeliveryError(`${failed.length} of ${volunteerIds.length} invites failed`);
  }
  return { requestId: request.id, wave: state.wave, next: 'wait', windowSeconds };
}

export class InviteDeliveryError extends Error {
  override name = 'InviteDeliveryError';
}

async function inviteOne(
  request: HelpRequest,
  summary: InviteSummary,
  volunteerId: string,
  timing: { wave: number; expiresAt: number; now: Date },
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<'sent' | 'skipped'> {
  const volunteer = await ports.store.getVolunteer(volunteerId);
  if (!volunteer) return 'skipped';
  const token = ports.ids.inviteToken();
  const invite: Invite = {
    requestId: request.id,
    volunteerId,
    wave: timing.wave,
    tokenHash: hashToken(token),
    status: 'pending',
    createdAt: timing.now.toISOString(),
    expiresAt: timing.expiresAt,
  };
  const created = await ports.store.createInvite(invite);
  if (created === 'exists') {
    const existing = (await ports.store.listInvites(request.id)).find((i) => i.volunteerId === volunteerId);
    if (!existing || existing.status !== 'pending') return 'skipped';
    await ports.store.replaceToken(existing, invite.tokenHash, invite.expiresAt);
  }
  // A link that could not be stored must not cost the volunteer their invite: it goes without one.
  const pauseUrl = await issuePauseLink(volunteerId, timing.expiresAt, settings.publicBaseUrl, ports).catch(
    () => undefined,
  );
  const email = volunteerInviteEmail({
    volunteerFirstName: firstName(volunteer.name),
    summary,
    respondUrl: respondUrl(settings.publicBaseUrl, token),
    contact: contactOf(settings),
    ...(pauseUrl ? { pauseUrl } : {}),
  });
  await ports.mailer.send({ to: volunteer.email, ...email });
  await ports.store.markInviteSent(request.id, volunteerId);
  await ports.store.appendAudit({
    requestId: request.id,
    at: timing.now.toISOString(),
    type: 'invited',
    actor: 'system',
    data: { volunteerId, wave: timing.wave },
  });
  return 'sent';
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

export async function escalateRequest(
  state: WorkflowState,
  settings: MatchingSettings,
  ports: MatchingPorts,
): Promise<WorkflowState> {
  const reason: EscalationReason = state.error
    ? 'system-failure'
    : (state.escalationReason ?? 'no-acceptance');
  const now = ports.clock.now().toISOString();
  const result = await ports.store.escalate(state.requestId, reason, now);
  await settleUnansweredInvites(state.requestId, settings, ports);
  if (result === 'not-open') {
    ports.log.info('escalation not needed; request already ended', { requestId: state.requestId });
    return { requestId: state.requestId, wave: state.wave, outcome: 'not-needed' };
  }
  const request = await ports.store.getRequest(state.requestId);
  if (!request) return { requestId: state.requestId, wave: state.wave, outcome: 'not-needed' };
  const invites = await ports.store.listInvites(request.id);
  if (result === 'escalated') {
    await ports.store.appendAudit({
      requestId: request.id,
      at: now,
      type: 'escalated',
      actor: 'system',
      data: {
        reason,
        wave: state.wave,
        ...(state.error?.Error ? { error: state.error.Error.slice(0, 100) } : {}),
      },
    });
  }
  const escalation: EscalationView = {
    reference: request.reference,
    requestId: request.id,
    helpType: request.helpType,
    area: request.area,
    neededBy: request.neededBy,
    urgent: request.urgent,
    reason,
    waves: Math.max(request.wave, state.wave),
    invited: invites.length,
    language: request.language,
  };
  const email = prescriberEscalationEmail({ escalation, contact: contactOf(settings) });
  await ports.mailer.send({ to: settings.prescriberEmail, ...email });
  ports.log.info('escalated to prescriber', { requestId: request.id, reason, helpType: request.helpType });
  if (result === 'escalated') ports.metrics?.count('Escalated');
  return { requestId: request.id, wave: state.wave, outcome: 'escalated' };
}
