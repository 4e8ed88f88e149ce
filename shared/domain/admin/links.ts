import { hashToken, newInviteToken } from '../../util/ids.js';
import type { ActionToken, HelpRequest } from '../model.js';
import type { Clock, Ids, RequestStore } from '../ports.js';
import { DAY_SECONDS, epochSeconds } from '../time.js';

export const CANCEL_PATH = '/cancel';
export const DONE_PATH = '/done';

export interface LinkPorts {
  store: Pick<RequestStore, 'createActionToken'>;
  ids: Pick<Ids, 'actionToken'>;
  clock: Clock;
}

/**
 * A self-service link, made like an invite link: 32 random bytes in the URL, only the SHA-256 stored,
 * and gone (TTL) when the request itself is deleted, so a link never outlives the data it acts on.
 */
export async function issueActionLink(
  kind: ActionToken['kind'],
  request: Pick<HelpRequest, 'id' | 'expiresAt'>,
  publicBaseUrl: string,
  ports: LinkPorts,
  volunteerId?: string,
  retentionDays = 90,
): Promise<string> {
  const token = ports.ids.actionToken?.() ?? newInviteToken();
  const expiresAt = request.expiresAt ?? epochSeconds(ports.clock.now()) + retentionDays * DAY_SECONDS;
  await ports.store.createActionToken({
    tokenHash: hashToken(token),
    kind,
    requestId: request.id,
    ...(volunteerId ? { volunteerId } : {}),
    expiresAt,
  });
  return `${publicBaseUrl}${kind === 'cancel' ? CANCEL_PATH : DONE_PATH}/${token}`;
}
