import { hashToken, newInviteToken } from '../util/ids.js';
import type { ActionToken, HelpRequest } from './model.js';
import type { Clock, Ids, RequestStore } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

export const CANCEL_PATH = '/cancel';
export const DONE_PATH = '/done';
export const RELEASE_PATH = '/release';
export const PAUSE_PATH = '/pause';
export const STOP_PATH = '/stop';
export const DETAILS_PATH = '/details';

/** Each kind of link has its own page, so a link of one kind never works on another's. */
export const ACTION_PATHS: Record<ActionToken['kind'], string> = {
  cancel: CANCEL_PATH,
  done: DONE_PATH,
  release: RELEASE_PATH,
  pause: PAUSE_PATH,
  stop: STOP_PATH,
  details: DETAILS_PATH,
};

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
  kind: Exclude<ActionToken['kind'], 'pause'>,
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
  return `${publicBaseUrl}${ACTION_PATHS[kind]}/${token}`;
}

/**
 * The "done" and "release" links of the volunteer who has the task, for their details email, and the
 * "stop" link when they have taken on a recurring request. Each may fail to be stored on its own; the
 * email then goes without that link (the phone line still works).
 */
export async function issueAssignedVolunteerLinks(
  request: Pick<HelpRequest, 'id' | 'expiresAt'>,
  volunteerId: string,
  publicBaseUrl: string,
  ports: LinkPorts,
  options: { committedToSeries?: boolean } = {},
): Promise<{ doneUrl?: string; releaseUrl?: string; stopUrl?: string }> {
  const kinds = options.committedToSeries
    ? (['done', 'release', 'stop'] as const)
    : (['done', 'release'] as const);
  const [doneUrl, releaseUrl, stopUrl] = await Promise.all(
    kinds.map((kind) =>
      issueActionLink(kind, request, publicBaseUrl, ports, volunteerId).catch(() => undefined),
    ),
  );
  return {
    ...(doneUrl ? { doneUrl } : {}),
    ...(releaseUrl ? { releaseUrl } : {}),
    ...(stopUrl ? { stopUrl } : {}),
  };
}

/**
 * A volunteer's own "pause my invites" link, sent with each invite. It is bound to the volunteer only
 * (no request id is stored with it, and its page says nothing about any request) and expires with the
 * invite it came with.
 */
export async function issuePauseLink(
  volunteerId: string,
  expiresAt: number,
  publicBaseUrl: string,
  ports: LinkPorts,
): Promise<string> {
  const token = ports.ids.actionToken?.() ?? newInviteToken();
  await ports.store.createActionToken({ tokenHash: hashToken(token), kind: 'pause', volunteerId, expiresAt });
  return `${publicBaseUrl}${PAUSE_PATH}/${token}`;
}
