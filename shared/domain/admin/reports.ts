import { HELP_TYPES, type HelpType } from '../../vocabulary/help-types.js';
import type { ReportFacts, ReportStore } from '../ports.js';
import { addDaysToDate } from '../../vocabulary/time.js';
import { csvDocument } from '../../util/csv.js';

export interface Share {
  count: number;
  /** 0 to 1; 0 when there were no requests. */
  share: number;
}

/** The figures a social prescribing team reports to its commissioners, for requests made in a period. */
export interface Report {
  /** First and last day of the period (YYYY-MM-DD, both included; days run midnight to midnight UTC). */
  from: string;
  to: string;
  total: number;
  byHelpType: { helpType: HelpType; count: number }[];
  /** Weeks starting on Monday, every week of the period, empty ones included. */
  byWeek: { weekStart: string; count: number }[];
  /** Minutes from the request to a volunteer being arranged (by saying yes, or by the prescriber). */
  timeToAssign: { count: number; medianMinutes?: number; p90Minutes?: number };
  escalated: Share;
  helped: Share;
  /** Different volunteers who took at least one of the period's requests. */
  volunteersActive: number;
}

/** Nearest-rank percentile: a value that actually occurred, as commissioners' templates expect. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export function mondayOf(isoDate: string): string {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return addDaysToDate(isoDate, -((day + 6) % 7));
}

const share = (count: number, total: number): Share => ({ count, share: total === 0 ? 0 : count / total });

export function buildReport(requests: readonly ReportFacts[], from: string, to: string): Report {
  const total = requests.length;
  const byHelpType = HELP_TYPES.map((helpType) => ({
    helpType,
    count: requests.filter((r) => r.helpType === helpType).length,
  }));
  const byWeek: Report['byWeek'] = [];
  for (let week = mondayOf(from); week <= to; week = addDaysToDate(week, 7)) {
    const end = addDaysToDate(week, 7);
    byWeek.push({
      weekStart: week,
      count: requests.filter((r) => r.createdAt.slice(0, 10) >= week && r.createdAt.slice(0, 10) < end)
        .length,
    });
  }
  const minutes = requests
    // A recurring visit made already arranged with its volunteer was never waited for: counting its zero
    // minutes would flatter the time a person waits for a volunteer.
    .filter((r) => r.assignedAt && !(r.enteredBy === 'series' && r.assignedAt === r.createdAt))
    .map((r) => (new Date(r.assignedAt ?? '').getTime() - new Date(r.createdAt).getTime()) / 60_000)
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b);
  const round = (m: number | undefined) => (m === undefined ? undefined : Math.round(m));
  return {
    from,
    to,
    total,
    byHelpType,
    byWeek,
    timeToAssign: {
      count: minutes.length,
      medianMinutes: round(percentile(minutes, 0.5)),
      p90Minutes: round(percentile(minutes, 0.9)),
    },
    escalated: share(requests.filter((r) => r.escalatedAt !== undefined).length, total),
    helped: share(requests.filter((r) => r.outcome === 'helped').length, total),
    volunteersActive: new Set(requests.map((r) => r.assignedVolunteerId).filter(Boolean)).size,
  };
}

/**
 * A period's report from the reports' own record: one item per day (a month is one batch read), never
 * the requests themselves, so its cost does not grow with the number of requests.
 */
export async function loadReport(
  from: string,
  to: string,
  ports: { store: Pick<ReportStore, 'listReportFacts'> },
): Promise<Report> {
  return buildReport(await ports.store.listReportFacts(from, to), from, to);
}

/**
 * Keeps the reports' record up to date with requests that changed: their facts are read as they are now
 * and put under the day each was made. Safe to repeat and in any order: it sets, it never counts.
 */
export async function recordRequestFacts(
  requestIds: readonly string[],
  ports: { store: Pick<ReportStore, 'getReportFacts' | 'recordReportFacts'> },
): Promise<number> {
  if (requestIds.length === 0) return 0;
  const facts = await ports.store.getReportFacts(requestIds);
  await ports.store.recordReportFacts(facts);
  return facts.length;
}

/** Ids recorded per call: the facts of 100 requests are one batch read. */
const REBUILD_CHUNK = 100;

/**
 * Records again every request made on the days from..to, as they are now: for a record that missed a
 * change (its stream consumer's dead-letter queue alarmed) or a table older than the record.
 */
export async function rebuildReportRecord(
  from: string,
  to: string,
  ports: { store: Pick<ReportStore, 'listRequestIdsMade' | 'getReportFacts' | 'recordReportFacts'> },
): Promise<number> {
  // Sorted: ids are time-ordered, so each chunk touches a few neighbouring days.
  const ids = (await ports.store.listRequestIdsMade(from, to)).sort();
  let recorded = 0;
  for (let i = 0; i < ids.length; i += REBUILD_CHUNK)
    recorded += await recordRequestFacts(ids.slice(i, i + REBUILD_CHUNK), ports);
  return recorded;
}

/** One table a spreadsheet opens as is: section, item, value. */
export function reportCsv(report: Report): string {
  const pct = (s: Share) => (s.share * 100).toFixed(1);
  return csvDocument([
    ['section', 'item', 'value'],
    ['period', 'from', report.from],
    ['period', 'to', report.to],
    ['requests', 'total', report.total],
    ...report.byHelpType.map((h) => ['requests by help type', h.helpType, h.count]),
    ...report.byWeek.map((w) => ['requests by week starting', w.weekStart, w.count]),
    ['time to a volunteer (minutes)', 'requests with a volunteer', report.timeToAssign.count],
    ['time to a volunteer (minutes)', 'median', report.timeToAssign.medianMinutes ?? ''],
    ['time to a volunteer (minutes)', '90th percentile', report.timeToAssign.p90Minutes ?? ''],
    ['escalated to the prescriber', 'count', report.escalated.count],
    ['escalated to the prescriber', 'percent', pct(report.escalated)],
    ['closed as helped', 'count', report.helped.count],
    ['closed as helped', 'percent', pct(report.helped)],
    ['volunteers', 'active', report.volunteersActive],
  ]);
}
