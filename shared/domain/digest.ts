import type { SchemeSettings } from '../config.js';
import { UNANSWERED_INVITES_TO_CHASE } from './chase-rules.js';
import { dbsStatus } from './dbs.js';
import type { HelpType } from '../vocabulary/help-types.js';
import type { MatchingSettings } from './matching.js';
import { toVolunteer, type EmailContent } from './messages.js';
import type { EscalationReason, HelpRequest, Volunteer } from './model.js';
import type { Clock, Ids, Log, Mailer, Store } from './ports.js';
import { catchUpSeries } from './series.js';
import { addDaysToDate, londonDate } from '../vocabulary/time.js';
import { contactOf, type SchemeContact } from './views.js';

/**
 * The prescriber's daily digest and the volunteers' one friendly reminder (chase-ups).
 * Everything it reads comes from indexes: requests by status (escalated, assigned) and the volunteers'
 * watch items (a DBS check to renew, invites unanswered), never the whole roster.
 */

/** A volunteer with this many unanswered invites in a row is listed. */
export { UNANSWERED_INVITES_TO_CHASE };
/** DBS checks that lapse within this many days are listed. */
export const DBS_WARNING_DAYS = 30;

/** What the digest email is made from; shared/mail renders it. */
export interface DigestEmailInput {
  digest: Digest;
  dashboardUrl: string;
  contact: SchemeContact;
}

export interface DigestPorts {
  store: Store;
  /**
   * The digest alone is sent directly, not through the outbox: it is a scheduled report that no state
   * change promised, composed from the table as it is at that moment. A failed send fails the run, which
   * the schedule retries and then dead-letters (with an alarm). The reminders it causes go through the outbox.
   */
  mailer: Mailer;
  renderDigest(input: DigestEmailInput): EmailContent;
  clock: Clock;
  log: Log;
  /**
   * For the reminder's "I have helped" link (fresh random bytes without it); with the full Ids, the run
   * also makes any next occurrence of recurring help that is missing.
   */
  ids?: Pick<Ids, 'actionToken'> & Partial<Ids>;
}

export interface DigestRequestLine {
  requestId: string;
  reference: string;
  helpType: HelpType;
  area: string;
  neededBy: string;
  urgent: boolean;
}

export interface DigestVolunteerLine {
  volunteerId: string;
  name: string;
}

export interface Digest {
  /** The London date the digest is for. */
  today: string;
  /** Still escalated: nobody has arranged help yet. Oldest first. */
  escalated: (DigestRequestLine & { reason?: EscalationReason; escalatedAt?: string })[];
  /** Assigned, and the need-by date has passed with no "done". */
  overdue: (DigestRequestLine & { volunteerName?: string; reminderSentAt?: string })[];
  /** No answer to the last three (or more) invites in a row. */
  unresponsive: (DigestVolunteerLine & { unanswered: number })[];
  /** Checks that have lapsed, for volunteers who still offer help that needs one (so they are no longer asked). */
  dbsExpired: (DigestVolunteerLine & { expiresOn: string })[];
  /** Checks that lapse within the next 30 days. */
  dbsExpiring: (DigestVolunteerLine & { expiresOn: string })[];
  /** Volunteers marked DBS checked before dates were recorded. */
  dbsUndated: number;
  /** People who applied to join and wait for the team's checks and decision. */
  applicantsWaiting?: number;
}

export function itemCount(digest: Digest): number {
  return (
    digest.escalated.length +
    digest.overdue.length +
    digest.unresponsive.length +
    digest.dbsExpired.length +
    digest.dbsExpiring.length +
    (digest.applicantsWaiting ?? 0)
  );
}

function requestLine(request: HelpRequest): DigestRequestLine {
  return {
    requestId: request.id,
    reference: request.reference,
    helpType: request.helpType,
    area: request.area,
    neededBy: request.neededBy,
    urgent: request.urgent,
  };
}

/** "Not marked done a day after the need-by date": from the day after it, in London. */
/**
 * The latest check date whose check lapses within DBS_WARNING_DAYS of today: a few days later than the
 * exact month arithmetic, so a check on the 31st is not missed; the digest's own rule then decides.
 */
export function dbsCheckedOnOrBefore(today: string, validForMonths: number): string {
  const horizon = addDaysToDate(today, DBS_WARNING_DAYS + 4);
  const [year, month, day] = horizon.split('-').map(Number) as [number, number, number];
  const monthIndex = month - 1 - validForMonths;
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthIndex, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

export function isOverdue(request: Pick<HelpRequest, 'status' | 'neededBy'>, today: string): boolean {
  return request.status === 'assigned' && request.neededBy < today;
}

/** Pure: the digest for a state of the table on a given London date. */
export function composeDigest(
  state: {
    escalated: readonly HelpRequest[];
    assigned: readonly HelpRequest[];
    volunteers: readonly Volunteer[];
    /** How many applications to join are waiting (a count: the digest names no applicant). */
    applicantsWaiting?: number;
  },
  settings: Pick<SchemeSettings, 'dbsValidForMonths' | 'dbsRequiredHelpTypes'>,
  today: string,
): Digest {
  const byId = new Map(state.volunteers.map((v) => [v.id, v]));
  const warnUntil = addDaysToDate(today, DBS_WARNING_DAYS);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  const digest: Digest = {
    today,
    escalated: state.escalated
      .filter((r) => r.status === 'escalated')
      .map((r) => ({ ...requestLine(r), reason: r.escalationReason, escalatedAt: r.escalatedAt }))
      .sort((a, b) => (a.escalatedAt ?? '').localeCompare(b.escalatedAt ?? '')),
    overdue: state.assigned
      .filter((r) => isOverdue(r, today))
      .map((r) => ({
        ...requestLine(r),
        volunteerName: r.assignedVolunteerId ? byId.get(r.assignedVolunteerId)?.name : undefined,
        reminderSentAt: r.reminderSentAt,
      }))
      .sort((a, b) => a.neededBy.localeCompare(b.neededBy) || a.reference.localeCompare(b.reference)),
    unresponsive: state.volunteers
      .filter((v) => (v.unansweredInvitesInARow ?? 0) >= UNANSWERED_INVITES_TO_CHASE)
      .map((v) => ({ volunteerId: v.id, name: v.name, unanswered: v.unansweredInvitesInARow ?? 0 }))
      .sort(byName),
    dbsExpired: [],
    dbsExpiring: [],
    dbsUndated: 0,
    ...(state.applicantsWaiting ? { applicantsWaiting: state.applicantsWaiting } : {}),
  };
  for (const volunteer of [...state.volunteers].sort(byName)) {
    const status = dbsStatus(volunteer, today, settings.dbsValidForMonths);
    const line = { volunteerId: volunteer.id, name: volunteer.name };
    if (status.kind === 'undated') digest.dbsUndated++;
    else if (status.kind === 'valid' && status.expiresOn <= warnUntil)
      digest.dbsExpiring.push({ ...line, expiresOn: status.expiresOn });
    else if (
      status.kind === 'expired' &&
      volunteer.helpTypes.some((t) => settings.dbsRequiredHelpTypes.includes(t))
    )
      digest.dbsExpired.push({ ...line, expiresOn: status.expiresOn });
  }
  digest.dbsExpiring.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  return digest;
}

export interface DigestResult {
  items: number;
  remindersSent: number;
  /** Recurring help moved on (or ended) by the catch-up. */
  seriesMovedOn: number;
}

function isFullIds(ids: DigestPorts['ids']): ids is Ids {
  return typeof ids?.requestId === 'function' && typeof ids.reference === 'function';
}

/**
 * Sends the reminders first, so the digest can say which went today, then the digest itself. The
 * digest goes even when nothing needs the prescriber: a day with no email would look the same as a
 * digest that failed to run.
 */
export async function runDailyDigest(settings: MatchingSettings, ports: DigestPorts): Promise<DigestResult> {
  const now = ports.clock.now();
  const today = londonDate(now);
  const [escalated, assigned, watched, applicants] = await Promise.all([
    ports.store.listRequestsByStatus('escalated'),
    ports.store.listRequestsByStatus('assigned'),
    // Never the roster: only the volunteers whose check lapses by the warning horizon, or who left
    // invites unanswered, from their watch items; then the few assigned ones the reminders name.
    ports.store.listVolunteersToWatch({
      dbsCheckedOnOrBefore: dbsCheckedOnOrBefore(today, settings.dbsValidForMonths),
    }),
    ports.store.listApplicants('waiting'),
  ]);
  const assignedIds = assigned.flatMap((r) => (r.assignedVolunteerId ? [r.assignedVolunteerId] : []));
  const watchedIds = new Set(watched.map((v) => v.id));
  const volunteers = [
    ...watched,
    ...(await ports.store.getVolunteers(assignedIds.filter((id) => !watchedIds.has(id)))),
  ];
  const byId = new Map(volunteers.map((v) => [v.id, v]));
  let remindersSent = 0;
  for (const request of assigned.filter((r) => isOverdue(r, today) && !r.reminderSentAt)) {
    const sentAt = await sendReminder(request, byId.get(request.assignedVolunteerId ?? ''), ports);
    if (sentAt) {
      request.reminderSentAt = sentAt;
      remindersSent++;
    }
  }
  // Recurring help whose next occurrence a close did not make (the process stopped in between).
  const ids = ports.ids;
  const seriesMovedOn = isFullIds(ids)
    ? await catchUpSeries(settings, { ...ports, ids }).catch((error: unknown) => {
        ports.log.error('series catch-up failed', { error: error instanceof Error ? error.name : 'unknown' });
        return 0;
      })
    : 0;
  const digest = composeDigest(
    { escalated, assigned, volunteers, applicantsWaiting: applicants.length },
    settings,
    today,
  );
  await ports.mailer.send({
    to: settings.prescriberEmail,
    ...ports.renderDigest({
      digest,
      dashboardUrl: `${settings.publicBaseUrl}/admin`,
      contact: contactOf(settings),
    }),
  });
  const result = { items: itemCount(digest), remindersSent, seriesMovedOn };
  ports.log.info('daily digest sent', {
    ...result,
    escalated: digest.escalated.length,
    overdue: digest.overdue.length,
    unresponsive: digest.unresponsive.length,
    dbsExpired: digest.dbsExpired.length,
    dbsExpiring: digest.dbsExpiring.length,
    applicantsWaiting: digest.applicantsWaiting ?? 0,
  });
  return result;
}

/**
 * At most once per request: the mark and the reminder's message are written together, only while the
 * request is still assigned and has no reminder, so a retried run writes no second one. The sender adds
 * the "I have helped" link when it sends.
 */
async function sendReminder(
  request: HelpRequest,
  volunteer: Volunteer | undefined,
  ports: DigestPorts,
): Promise<string | undefined> {
  if (!volunteer) return undefined;
  const at = ports.clock.now().toISOString();
  const marked = await ports.store.markReminderSent(request.id, at, [
    { kind: 'volunteer-reminder', to: toVolunteer(volunteer.id), requestId: request.id },
  ]);
  if (!marked) return undefined;
  await ports.store.appendAudit({
    requestId: request.id,
    at,
    type: 'reminder-sent',
    actor: 'system',
    data: { volunteerId: volunteer.id },
  });
  ports.log.info('reminder sent', { requestId: request.id, volunteerId: volunteer.id });
  return at;
}
