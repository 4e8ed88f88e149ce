import { loadReport, reportCsv } from '../shared/domain/admin/reports.js';
import { addDaysToDate, londonDate } from '../shared/domain/time.js';
import { htmlResponse, SECURITY_HEADERS } from '../shared/http/responses.js';
import { renderReport, REPORTS_PATH } from '../shared/web/admin/reports.js';
import { adminHandler } from './admin-route.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A year at most: the table keeps requests for their retention period only, and a query stays small. */
const MAX_DAYS = 366;

function isRealDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** GET /admin/reports (this month so far unless a period is chosen) and its CSV download. */
export const handler = adminHandler(async (event, context) => {
  const today = londonDate(context.runtime.ports.clock.now());
  const q = event.queryStringParameters ?? {};
  const from = q.from ?? `${today.slice(0, 8)}01`;
  const to = q.to ?? today;
  const valid = isRealDate(from) && isRealDate(to) && from <= to && to <= addDaysToDate(from, MAX_DAYS);
  if (!valid) {
    return htmlResponse(
      400,
      renderReport({
        contact: context.contact,
        from,
        to,
        error: `Enter a real period of at most ${MAX_DAYS} days, with the first date before the last`,
      }),
    );
  }
  const report = await loadReport(from, to, context.runtime.ports);
  if (event.rawPath === `${REPORTS_PATH}/export`) {
    return {
      statusCode: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="community-kindness-${from}-to-${to}.csv"`,
      },
      body: reportCsv(report),
    };
  }
  return htmlResponse(200, renderReport({ contact: context.contact, report, from, to }));
});
