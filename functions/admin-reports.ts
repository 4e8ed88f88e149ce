import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadReport, reportCsv } from '../shared/domain/admin/reports.js';
import { addDaysToDate, londonDate } from '../shared/vocabulary/time.js';
import { htmlResponse, SECURITY_HEADERS, type HttpResult } from '../shared/http/responses.js';
import { renderReport } from '../shared/web/admin/reports.js';
import { adminHandler, type AdminContext, type AdminRoute } from './admin-route.js';
import { getReportStore } from '../shared/runtime-reports.js';
import type { RouteTable } from './route-table.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A year at most: the table keeps requests for their retention period only, and a query stays small. */
const MAX_DAYS = 366;

function isRealDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

type Period = { from: string; to: string };

/**
 * The period asked for (this month so far unless one is chosen), or the report page with an error. A
 * period is checked before anything is read: a year at most, first date first.
 */
function periodOf(event: APIGatewayProxyEventV2, context: AdminContext): Period | HttpResult {
  const today = londonDate(context.runtime.ports.clock.now());
  const q = event.queryStringParameters ?? {};
  const from = q.from ?? `${today.slice(0, 8)}01`;
  const to = q.to ?? today;
  if (isRealDate(from) && isRealDate(to) && from <= to && to <= addDaysToDate(from, MAX_DAYS))
    return { from, to };
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

/** GET /admin/reports and its CSV download. */
export const routes: RouteTable<'adminReports', AdminRoute> = {
  'GET /admin/reports': async (event, context) => {
    const period = periodOf(event, context);
    if (!('from' in period)) return period;
    const report = await loadReport(period.from, period.to, { store: getReportStore() });
    return htmlResponse(200, renderReport({ contact: context.contact, report, ...period }));
  },
  'GET /admin/reports/export': async (event, context) => {
    const period = periodOf(event, context);
    if (!('from' in period)) return period;
    const { from, to } = period;
    const report = await loadReport(from, to, { store: getReportStore() });
    return {
      statusCode: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="community-kindness-${from}-to-${to}.csv"`,
      },
      body: reportCsv(report),
    };
  },
};

export const handler = adminHandler(routes);
