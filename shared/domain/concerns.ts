import type { SchemeSettings } from '../config.js';
import type { Prescriber } from '../auth/claims.js';
import { hashToken, INVITE_TOKEN_PATTERN } from '../util/ids.js';
import type { HelpType } from '../vocabulary/help-types.js';
import { CONCERN_KINDS, type Concern, type ConcernKind, type HelpRequest } from './model.js';
import { TO_PRESCRIBER } from './messages.js';
import type { Clock, Ids, Log, Store } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

/**
 * A volunteer raises a welfare or safeguarding concern about the person they helped.
 * The link is the volunteer's "done" link with /concern/ in place of /done/: the same 32-byte token, whose
 * hash is bound to the request and to the volunteer it was sent to, expiring with the request. It works
 * while that volunteer is assigned and after they have said it is done, never for anyone else. GET shows
 * the form; only a same-origin POST stores the concern. It goes to the prescriber alone.
 */

export const CONCERN_NOTE_MAX = 500;

export interface ConcernPorts {
  store: Store;
  clock: Clock;
  ids: Pick<Ids, 'requestId'>;
  log: Log;
}

export interface ConcernSummary {
  reference: string;
  helpType: HelpType;
  neededBy: string;
}

export interface ConcernInput {
  kinds: string[];
  note: string;
}

export type ConcernView =
  | { kind: 'invalid' }
  | {
      kind: 'form';
      summary: ConcernSummary;
      values?: ConcernInput;
      error?: { field: 'kinds' | 'note'; message: string };
    }
  | { kind: 'raised'; summary: ConcernSummary };

interface Resolved {
  request: HelpRequest;
  volunteerId: string;
}

/** Assigned (helping now) or closed (said it is done): the time a volunteer sees something worrying. */
const STATUSES_FOR_CONCERNS: readonly HelpRequest['status'][] = ['assigned', 'closed'];

async function resolve(
  raw: string,
  ports: Pick<ConcernPorts, 'store' | 'clock'>,
): Promise<Resolved | undefined> {
  if (!INVITE_TOKEN_PATTERN.test(raw)) return undefined;
  const token = await ports.store.findActionToken(hashToken(raw));
  if (!token || token.kind !== 'done' || !token.volunteerId || !token.requestId) return undefined;
  if (token.expiresAt <= epochSeconds(ports.clock.now())) return undefined;
  const request = await ports.store.getRequest(token.requestId);
  if (!request || request.assignedVolunteerId !== token.volunteerId) return undefined;
  if (!STATUSES_FOR_CONCERNS.includes(request.status)) return undefined;
  return { request, volunteerId: token.volunteerId };
}

function summaryOf(request: HelpRequest): ConcernSummary {
  return { reference: request.reference, helpType: request.helpType, neededBy: request.neededBy };
}

export async function viewConcernForm(
  raw: string,
  ports: Pick<ConcernPorts, 'store' | 'clock'>,
): Promise<ConcernView> {
  const resolved = await resolve(raw, ports);
  return resolved ? { kind: 'form', summary: summaryOf(resolved.request) } : { kind: 'invalid' };
}

export type ParsedConcern =
  | { ok: true; kinds: ConcernKind[]; note?: string }
  | { ok: false; error: { field: 'kinds' | 'note'; message: string } };

/** At least one box or a few words; unknown boxes are refused rather than dropped silently. */
export function parseConcern(input: ConcernInput): ParsedConcern {
  const kinds = [...new Set(input.kinds)];
  if (kinds.some((k) => !(CONCERN_KINDS as readonly string[]).includes(k)))
    return { ok: false, error: { field: 'kinds', message: 'Choose from the list' } };
  const note = input.note.replace(/\r\n/g, '\n').trim();
  if (note.length > CONCERN_NOTE_MAX)
    return {
      ok: false,
      error: { field: 'note', message: `Your note must be ${CONCERN_NOTE_MAX} characters or fewer` },
    };
  if (kinds.length === 0 && note === '')
    return {
      ok: false,
      error: { field: 'kinds', message: 'Tick what worried you, or tell us in your own words' },
    };
  return { ok: true, kinds: kinds as ConcernKind[], ...(note ? { note } : {}) };
}

export async function raiseConcern(
  raw: string,
  input: ConcernInput,
  settings: SchemeSettings & { publicBaseUrl: string },
  ports: ConcernPorts,
): Promise<ConcernView> {
  const resolved = await resolve(raw, ports);
  if (!resolved) return { kind: 'invalid' };
  const { request, volunteerId } = resolved;
  const summary = summaryOf(request);
  const parsed = parseConcern(input);
  if (!parsed.ok) return { kind: 'form', summary, values: input, error: parsed.error };

  const now = ports.clock.now();
  const concern: Concern = {
    id: ports.ids.requestId(),
    requestId: request.id,
    volunteerId,
    kinds: parsed.kinds,
    ...(parsed.note ? { note: parsed.note } : {}),
    raisedAt: now.toISOString(),
    // The request's own expiry (set on closing); a backstop for one that has none yet.
    expiresAt: request.expiresAt ?? epochSeconds(now) + settings.retentionDays * DAY_SECONDS,
  };
  // The prescriber's message is stored with the concern: both or neither.
  await ports.store.putConcern(concern, [
    {
      kind: 'prescriber-concern',
      to: TO_PRESCRIBER,
      requestId: request.id,
      facts: { concernId: concern.id, kinds: concern.kinds.join(' '), hasNote: Boolean(concern.note) },
    },
  ]);
  await ports.store.appendAudit({
    requestId: request.id,
    at: concern.raisedAt,
    type: 'concern-raised',
    actor: volunteerId,
    // Ids and enumerations only: the note is free text, so the audit records only that there was one.
    data: { concernId: concern.id, kinds: concern.kinds.join(' '), note: Boolean(concern.note) },
  });
  ports.log.info('concern raised', { requestId: request.id, concernId: concern.id });
  return { kind: 'raised', summary };
}

export async function acknowledgeConcern(
  requestId: string,
  concernId: string,
  prescriber: Prescriber,
  ports: Pick<ConcernPorts, 'store' | 'clock' | 'log'>,
): Promise<'done' | 'not-found'> {
  const at = ports.clock.now().toISOString();
  const concern = await ports.store.acknowledgeConcern(requestId, concernId, prescriber.id, at);
  if (!concern) return 'not-found';
  await ports.store.appendAudit({
    requestId,
    at,
    type: 'concern-acknowledged',
    actor: prescriber.id,
    data: { concernId },
  });
  ports.log.info('concern acknowledged', { requestId, concernId });
  return 'done';
}

export interface OpenConcern {
  concern: Concern;
  /** Undefined when the request has been erased since (the concern went with it, bar a race). */
  request?: HelpRequest;
}

/** The dashboard's top section: open concerns, oldest first, each with its request. */
export async function loadOpenConcerns(
  store: Pick<Store, 'listOpenConcerns' | 'getRequest'>,
): Promise<OpenConcern[]> {
  const concerns = await store.listOpenConcerns();
  return Promise.all(
    concerns.map(async (concern) => ({ concern, request: await store.getRequest(concern.requestId) })),
  );
}
