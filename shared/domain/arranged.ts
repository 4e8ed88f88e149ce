import { toRequester, toVolunteer, type MessageIntent } from './messages.js';
import { ANSWERABLE_INVITE_STATUSES, type Invite } from './model.js';
import type { InviteStore, Log } from './ports.js';

/**
 * How the request came to the volunteer: they said yes, the prescriber arranged it by hand, or it is the
 * next occurrence of a recurring request they took on.
 */
export type ArrangedHow = 'accepted' | 'by-hand' | 'series';

/**
 * What the assignment promises, written in the same transaction as the assignment itself: the
 * volunteer gets the details (the sender adds "done" and "release" links) and the requester hears
 * someone is coming. The other invitees' notices ride on their own invites' changes (spendOtherInvites),
 * which keeps the accept's transaction small however many were asked.
 */
export function arrangedMessages(requestId: string, volunteerId: string, how: ArrangedHow): MessageIntent[] {
  return [
    {
      kind: 'volunteer-details',
      to: toVolunteer(volunteerId),
      requestId,
      facts: { how: how === 'by-hand' ? 'asked-by-prescriber' : how },
    },
    { kind: 'requester-accepted', to: toRequester(requestId), requestId, facts: { volunteerId, how } },
  ];
}

/**
 * The "someone else said yes" notice for a volunteer whose invite went out: one per invite, however
 * many of the writes that may spend it (the accept, or the sender finding it spent as it went) try.
 */
export function takenNotice(requestId: string, volunteerId: string): MessageIntent {
  return {
    kind: 'volunteer-taken',
    to: toVolunteer(volunteerId),
    requestId,
    dedupeKey: `taken:${requestId}:${volunteerId}`,
  };
}

/**
 * After the assignment: every other open invite (sent, or stored and still waiting to go) is spent, so
 * its link says someone else said yes. Whether a volunteer is told is decided by the write itself: an
 * invite sent by then is told in the same write; one still waiting is not sent at all (the sender finds
 * it no longer pending, or, if it went out meanwhile, tells them itself). A failure is logged: the
 * assignment and its own messages stand.
 */
export async function spendOtherInvites(
  requestId: string,
  volunteerId: string,
  invites: readonly Invite[],
  ports: { store: Pick<InviteStore, 'markInvitesTaken'>; log: Log },
): Promise<void> {
  const others = invites.filter(
    (i) => i.volunteerId !== volunteerId && ANSWERABLE_INVITE_STATUSES.includes(i.status),
  );
  if (others.length === 0) return;
  await ports.store
    .markInvitesTaken(
      requestId,
      others.map((i) => i.volunteerId),
      (other) => takenNotice(requestId, other),
    )
    .catch((error: unknown) =>
      ports.log.error('could not spend the other invites', {
        requestId,
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
}
