import type { SchemeSettings } from '../../config.js';
import { hashToken, INVITE_TOKEN_PATTERN } from '../../util/ids.js';
import type { HelpType } from '../help-types.js';
import type { ActionToken, HelpRequest } from '../model.js';
import type { Clock, Log, Store } from '../ports.js';
import { epochSeconds } from '../time.js';
import { cancelRequest, closeRequest } from './requests.js';

/**
 * The requester's "cancel" link and the winning volunteer's "done" link. As with invites, GET only
 * shows (email scanners fetch links) and a POST from our own page acts; both end the case and are audited.
 */
export type ActionKind = ActionToken['kind'];

export interface SelfServicePorts {
  store: Store;
  clock: Clock;
  log: Log;
}

export interface ActionSummary {
  reference: string;
  helpType: HelpType;
  neededBy: string;
}

export type SelfServiceView =
  | { kind: 'invalid' }
  /** GET: the case can be ended with this link; the page asks to confirm. */
  | { kind: 'confirm'; action: ActionKind; summary: ActionSummary }
  /** A volunteer is already arranged: the requester is asked to phone, so the volunteer is told. */
  | { kind: 'cancel-needs-call'; summary: ActionSummary }
  | { kind: 'cancelled'; summary: ActionSummary }
  | { kind: 'done'; summary: ActionSummary }
  /** Ended already (by this link, or another way). */
  | { kind: 'already-ended'; summary: ActionSummary };

interface Resolved {
  token: ActionToken;
  request: HelpRequest;
}

const CANCELLABLE = ['received', 'matching', 'escalated'] as const;

function summaryOf(request: HelpRequest): ActionSummary {
  return { reference: request.reference, helpType: request.helpType, neededBy: request.neededBy };
}

async function resolve(
  kind: ActionKind,
  raw: string,
  ports: SelfServicePorts,
): Promise<Resolved | { kind: 'invalid' }> {
  if (!INVITE_TOKEN_PATTERN.test(raw)) return { kind: 'invalid' };
  const token = await ports.store.findActionToken(hashToken(raw));
  if (!token || token.kind !== kind || token.expiresAt <= epochSeconds(ports.clock.now()))
    return { kind: 'invalid' };
  const request = await ports.store.getRequest(token.requestId);
  if (!request) return { kind: 'invalid' };
  return { token, request };
}

function current(kind: ActionKind, { token, request }: Resolved): SelfServiceView | undefined {
  const summary = summaryOf(request);
  if (kind === 'cancel') {
    if (request.status === 'assigned') return { kind: 'cancel-needs-call', summary };
    if (!(CANCELLABLE as readonly string[]).includes(request.status))
      return { kind: 'already-ended', summary };
    return undefined;
  }
  // "Done" belongs to the volunteer the request is assigned to, and only while it is.
  if (request.status !== 'assigned' || request.assignedVolunteerId !== token.volunteerId) {
    return { kind: 'already-ended', summary };
  }
  return undefined;
}

export async function viewAction(
  kind: ActionKind,
  raw: string,
  ports: SelfServicePorts,
): Promise<SelfServiceView> {
  const resolved = await resolve(kind, raw, ports);
  if ('kind' in resolved) return resolved;
  return current(kind, resolved) ?? { kind: 'confirm', action: kind, summary: summaryOf(resolved.request) };
}

export async function performAction(
  kind: ActionKind,
  raw: string,
  settings: SchemeSettings,
  ports: SelfServicePorts,
): Promise<SelfServiceView> {
  const resolved = await resolve(kind, raw, ports);
  if ('kind' in resolved) return resolved;
  const settled = current(kind, resolved);
  if (settled) return settled;
  const { token, request } = resolved;
  const summary = summaryOf(request);
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
  if (result.kind === 'done')
    return kind === 'cancel' ? { kind: 'cancelled', summary } : { kind: 'done', summary };
  // Lost a race (a volunteer said yes, the prescriber closed it): show what happened instead.
  const after = await resolve(kind, raw, ports);
  return ('kind' in after ? undefined : current(kind, after)) ?? { kind: 'already-ended', summary };
}
