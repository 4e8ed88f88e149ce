import { describe, expect, it } from 'vitest';
import {
  buildReport,
  loadReport,
  rebuildReportRecord,
  recordRequestFacts,
  mondayOf,
  percentile,
  reportCsv,
} from '../../../shared/domain/admin/reports.js';
import { renderReport, weeklyChart } from '../../../shared/web/admin/reports.js';
import { aRequest, testPorts } from '../../support/memory-store.js';

const contact = { schemeName: 'Community Kindness', schemePhone: '01632 960 000' };

function requestAt(id: string, createdAt: string, more: Parameters<typeof aRequest>[0] = {}) {
  return aRequest({ id, reference: `GCK-${id.slice(-5)}`, createdAt, ...more });
}

const minutesLater = (iso: string, minutes: number) =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

describe('the period report', () => {
  const requests = [
    requestAt('r0001', '2026-03-02T09:00:00.000Z', {
      status: 'closed',
      outcome: 'helped',
      assignedVolunteerId: 'vol-a',
      assignedAt: minutesLater('2026-03-02T09:00:00.000Z', 30),
    }),
    requestAt('r0002', '2026-03-03T09:00:00.000Z', {
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
      assignedAt: minutesLater('2026-03-03T09:00:00.000Z', 60),
      helpType: 'lift',
    }),
    requestAt('r0003', '2026-03-10T09:00:00.000Z', {
      status: 'closed',
      outcome: 'could-not-help',
      escalatedAt: '2026-03-10T13:00:00.000Z',
    }),
    requestAt('r0004', '2026-03-11T09:00:00.000Z', {
      status: 'assigned',
      assignedVolunteerId: 'vol-b',
      assignedAt: minutesLater('2026-03-11T09:00:00.000Z', 600),
      escalatedAt: '2026-03-11T12:00:00.000Z',
    }),
  ];

  it('counts by help type and by week, with the median and 90th percentile time, shares and active volunteers', () => {
    const report = buildReport(requests, '2026-03-01', '2026-03-14');
    expect(report.total).toBe(4);
    expect(report.byHelpType.find((h) => h.helpType === 'shopping')?.count).toBe(3);
    expect(report.byHelpType.find((h) => h.helpType === 'lift')?.count).toBe(1);
    expect(report.byWeek).toEqual([
      { weekStart: '2026-02-23', count: 0 },
      { weekStart: '2026-03-02', count: 2 },
      { weekStart: '2026-03-09', count: 2 },
    ]);
    expect(report.timeToAssign).toEqual({ count: 3, medianMinutes: 60, p90Minutes: 600 });
    expect(report.escalated).toEqual({ count: 2, share: 0.5 });
    expect(report.helped).toEqual({ count: 1, share: 0.25 });
    expect(report.volunteersActive).toBe(2);
  });

  it('leaves out of the time to a volunteer the recurring visits made already arranged', () => {
    const createdAt = '2026-03-12T09:00:00.000Z';
    const arrangedBySeries = requestAt('r0005', createdAt, {
      status: 'assigned',
      enteredBy: 'series',
      seriesId: 'r0001',
      occurrence: 2,
      assignedVolunteerId: 'vol-a',
      assignedAt: createdAt,
    });
    const matchedBySeries = requestAt('r0006', createdAt, {
      status: 'assigned',
      enteredBy: 'series',
      assignedVolunteerId: 'vol-b',
      assignedAt: minutesLater(createdAt, 120),
    });
    const report = buildReport([...requests, arrangedBySeries, matchedBySeries], '2026-03-01', '2026-03-14');
    expect(report.total).toBe(6);
    expect(report.timeToAssign).toEqual({ count: 4, medianMinutes: 60, p90Minutes: 600 });
  });

  it('uses nearest-rank percentiles and Monday weeks', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
  });

  it("loads one period from the reports' record, leaving out requests made after it", async () => {
    const ports = testPorts();
    const later = requestAt('r0005', '2026-03-15T00:00:00.000Z');
    for (const r of [...requests, later]) ports.store.seedRequest(r);
    expect(
      await recordRequestFacts(
        [...requests, later].map((r) => r.id),
        ports,
      ),
    ).toBe(5);
    ports.store.calls.length = 0;

    const report = await loadReport('2026-03-01', '2026-03-14', ports);
    expect(report).toEqual(buildReport(requests, '2026-03-01', '2026-03-14'));
    expect(report.total).toBe(4);
    expect(ports.store.calls).toEqual(['listReportFacts']);
  });

  it('counts a request by its facts as they are now, however often and in whatever order it was recorded', async () => {
    const ports = testPorts();
    for (const r of requests) ports.store.seedRequest(r);
    const ids = requests.map((r) => r.id);
    await recordRequestFacts([...ids].reverse(), ports);
    await recordRequestFacts([ids[0] ?? '', ids[0] ?? ''], ports);
    // A request escalated after it was first recorded counts as escalated once recorded again.
    const open = requests[1];
    if (!open) throw new Error('the fixture has a second request');
    ports.store.seedRequest({ ...open, escalatedAt: '2026-03-03T12:00:00.000Z' });
    await recordRequestFacts([open.id], ports);

    const report = await loadReport('2026-03-01', '2026-03-14', ports);
    expect(report.total).toBe(4);
    expect(report.escalated.count).toBe(3);
    expect(await recordRequestFacts([], ports)).toBe(0);
  });

  it('rebuilds the record of a period from the requests as they are, and only that period', async () => {
    const ports = testPorts();
    const later = requestAt('r0005', '2026-03-15T00:00:00.000Z');
    for (const r of [...requests, later]) ports.store.seedRequest(r);

    expect(await rebuildReportRecord('2026-03-01', '2026-03-14', ports)).toBe(4);
    expect(await loadReport('2026-03-01', '2026-03-14', ports)).toEqual(
      buildReport(requests, '2026-03-01', '2026-03-14'),
    );
    expect((await loadReport('2026-03-15', '2026-03-15', ports)).total).toBe(0);
    // Again: the same figures, nothing counted twice.
    await rebuildReportRecord('2026-03-01', '2026-03-14', ports);
    expect((await loadReport('2026-03-01', '2026-03-14', ports)).total).toBe(4);
  });

  it('downloads as CSV and draws the chart with attributes only (no inline style or script)', () => {
    const report = buildReport(requests, '2026-03-01', '2026-03-14');
    const csv = reportCsv(report);
    expect(csv.split('\r\n')[0]).toBe('section,item,value');
    expect(csv).toContain('time to a volunteer (minutes),median,60');
    expect(csv).toContain('closed as helped,percent,25.0');
    const svg = weeklyChart(report.byWeek).toString();
    expect(svg).toContain('<svg');
    expect(svg.match(/<rect/g)).toHaveLength(3);
    const page = renderReport({ contact, report, from: '2026-03-01', to: '2026-03-14' });
    expect(page).not.toMatch(/\sstyle=/);
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('guards every text cell of the CSV against spreadsheet formulas', () => {
    const report = buildReport(requests, '2026-03-01', '2026-03-14');
    const csv = reportCsv({ ...report, from: '=HYPERLINK("http://evil")' });
    expect(csv).toContain(`period,from,"'=HYPERLINK(""http://evil"")"`);
  });
});
