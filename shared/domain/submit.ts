import type { SchemeSettings } from '../config.js';
import { parseHelpRequest, type FieldError, type HelpRequestInput } from '../schema/request.js';
import { isRecurring, type AuditEvent, type HelpRequest, type Requester } from './model.js';
import { newSeriesFor } from './series-rules.js';
import { isInServiceArea, postcodeDistrict, postcodeSector } from '../vocabulary/postcode.js';
import type { Clock, Ids, Log, Metrics, RequestStore } from './ports.js';
import { findPossibleDuplicate, matchKeyItems, type DuplicateStore } from './duplicates.js';
import { TO_PRESCRIBER, toRequester, type MessageIntent } from './messages.js';
import { addDaysToDate, DAY_SECONDS, epochSeconds, londonDate } from '../vocabulary/time.js';
import { requesterContactBy } from './contact.js';

export type SubmitOutcome =
  | { kind: 'created'; requestId: string; reference: string }
  | { kind: 'duplicate'; requestId: string; reference: string }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'outside-area' }
  /** The honeypot was filled: answer like a success so a bot learns nothing, store nothing. */
  | { kind: 'ignored'; reference: string };

export interface SubmitPorts {
  /** Beyond createRequest: the duplicate check's lookups, and its audit entry. */
  store: Pick<RequestStore, 'createRequest' | 'appendAudit'> & DuplicateStore;
  clock: Clock;
  ids: Ids;
  log: Log;
  metrics?: Metrics;
}

export interface SubmitContext {
  /** "public-form", "api", or a prescriber's id for assisted entry. */
  enteredBy: string;
  /** From the form's hidden field or the Idempotency-Key header; the field wins when both are present. */
  idempotencyKey?: string;
}

/** Idempotency keys outlive any plausible retry or double click, then free their slot. */
const IDEMPOTENCY_SECONDS = DAY_SECONDS;
const REFERENCE_ATTEMPTS = 5;

export async function submitHelpRequest(
  payload: unknown,
  context: SubmitContext,
  settings: SchemeSettings,
  ports: SubmitPorts,
): Promise<SubmitOutcome> {
  const now = ports.clock.now();
  const today = londonDate(now);
  const parsed = parseHelpRequest(payload, today);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const input = parsed.value;

  if (input.website) {
    ports.log.warn('honeypot filled; request ignored');
    return { kind: 'ignored', reference: ports.ids.reference() };
  }
  if (!isInServiceArea(input.postcode, settings.serviceAreas)) {
    ports.log.info('postcode outside service area', { district: postcodeDistrict(input.postcode) });
    return { kind: 'outside-area' };
  }

  const idempotencyKey = input.idempotencyKey ?? context.idempotencyKey;
  const requestId = ports.ids.requestId();
  // A likely repeat is stored on hold; its workflow confirms to the requester and then stops.
  const duplicate = await findPossibleDuplicate(input, ports);
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const request = buildRequest(input, {
      requestId,
      reference: ports.ids.reference(),
      now,
      today,
      context,
      settings,
    });
    if (duplicate) {
      request.status = 'on-hold';
      request.possibleDuplicateOf = duplicate.originalId;
    }
    const audit: AuditEvent = {
      requestId,
      at: request.createdAt,
      type: 'received',
      actor: context.enteredBy,
      data: {
        helpType: request.helpType,
        area: request.area,
        urgent: request.urgent,
        ...(duplicate ? { possibleDuplicateOf: duplicate.originalId } : {}),
        ...(request.seriesId ? { seriesId: request.seriesId, occurrence: 1 } : {}),
      },
    };
    // The promise made with the 201: the confirmation (and a held request's notice to the prescriber,
    // ids and references only) is stored with the request, so a throttled email service cannot lose it.
    const messages: MessageIntent[] = [
      { kind: 'requester-confirmation', to: toRequester(requestId), requestId },
      ...(duplicate
        ? [
            {
              kind: 'prescriber-duplicate',
              to: TO_PRESCRIBER,
              requestId,
              facts: { originalId: duplicate.originalId },
            } satisfies MessageIntent,
          ]
        : []),
    ];
    const series = newSeriesFor(request);
    const result = await ports.store.createRequest(request, audit, {
      ...(idempotencyKey
        ? { idempotency: { key: idempotencyKey, expiresAt: epochSeconds(now) + IDEMPOTENCY_SECONDS } }
        : {}),
      ...(series ? { series } : {}),
      // Not held: its keys go in with it, so a repeat within the window is held (one round trip).
      ...(duplicate ? {} : { duplicateKeys: matchKeyItems(input, requestId, settings, now) }),
      messages,
    });
    if (result.kind === 'created') {
      ports.log.info('request stored', { requestId, reference: request.reference });
      if (duplicate) {
        // The stored request and its "received" entry already say so; this entry only adds the reason.
        await ports.store
          .appendAudit({
            requestId,
            at: request.createdAt,
            type: 'duplicate-suspected',
            actor: 'system',
            data: { originalId: duplicate.originalId, matchedOn: duplicate.matchedOn },
          })
          .catch(() => ports.log.warn('could not audit the duplicate match', { requestId }));
        ports.log.info('request held as a possible duplicate', {
          requestId,
          originalId: duplicate.originalId,
        });
      }
      ports.metrics?.count('RequestsReceived');
      return { kind: 'created', requestId, reference: request.reference };
    }
    if (result.kind === 'duplicate') {
      ports.log.info('repeat submission answered from idempotency key', { requestId: result.requestId });
      return result;
    }
    // A reference collision is rare (32^5 codes); try another.
  }
  throw new Error('could not allocate a unique reference');
}

interface BuildContext {
  requestId: string;
  reference: string;
  now: Date;
  today: string;
  context: SubmitContext;
  settings: SchemeSettings;
}

function buildRequest(input: HelpRequestInput, build: BuildContext): HelpRequest {
  const requester: Requester = {
    name: input.name,
    nameInEnglishLetters: input.nameInEnglishLetters,
    phone: input.phone,
    email: input.email,
    addressLine1: input.addressLine1,
    addressLine2: input.addressLine2,
    town: input.town,
    postcode: input.postcode,
  };
  // Stored as chosen, or as the default would choose, so the sender never has to guess later.
  const contactBy = requesterContactBy({ ...requester, contactBy: input.contactBy });
  if (contactBy) requester.contactBy = contactBy;
  if (input.onBehalf === 'yes' && input.requesterName && input.relationship) {
    requester.askedBy = { name: input.requesterName, relationship: input.relationship };
  }
  // A backstop: even a request nobody ever closes is deleted after its need-by date plus retention.
  const expiresOn = addDaysToDate(input.neededBy, build.settings.retentionDays);
  return {
    id: build.requestId,
    reference: build.reference,
    status: 'received',
    helpType: input.helpType,
    area: postcodeSector(input.postcode),
    neededBy: input.neededBy,
    urgent: input.neededBy <= addDaysToDate(build.today, 1),
    details: input.details,
    language: input.language,
    requester,
    createdAt: build.now.toISOString(),
    enteredBy: build.context.enteredBy,
    wave: 0,
    expiresAt: epochSeconds(new Date(`${expiresOn}T00:00:00Z`)),
    // Ongoing help: this request is the first occurrence of a series named after it.
    ...(isRecurring(input.frequency)
      ? { seriesId: build.requestId, occurrence: 1, frequency: input.frequency }
      : {}),
  };
}
