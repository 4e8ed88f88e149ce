import type { SchemeSettings } from '../config.js';
import type { HelpRequest, Invite } from './model.js';
import type { Clock, Log, Store } from './ports.js';

/**
 * "No reply to three invites in a row" for the daily digest. Each volunteer carries a count of
 * invites that ended with no answer; any answer (yes or no, even one that lost the race) resets it.
 *
 * An invite ends unanswered when its request leaves matching (a volunteer said yes, it was escalated,
 * cancelled or closed) while the invite was still unanswered AND its response window had already
 * closed by then. An invite whose window was still open when someone else said yes is neither: that
 * volunteer was not given the full time to answer. The workflow counts once per request, when it sees
 * the request has left matching; a retried step finds the request already marked and counts nothing.
 */

export interface UnansweredPorts {
  store: Store;
  clock: Clock;
  log: Log;
}

/** When the request stopped looking for volunteers. */
function leftMatchingAt(request: HelpRequest, now: Date): string {
  return request.assignedAt ?? request.escalatedAt ?? request.closedAt ?? now.toISOString();
}

/** Pure: who let this request's invites lapse, by the rule above. */
export function unansweredVolunteerIds(
  request: HelpRequest,
  invites: readonly Invite[],
  settings: Pick<SchemeSettings, 'responseWindowSeconds' | 'urgentResponseWindowSeconds'>,
  now: Date,
): string[] {
  const leftAt = Date.parse(leftMatchingAt(request, now));
  const windowSeconds = request.urgent
    ? settings.urgentResponseWindowSeconds
    : settings.responseWindowSeconds;
  const windowMs = windowSeconds * 1000;
  return invites
    .filter((invite) => invite.status === 'sent' || invite.status === 'taken')
    .filter((invite) => Date.parse(invite.createdAt) + windowMs <= leftAt)
    .map((invite) => invite.volunteerId);
}

/**
 * Called by the workflow when matching ends. A failure here is logged, never thrown: a missed count
 * only makes the digest less complete, while a thrown error would send the request to the prescriber.
 */
export async function settleUnansweredInvites(
  requestId: string,
  settings: Pick<SchemeSettings, 'responseWindowSeconds' | 'urgentResponseWindowSeconds'>,
  ports: UnansweredPorts,
): Promise<void> {
  try {
    const request = await ports.store.getRequest(requestId);
    if (!request || request.invitesSettledAt !== undefined) return;
    const now = ports.clock.now();
    const invites = await ports.store.listInvites(requestId);
    const unanswered = unansweredVolunteerIds(request, invites, settings, now);
    if (!(await ports.store.markInvitesSettled(requestId, now.toISOString()))) return;
    if (unanswered.length > 0) await ports.store.recordUnansweredInvites(unanswered);
    ports.log.info('unanswered invites counted', { requestId, unanswered: unanswered.length });
  } catch (error) {
    ports.log.error('could not count unanswered invites', {
      requestId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

/** A volunteer answered: best effort, because the answer itself has already been recorded. */
export async function noteInviteAnswered(volunteerId: string, ports: Omit<UnansweredPorts, 'clock'>) {
  try {
    await ports.store.resetUnansweredInvites(volunteerId);
  } catch (error) {
    ports.log.error('could not reset unanswered invites', {
      volunteerId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
