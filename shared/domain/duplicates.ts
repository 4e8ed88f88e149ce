import { createHash } from 'node:crypto';
import type { SchemeSettings } from '../config.js';
import type { Prescriber } from '../auth/claims.js';
import type { WorkflowStarter } from '../workflow/starter.js';
import { nextMatchingRun } from './runs.js';
import type { HelpType } from '../vocabulary/help-types.js';
import { toVolunteer, type MessageIntent } from './messages.js';
import type { HelpRequest } from './model.js';
import type { Clock, DuplicateKeyItem, Log, RequestStore, Store } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

/**
 * A second request for the same person and the same help within
 * `duplicateWindowDays` is stored "on hold" and shown to the prescriber, and nobody is invited until
 * they decide. The match key is the postcode plus the person's name, or plus their phone number, all
 * normalised; only its SHA-256 is stored, so the lookup items hold no readable personal data.
 */

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'rev', 'prof', 'sir', 'dame', 'lady', 'lord']);

/**
 * The postcode as the match keys hold it: no spaces, upper case. Not the checked form postcode.ts makes:
 * keys stored in this form would no longer match if it changed.
 */
export function compactPostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

/** Case, accents, punctuation, spacing and a leading title do not make a different person. */
export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && TITLES.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

/** Digits only, with a UK country code (+44, 0044, 44, and "+44 (0)") written as the trunk 0. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('0044')
    ? digits.slice(4)
    : digits.startsWith('44') && digits.length >= 12
      ? digits.slice(2)
      : undefined;
  if (national === undefined) return digits;
  return national.startsWith('0') ? national : `0${national}`;
}

export interface MatchKeyInput {
  helpType: HelpType;
  name: string;
  postcode: string;
  phone?: string;
}

export type MatchedOn = 'name' | 'phone';

/** The hashed keys one request is known by: postcode and name, and postcode and phone when given. */
export function matchKeys(input: MatchKeyInput): { on: MatchedOn; hash: string }[] {
  const base = `v1|${input.helpType}|${compactPostcode(input.postcode)}`;
  const keys: { on: MatchedOn; plain: string }[] = [];
  const name = normaliseName(input.name);
  if (name) keys.push({ on: 'name', plain: `${base}|name|${name}` });
  const phone = input.phone ? normalisePhone(input.phone) : '';
  if (phone.length >= 6) keys.push({ on: 'phone', plain: `${base}|phone|${phone}` });
  return keys.map(({ on, plain }) => ({
    on,
    hash: createHash('sha256').update(plain, 'utf8').digest('hex'),
  }));
}

export interface PossibleDuplicate {
  originalId: string;
  matchedOn: MatchedOn;
}

export type DuplicateStore = Pick<Store, 'getDuplicateKeys' | 'putDuplicateKeys' | 'getRequest'>;

/** Requests that ended this way are not a reason to hold a new one: the person is asking again. */
const NOT_A_DUPLICATE_OF: readonly HelpRequest['status'][] = ['cancelled'];

/**
 * The earlier request this one may repeat, if any. A key past its window (TTL deletes lazily), or
 * whose request has gone (erased) or was cancelled, does not count. A lookup that fails is logged and
 * treated as "no duplicate": a missed duplicate costs a second invite, a lost request costs far more.
 */
export async function findPossibleDuplicate(
  input: MatchKeyInput,
  ports: { store: DuplicateStore; clock: Clock; log: Log },
): Promise<PossibleDuplicate | undefined> {
  const keys = matchKeys(input);
  try {
    const now = epochSeconds(ports.clock.now());
    const found = (await ports.store.getDuplicateKeys(keys.map((k) => k.hash))).filter(
      (item) => item.expiresAt > now,
    );
    for (const key of keys) {
      const item = found.find((f) => f.keyHash === key.hash);
      if (!item) continue;
      const original = await ports.store.getRequest(item.requestId);
      if (!original || NOT_A_DUPLICATE_OF.includes(original.status)) continue;
      return { originalId: original.id, matchedOn: key.on };
    }
  } catch (error) {
    ports.log.error('duplicate lookup failed; request matched as usual', {
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return undefined;
}

/** A new (not held) request's keys, kept until the window ends, so the window runs from the first. */
export function matchKeyItems(
  input: MatchKeyInput,
  requestId: string,
  settings: Pick<SchemeSettings, 'duplicateWindowDays'>,
  now: Date,
): DuplicateKeyItem[] {
  const expiresAt = epochSeconds(now) + settings.duplicateWindowDays * DAY_SECONDS;
  return matchKeys(input).map((k) => ({ keyHash: k.hash, requestId, expiresAt }));
}

/** Remembers a new (not held) request's keys on their own (submit writes them with the request). */
export async function recordMatchKeys(
  input: MatchKeyInput,
  requestId: string,
  settings: Pick<SchemeSettings, 'duplicateWindowDays'>,
  ports: { store: DuplicateStore; clock: Clock; log: Log },
): Promise<void> {
  const items = matchKeyItems(input, requestId, settings, ports.clock.now());
  await ports.store.putDuplicateKeys(items).catch((error: unknown) => {
    ports.log.error('could not record duplicate keys', {
      requestId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  });
}

export type DuplicateDecision = 'merge' | 'new';

/**
 * After a merge, what the earlier request's volunteer heard: 'told' (the date or details they had
 * changed, so they are sent the new ones), 'unchanged' (nothing they were told changed, so nothing is
 * sent), or 'none' (nobody is arranged yet: whoever says yes gets the merged details).
 */
export type MergeNotice = 'told' | 'unchanged' | 'none';

export type DuplicateDecisionResult =
  | { kind: 'done'; request: HelpRequest; volunteer?: MergeNotice }
  | { kind: 'not-found' }
  /** Not on hold any more (decided already, or cancelled): nothing was changed. */
  | { kind: 'conflict' }
  /** The earlier request has ended (or gone), so there is nothing to merge into: nothing was changed. */
  | { kind: 'earlier-ended' };

export interface DuplicateDecisionPorts {
  store: Store;
  clock: Clock;
  log: Log;
  starter: WorkflowStarter;
}

/**
 * "Merge" closes the held request as a duplicate, linked to the original in both audits. "Treat as new"
 * puts it back to received and starts matching in a new execution, named like a prescriber's re-run
 * (`${id}-r${n}`) and audited as one, so a later "run matching again" picks the next free name.
 */
export async function decideDuplicate(
  requestId: string,
  decision: DuplicateDecision,
  prescriber: Prescriber,
  settings: Pick<SchemeSettings, 'retentionDays'>,
  ports: DuplicateDecisionPorts,
): Promise<DuplicateDecisionResult> {
  const now = ports.clock.now();
  const at = now.toISOString();
  if (decision === 'merge') return mergeIntoEarlier(requestId, prescriber, settings, ports);

  const request = await ports.store.transitionRequest(requestId, ['on-hold'], { status: 'received' });
  if (!request) return conflictOrMissing(requestId, ports.store);
  const { run, name } = nextMatchingRun(requestId, await ports.store.listAudit(requestId));
  try {
    await ports.starter.start(requestId, name);
  } catch (error) {
    // Nothing would match it now: put it back on hold, where the prescriber can decide again.
    await ports.store.transitionRequest(requestId, ['received'], { status: 'on-hold' });
    throw error;
  }
  await ports.store.appendAudit({
    requestId,
    at,
    type: 'duplicate-treated-as-new',
    actor: prescriber.id,
    data: { originalId: request.possibleDuplicateOf ?? 'unknown' },
  });
  await ports.store.appendAudit({
    requestId,
    at,
    type: 'matching-rerun',
    actor: prescriber.id,
    data: { run },
  });
  ports.log.info('possible duplicate treated as new; matching started', { requestId, run });
  return { kind: 'done', request };
}

/** What a merge writes into the earlier request: the held request's latest word. */
export interface MergedCopy {
  neededBy: string;
  urgent: boolean;
  details?: string;
}

/**
 * The volunteer already arranged for the earlier request was told its date and details; if the merge
 * changes either, they are sent the details again, marked as changed, so nobody turns up on the old
 * date with the old instructions. Keyed by the held request: each merge tells them once, and a later
 * merge into the same request tells them again.
 */
export function mergeNotices(
  earlier: Pick<HelpRequest, 'id' | 'status' | 'assignedVolunteerId' | 'neededBy' | 'details'>,
  heldId: string,
  copy: MergedCopy,
): { notice: MergeNotice; messages: MessageIntent[] } {
  const volunteerId = earlier.status === 'assigned' ? earlier.assignedVolunteerId : undefined;
  if (!volunteerId) return { notice: 'none', messages: [] };
  const changed =
    copy.neededBy !== earlier.neededBy || (copy.details !== undefined && copy.details !== earlier.details);
  if (!changed) return { notice: 'unchanged', messages: [] };
  return {
    notice: 'told',
    messages: [
      {
        kind: 'volunteer-details',
        to: toVolunteer(volunteerId),
        requestId: earlier.id,
        facts: { changed: true },
        dedupeKey: `details-changed:${earlier.id}:${heldId}`,
      },
    ],
  };
}

/** A merge that finds the earlier request changed under it reads it again, this many times at most. */
const MERGE_ATTEMPTS = 3;

/**
 * "Merge" closes the held request as a duplicate and gives the earlier request the held one's needed-by
 * date, urgency and details (what the person said the second time is the latest word), in one
 * transaction with the notice to its volunteer, if what they were told changes; then both audits link
 * the two. The write holds only while the earlier request still has the volunteer it was read with, so
 * the notice goes to whoever holds it when the change lands.
 */
async function mergeIntoEarlier(
  requestId: string,
  prescriber: Prescriber,
  settings: Pick<SchemeSettings, 'retentionDays'>,
  ports: DuplicateDecisionPorts,
): Promise<DuplicateDecisionResult> {
  const held = await ports.store.getRequest(requestId);
  if (!held) return { kind: 'not-found' };
  if (held.status !== 'on-hold') return { kind: 'conflict' };
  const originalId = held.possibleDuplicateOf;
  if (!originalId) return { kind: 'earlier-ended' };
  const now = ports.clock.now();
  const at = now.toISOString();
  let notice: MergeNotice = 'none';
  for (let attempt = 1; ; attempt++) {
    const earlier = await ports.store.getRequest(originalId);
    if (!earlier) return { kind: 'earlier-ended' };
    const copy: MergedCopy = {
      neededBy: held.neededBy,
      // Urgent stays urgent: a second, calmer request does not make the first one wait.
      urgent: held.urgent || earlier.urgent,
      ...(held.details !== undefined ? { details: held.details } : {}),
    };
    const told = mergeNotices(earlier, requestId, copy);
    const merged = await ports.store.mergeIntoEarlier(
      requestId,
      originalId,
      { closedAt: at, expiresAt: epochSeconds(now) + settings.retentionDays * DAY_SECONDS },
      copy,
      { assignedVolunteerId: earlier.assignedVolunteerId, messages: told.messages },
    );
    if (merged === 'not-on-hold') return conflictOrMissing(requestId, ports.store);
    if (merged === 'earlier-ended') return { kind: 'earlier-ended' };
    if (merged === 'merged') {
      notice = told.notice;
      break;
    }
    // Its volunteer changed between the read and the write: read it again, or give up with nothing written.
    if (attempt >= MERGE_ATTEMPTS) return { kind: 'conflict' };
  }
  await ports.store.appendAudit({
    requestId,
    at,
    type: 'duplicate-merged',
    actor: prescriber.id,
    data: { originalId },
  });
  await ports.store.appendAudit({
    requestId: originalId,
    at,
    type: 'duplicate-merged',
    actor: prescriber.id,
    data: { duplicateId: requestId },
  });
  ports.log.info('possible duplicate merged', { requestId, originalId, volunteer: notice });
  const request = await ports.store.getRequest(requestId);
  return request ? { kind: 'done', request, volunteer: notice } : { kind: 'not-found' };
}

async function conflictOrMissing(
  requestId: string,
  store: Pick<RequestStore, 'getRequest'>,
): Promise<DuplicateDecisionResult> {
  return (await store.getRequest(requestId)) ? { kind: 'conflict' } : { kind: 'not-found' };
}

export interface HeldRequest {
  request: HelpRequest;
  /** The earlier request, if it still exists. */
  original?: HelpRequest;
}

/** Held requests the dashboard lists at once, oldest first: a page stays small however many are held. */
const HELD_SHOWN = 50;

/** The dashboard's "possible duplicates": the oldest held requests, each beside its original. */
export async function loadHeldRequests(
  store: Pick<Store, 'listRequestsByStatus' | 'getRequest'>,
): Promise<HeldRequest[]> {
  const held = await store.listRequestsByStatus('on-hold', { limit: HELD_SHOWN });
  return Promise.all(
    held.map(async (request) => ({
      request,
      original: request.possibleDuplicateOf ? await store.getRequest(request.possibleDuplicateOf) : undefined,
    })),
  );
}
