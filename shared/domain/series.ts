import { arrangedMessages } from './arranged.js';
import type { MatchingSettings } from './matching.js';
import { TO_PRESCRIBER, toRequester, toVolunteer, type MessageIntent } from './messages.js';
import { nextNeededBy } from './series-rules.js';
import { type AuditEvent, type HelpRequest, type HelpSeries, type SeriesEndReason } from './model.js';
import type { Clock, Ids, Log, Store } from './ports.js';
import { addDaysToDate, DAY_SECONDS, epochSeconds, londonDate } from '../vocabulary/time.js';

export { newSeriesFor, nextNeededBy } from './series-rules.js';

/**
 * Recurring help. Each occurrence is its own request (own reference, invites and audit), so
 * everything built for one-off help (matching, links, the dashboard, erasure) works on it unchanged.
 * The series record holds ids only. When an occurrence ends (done, closed or cancelled), the next one is
 * created: already assigned when a volunteer took on "every time", otherwise matched like a new request
 * (its table insert starts the workflow, as for any request).
 */

export interface SeriesPorts {
  store: Store;
  clock: Clock;
  ids: Ids;
  log: Log;
}

/** Closing with these outcomes says the help is no longer wanted from us, so no next occurrence. */
const ENDING_OUTCOMES: Partial<Record<NonNullable<HelpRequest['outcome']>, SeriesEndReason>> = {
  'no-longer-needed': 'no-longer-needed',
  duplicate: 'duplicate',
};

export type ContinueResult =
  | { kind: 'next'; request: HelpRequest; withVolunteerId?: string }
  | { kind: 'ended'; reason: SeriesEndReason }
  /** Not part of an active series, or the series has already moved past this occurrence. */
  | { kind: 'none' };

const REFERENCE_ATTEMPTS = 5;

/**
 * What follows the end of an occurrence. Safe to call twice for the same occurrence (a retried close,
 * the daily catch-up): the store moves the series on only from its latest occurrence.
 */
export async function continueSeries(
  previous: HelpRequest,
  settings: MatchingSettings,
  ports: SeriesPorts,
): Promise<ContinueResult> {
  if (!previous.seriesId) return { kind: 'none' };
  const series = await ports.store.getSeries(previous.seriesId);
  if (!series || series.status !== 'active' || series.requestIds.at(-1) !== previous.id) {
    return { kind: 'none' };
  }
  const endingReason = previous.outcome ? ENDING_OUTCOMES[previous.outcome] : undefined;
  if (endingReason) {
    await endSeries(series.id, 'system', endingReason, settings, ports);
    return { kind: 'ended', reason: endingReason };
  }
  if (series.requestIds.length >= settings.seriesMaxOccurrences) {
    // The prescriber decides whether it goes on: told in the same write that ends it.
    await endSeries(series.id, 'system', 'limit', settings, ports, [
      {
        kind: 'prescriber-series-review',
        to: TO_PRESCRIBER,
        requestId: previous.id,
        facts: { seriesId: series.id, occurrences: series.requestIds.length },
      },
    ]);
    return { kind: 'ended', reason: 'limit' };
  }

  const now = ports.clock.now();
  const volunteer = series.committedVolunteerId
    ? await ports.store.getVolunteer(series.committedVolunteerId)
    : undefined;
  // A committed volunteer who is paused (or was removed) is not sent this one: it is matched instead,
  // and they keep the series for when they are back.
  const withVolunteer =
    volunteer && !(volunteer.pausedUntil && volunteer.pausedUntil > now.toISOString())
      ? volunteer
      : undefined;

  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const next = nextOccurrence(previous, series, settings, ports, now, withVolunteer?.id);
    const audit: AuditEvent = {
      requestId: next.id,
      at: next.createdAt,
      type: 'received',
      actor: 'system',
      data: {
        helpType: next.helpType,
        area: next.area,
        urgent: next.urgent,
        seriesId: series.id,
        occurrence: next.occurrence ?? 0,
        previousId: previous.id,
      },
    };
    // The next visit is announced in the same transaction that creates it: to the volunteer who holds
    // the series and the requester, or (to be matched) to the requester as a new confirmation.
    const messages: MessageIntent[] = withVolunteer
      ? arrangedMessages(next.id, withVolunteer.id, 'series')
      : [{ kind: 'requester-confirmation', to: toRequester(next.id), requestId: next.id }];
    const created = await ports.store.createNextOccurrence(series.id, previous.id, next, audit, messages);
    if (created === 'stale') return { kind: 'none' };
    if (created === 'reference-taken') continue;
    const at = next.createdAt;
    await ports.store.appendAudit({
      requestId: previous.id,
      at,
      type: 'series-continued',
      actor: 'system',
      data: { nextId: next.id, occurrence: next.occurrence ?? 0 },
    });
    ports.log.info('next occurrence created', {
      seriesId: series.id,
      requestId: next.id,
      occurrence: next.occurrence,
      assigned: Boolean(withVolunteer),
    });
    if (withVolunteer) {
      await ports.store.appendAudit({
        requestId: next.id,
        at,
        type: 'assigned-by-series',
        actor: 'system',
        data: { volunteerId: withVolunteer.id },
      });
      return { kind: 'next', request: next, withVolunteerId: withVolunteer.id };
    }
    return { kind: 'next', request: next };
  }
  throw new Error('could not allocate a unique reference for the next occurrence');
}

function nextOccurrence(
  previous: HelpRequest,
  series: HelpSeries,
  settings: MatchingSettings,
  ports: SeriesPorts,
  now: Date,
  volunteerId: string | undefined,
): HelpRequest {
  const today = londonDate(now);
  const neededBy = nextNeededBy(previous.neededBy, series.frequency, today);
  const createdAt = now.toISOString();
  const expiresOn = addDaysToDate(neededBy, settings.retentionDays);
  return {
    id: ports.ids.requestId(),
    reference: ports.ids.reference(),
    status: volunteerId ? 'assigned' : 'received',
    helpType: previous.helpType,
    area: previous.area,
    neededBy,
    urgent: neededBy <= addDaysToDate(today, 1),
    ...(previous.details !== undefined ? { details: previous.details } : {}),
    ...(previous.language !== undefined ? { language: previous.language } : {}),
    requester: previous.requester,
    createdAt,
    enteredBy: 'series',
    wave: 0,
    ...(volunteerId ? { assignedVolunteerId: volunteerId, assignedAt: createdAt } : {}),
    expiresAt: epochSeconds(new Date(`${expiresOn}T00:00:00Z`)),
    seriesId: series.id,
    occurrence: series.requestIds.length + 1,
    frequency: series.frequency,
  };
}

/**
 * The volunteer who won the accept took on every occurrence ("Yes, every week"). Only one volunteer
 * holds a series: a second commitment (after a stop and a new accept) replaces nobody.
 */
export async function commitToSeries(
  request: HelpRequest,
  volunteerId: string,
  ports: Pick<SeriesPorts, 'store' | 'clock' | 'log'>,
): Promise<boolean> {
  if (!request.seriesId) return false;
  const at = ports.clock.now().toISOString();
  if (!(await ports.store.commitVolunteer(request.seriesId, volunteerId, at))) return false;
  await ports.store.appendAudit({
    requestId: request.id,
    at,
    type: 'series-committed',
    actor: volunteerId,
    data: { seriesId: request.seriesId },
  });
  ports.log.info('volunteer took on the series', { seriesId: request.seriesId, volunteerId });
  return true;
}

/**
 * The committed volunteer stops (their own link, or the prescriber for them). The occurrence they have
 * now stays theirs; the next one is matched again.
 */
export async function stopSeriesCommitment(
  seriesId: string,
  volunteerId: string,
  actor: string,
  ports: Pick<SeriesPorts, 'store' | 'clock' | 'log'>,
): Promise<boolean> {
  const series = await ports.store.getSeries(seriesId);
  if (!series || !(await ports.store.stopCommitment(seriesId, volunteerId))) return false;
  await ports.store.appendAudit({
    requestId: series.requestIds.at(-1) ?? seriesId,
    at: ports.clock.now().toISOString(),
    type: 'series-stopped',
    actor,
    data: { seriesId, volunteerId },
  });
  ports.log.info('series commitment stopped', { seriesId, volunteerId });
  return true;
}

/**
 * No more occurrences. The current one is left as it is (the prescriber can cancel or close it on its
 * own page), and the committed volunteer, if any, is told there are no more visits to arrange.
 */
export async function endSeries(
  seriesId: string,
  actor: string,
  reason: SeriesEndReason,
  settings: MatchingSettings,
  ports: SeriesPorts,
  /** More messages that ending it causes (the review point's notice to the prescriber). */
  alsoTell: MessageIntent[] = [],
): Promise<HelpSeries | undefined> {
  const now = ports.clock.now();
  const before = await ports.store.getSeries(seriesId);
  const latestBefore = before?.requestIds.at(-1) ?? seriesId;
  // The committed volunteer hears there are no more visits, in the same write that ends it.
  const messages: MessageIntent[] =
    before?.committedVolunteerId && reason !== 'erased'
      ? [
          {
            kind: 'volunteer-series-ended',
            to: toVolunteer(before.committedVolunteerId),
            // Not as the message's request: the visit may have expired, and the message still goes.
            facts: { seriesId, latestId: latestBefore },
          },
        ]
      : [];
  const ended = await ports.store.endSeries(
    seriesId,
    {
      endedAt: now.toISOString(),
      endedBy: actor,
      endReason: reason,
      expiresAt: epochSeconds(now) + settings.retentionDays * DAY_SECONDS,
    },
    [...messages, ...alsoTell],
  );
  if (!ended) return undefined;
  const latestId = ended.requestIds.at(-1) ?? seriesId;
  await ports.store.appendAudit({
    requestId: latestId,
    at: now.toISOString(),
    type: 'series-ended',
    actor,
    data: { seriesId, reason },
  });
  ports.log.info('series ended', { seriesId, reason });
  return ended;
}

/**
 * Run by the daily digest: a series whose latest occurrence has ended but has no next one (the process
 * stopped between the two writes) gets it now; one whose latest occurrence is gone (erased, expired)
 * ends. Returns how many series it moved on.
 */
export async function catchUpSeries(settings: MatchingSettings, ports: SeriesPorts): Promise<number> {
  let moved = 0;
  for (const series of await ports.store.listActiveSeries()) {
    const latestId = series.requestIds.at(-1);
    const latest = latestId ? await ports.store.getRequest(latestId) : undefined;
    if (!latest) {
      await endSeries(series.id, 'system', 'erased', settings, ports);
      moved++;
      continue;
    }
    if (latest.status !== 'closed' && latest.status !== 'cancelled') continue;
    const result = await continueSeries(latest, settings, ports);
    if (result.kind !== 'none') moved++;
  }
  return moved;
}

/** After an occurrence ends: the close stands whatever happens here; the daily catch-up retries. */
export async function afterOccurrenceEnded(
  request: HelpRequest,
  settings: MatchingSettings,
  ports: SeriesPorts,
): Promise<ContinueResult> {
  if (!request.seriesId) return { kind: 'none' };
  try {
    return await continueSeries(request, settings, ports);
  } catch (error) {
    ports.log.error('could not continue the series', {
      requestId: request.id,
      seriesId: request.seriesId,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return { kind: 'none' };
  }
}

export interface SeriesDetail {
  series: HelpSeries;
  /** Each occurrence in order; an erased or expired one is missing from the table and shown as such. */
  occurrences: { requestId: string; occurrence: number; request?: HelpRequest }[];
  volunteerNames: Record<string, string>;
}

/** The prescriber's series page: every occurrence, its date, status and volunteer. */
export async function loadSeries(
  seriesId: string,
  ports: Pick<SeriesPorts, 'store'>,
): Promise<SeriesDetail | undefined> {
  const series = await ports.store.getSeries(seriesId);
  if (!series) return undefined;
  const requests = await Promise.all(series.requestIds.map((id) => ports.store.getRequest(id)));
  // Only the volunteers this series names, never the roster.
  const volunteers = await ports.store.getVolunteers([
    ...(series.committedVolunteerId ? [series.committedVolunteerId] : []),
    ...requests.flatMap((r) => (r?.assignedVolunteerId ? [r.assignedVolunteerId] : [])),
  ]);
  return {
    series,
    occurrences: series.requestIds.map((requestId, index) => ({
      requestId,
      occurrence: index + 1,
      ...(requests[index] ? { request: requests[index] } : {}),
    })),
    volunteerNames: Object.fromEntries(volunteers.map((v) => [v.id, v.name])),
  };
}

export type SeriesActionResult = 'done' | 'not-found' | 'conflict';

/** The dashboard's series actions: end it, or take the committed volunteer off it. Audited by prescriber id. */
export async function changeSeriesFromDashboard(
  seriesId: string,
  change: 'end' | 'stop',
  prescriberId: string,
  settings: MatchingSettings,
  ports: SeriesPorts,
): Promise<SeriesActionResult> {
  const series = await ports.store.getSeries(seriesId);
  if (!series) return 'not-found';
  if (change === 'end') {
    return (await endSeries(seriesId, prescriberId, 'prescriber', settings, ports)) ? 'done' : 'conflict';
  }
  if (!series.committedVolunteerId) return 'conflict';
  return (await stopSeriesCommitment(seriesId, series.committedVolunteerId, prescriberId, ports))
    ? 'done'
    : 'conflict';
}
