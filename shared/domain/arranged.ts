import { toRequester, toVolunteer, type MessageIntent } from './messages.js';
import type { Invite } from './model.js';
import type { InviteStore, Log } from './ports.js';

/**
 * How the request came to the volunteer: they said yes, the prescriber arranged it by hand, or it is the
 * next occurrence of a recurring request they took on.
 */
export type ArrangedHow = 'accepted' | 'by-hand' | 'series';

/**
 * What the assignment promises, written in the same transaction as the assignment itself: the
 * volunteer gets the details (the sender adds "done" and "release" links), the requester hears someone
 * is coming, and every other volunteer whose invite has gone out hears they are not needed. An invite
 * still waiting to go is not sent at all (the sender finds it no longer pending).
 */
export function arrangedMessages(
  requestId: string,
  volunteerId: string,
  how: ArrangedHow,
  invites: readonly Invite[],
): MessageIntent[] {
  const others = invites.filter((i) => i.volunteerId !== volunteerId && i.status === 'sent');
  return [
    {
      kind: 'volunteer-details',
      to: toVolunteer(volunteerId),
      requestId,
      facts: { how: how === 'by-hand' ? 'asked-by-prescriber' : how },
    },
    { kind: 'requester-accepted', to: toRequester(requestId), requestId, facts: { volunteerId, how } },
    ...others.map((other): MessageIntent => ({
      kind: 'volunteer-taken',
      to: toVolunteer(other.volunteerId),
      requestId,
    })),
  ];
}

/**
 * After the assignment: every other open invite (sent, or stored and still waiting to go) is spent, so
 * its link says someone else said yes. A failure is logged: the assignment and its messages stand.
 */
export async function spendOtherInvites(
  requestId: string,
  volunteerId: string,
  invites: readonly Invite[],
  ports: { store: Pick<InviteStore, 'markInvitesTaken'>; log: Log },
): Promise<void> {
  const others = invites.filter(
    (i) => i.volunteerId !== volunteerId && (i.status === 'sent' || i.status === 'pending'),
  );
  if (others.length === 0) return;
  await ports.store
    .markInvitesTaken(
      requestId,
      others.map((i) => i.volunteerId),
    )
    .catch((error: unknown) =>
      ports.log.error('could not spend the other invites', {
        requestId,
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
}
