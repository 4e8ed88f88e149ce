import { hashToken, INVITE_TOKEN_PATTERN } from '../util/ids.js';
import type { HelpRequest, Invite } from './model.js';
import { isOpen, type MatchingSettings } from './matching.js';
import { arrangedMessages, spendOtherInvites } from './arranged.js';
import { commitToSeries } from './series.js';
import type { Clock, Ids, Log, Metrics, Store } from './ports.js';
import { epochSeconds } from '../vocabulary/time.js';
import { noteInviteAnswered } from './unanswered-invites.js';
import { firstName, summaryOf, type RespondView } from './views.js';

/** 'accept-series': on recurring help, "yes, every time" (on one-off help it is a plain accept). */
export type RespondAction = 'accept' | 'accept-series' | 'decline';

export function isRespondAction(value: unknown): value is RespondAction {
  return value === 'accept' || value === 'accept-series' || value === 'decline';
}

export interface RespondPorts {
  store: Store;
  clock: Clock;
  log: Log;
  metrics?: Metrics;
  ids?: Pick<Ids, 'actionToken'>;
}

interface Resolved {
  invite: Invite;
  request: HelpRequest;
}

/** Looks a token up without spending it: what GET shows. Unknown, malformed and forged tokens all read as invalid. */
async function resolve(token: string, ports: RespondPorts): Promise<Resolved | RespondView> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return { kind: 'invalid' };
  return resolveByHash(hashToken(token), ports);
}

/** An invite by its stored token hash: a link's token hashed, or the invite a text reply answers. */
async function resolveByHash(tokenHash: string, ports: RespondPorts): Promise<Resolved | RespondView> {
  const invite = await ports.store.findInviteByTokenHash(tokenHash);
  // The current link, or one already sent on another channel before a retry made the current one.
  if (!invite || (invite.tokenHash !== tokenHash && invite.previousTokenHash !== tokenHash))
    return { kind: 'invalid' };
  const request = await ports.store.getRequest(invite.requestId);
  if (!request) return { kind: 'invalid' };
  return { invite, request };
}

function isView(value: Resolved | RespondView): value is RespondView {
  return 'kind' in value;
}

/** The request is this invite's volunteer's: their accept won (perhaps a moment ago, in another post). */
function heldBy(invite: Invite, request: HelpRequest): boolean {
  return request.status === 'assigned' && request.assignedVolunteerId === invite.volunteerId;
}

/**
 * The state of an invite as its volunteer sees it, before any action. The request is read after the
 * invite, so an accept that commits between the two reads shows as an invite still open on a request
 * already assigned: if the request is this volunteer's, that is their own accept, never "someone else".
 */
function currentView(resolved: Resolved, now: Date): RespondView | undefined {
  const { invite, request } = resolved;
  const summary = summaryOf(request);
  if (invite.status === 'accepted' || heldBy(invite, request)) return { kind: 'already-accepted', summary };
  if (invite.status === 'declined') return { kind: 'already-declined', summary };
  if (request.status === 'assigned' || invite.status === 'taken') return { kind: 'taken', summary };
  if (!isOpen(request)) return { kind: 'closed', summary };
  if (invite.expiresAt <= epochSeconds(now)) return { kind: 'expired' };
  return undefined;
}

export async function viewInvite(token: string, ports: RespondPorts): Promise<RespondView> {
  const resolved = await resolve(token, ports);
  if (isView(resolved)) return resolved;
  const settled = currentView(resolved, ports.clock.now());
  if (settled) return settled;
  const volunteer = await ports.store.getVolunteer(resolved.invite.volunteerId);
  return {
    kind: 'open',
    summary: summaryOf(resolved.request),
    volunteerFirstName: volunteer ? firstName(volunteer.name) : 'there',
  };
}

const ACCEPT_ATTEMPTS = 6;

/**
 * A volunteer pressing "yes" again (a double click, a refresh, a second tap while the first is in
 * flight) sees their own accepted page: "you have already said yes", with the details, as the first
 * post showed them. Only an accept from the volunteer who holds the request gets the details; a GET of
 * the link still shows none (mail scanners fetch links).
 */
function withDetails(view: RespondView, resolved: Resolved, action: RespondAction): RespondView {
  if (view.kind !== 'already-accepted' || action === 'decline') return view;
  const { invite, request } = resolved;
  if (!heldBy(invite, request)) return view;
  return { ...view, details: { ...summaryOf(request), requester: request.requester } };
}

/** After a write that lost a race: read again and show what actually happened. */
async function reread(
  tokenHash: string,
  ports: RespondPorts,
  now: Date,
  request: HelpRequest,
  action: RespondAction,
): Promise<RespondView> {
  const after = await resolveByHash(tokenHash, ports);
  if (isView(after)) return after;
  const settled = currentView(after, now);
  return settled ? withDetails(settled, after, action) : { kind: 'taken', summary: summaryOf(request) };
}

export async function respondToInvite(
  token: string,
  action: RespondAction,
  settings: MatchingSettings,
  ports: RespondPorts,
): Promise<RespondView> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return { kind: 'invalid' };
  return answerInvite(hashToken(token), action, settings, ports);
}

/**
 * The one answer path, for a link (its token, hashed) and a text reply (the stored hash of the invite
 * it answers): the same conditional writes, so the first accept wins however it arrives.
 */
export async function answerInvite(
  tokenHash: string,
  action: RespondAction,
  _settings: MatchingSettings,
  ports: RespondPorts,
): Promise<RespondView> {
  const resolved = await resolveByHash(tokenHash, ports);
  if (isView(resolved)) return resolved;
  const now = ports.clock.now();
  const settled = currentView(resolved, now);
  if (settled) return withDetails(settled, resolved, action);
  const { invite, request } = resolved;
  const at = now.toISOString();
  // Any answer, even one that loses the race below, shows the volunteer reads their invites.
  await noteInviteAnswered(invite.volunteerId, ports);

  if (action === 'decline') {
    if (!(await ports.store.declineInvite(invite, at))) return reread(tokenHash, ports, now, request, action);
    await ports.store.appendAudit({
      requestId: request.id,
      at,
      type: 'declined',
      actor: invite.volunteerId,
      data: { wave: invite.wave },
    });
    ports.log.info('invite declined', { requestId: request.id, volunteerId: invite.volunteerId });
    return { kind: 'declined', summary: summaryOf(request) };
  }

  // The win and everything it promises (details, "someone is coming", "someone else said yes") in one
  // transaction: an email service throttled at this moment can no longer lose the requester's news.
  const invites = await ports.store.listInvites(request.id);
  const messages = arrangedMessages(request.id, invite.volunteerId, 'accepted');
  let result = await ports.store.acceptInvite(invite, at, messages);
  // A conflicting write in flight (not a lost race): nobody had won when it was cancelled. The write in
  // flight may be this volunteer's own other post, and may have won since: look before trying again.
  for (let attempt = 0; result === 'conflict' && attempt < ACCEPT_ATTEMPTS; attempt++) {
    await new Promise((wake) => setTimeout(wake, 20 * (attempt + 1)));
    const meanwhile = await resolveByHash(tokenHash, ports);
    if (isView(meanwhile)) return meanwhile;
    const settledSince = currentView(meanwhile, now);
    if (settledSince) return withDetails(settledSince, meanwhile, action);
    result = await ports.store.acceptInvite(invite, at, messages);
  }
  if (result === 'conflict') throw new Error('accept kept conflicting with other writes');
  if (result !== 'won') return reread(tokenHash, ports, now, request, action);
  ports.log.info('invite accepted', { requestId: request.id, volunteerId: invite.volunteerId });
  // First of all, so the details message (built when the sender takes it from the stream) says they
  // help every time, with a stop link: every write before this one widens the race with the sender.
  const committedToSeries =
    action === 'accept-series' && request.seriesId !== undefined
      ? await commitToSeries(request, invite.volunteerId, ports)
      : false;
  // Counts against their weekly limit; the acceptance itself is already safe, so a failure here only
  // means one job not counted, never a lost answer.
  await ports.store
    .recordAcceptance(invite.volunteerId, at)
    .catch(() => ports.log.warn('could not count the acceptance', { volunteerId: invite.volunteerId }));
  ports.metrics?.count('Accepted');
  ports.metrics?.seconds('TimeToAcceptSeconds', (now.getTime() - Date.parse(request.createdAt)) / 1000);
  await ports.store.appendAudit({
    requestId: request.id,
    at,
    type: 'accepted',
    actor: invite.volunteerId,
    data: { wave: invite.wave },
  });
  await spendOtherInvites(request.id, invite.volunteerId, invites, ports);
  return {
    kind: 'accepted',
    details: { ...summaryOf(request), requester: request.requester },
    ...(committedToSeries ? { committedToSeries } : {}),
  };
}
