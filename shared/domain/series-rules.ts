import { FREQUENCY_DAYS, isRecurring, type HelpRequest, type HelpSeries } from './model.js';
import { addDaysToDate } from '../vocabulary/time.js';

// Pure rules of recurring help, apart from series.ts so the submit function bundles none of its emails.

/** The series a recurring request starts; undefined for one-off help. */
export function newSeriesFor(request: HelpRequest): HelpSeries | undefined {
  if (!isRecurring(request.frequency)) return undefined;
  return {
    id: request.id,
    frequency: request.frequency,
    helpType: request.helpType,
    area: request.area,
    status: 'active',
    requestIds: [request.id],
    createdAt: request.createdAt,
  };
}

/** The first date after `previous` on the series' rhythm that is not in the past. */
export function nextNeededBy(previous: string, frequency: HelpSeries['frequency'], today: string): string {
  const step = FREQUENCY_DAYS[frequency];
  let next = addDaysToDate(previous, step);
  while (next < today) next = addDaysToDate(next, step);
  return next;
}
