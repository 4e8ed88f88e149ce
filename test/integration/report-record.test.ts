import { describe, expect, it } from 'vitest';
import { buildReport, loadReport, type Report } from '../../shared/domain/admin/reports.js';
import type { HelpRequest } from '../../shared/domain/model.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { addDaysToDate } from '../../shared/vocabulary/time.js';
import {
  inviteLinks,
  postJson,
  readOutbox,
  respond,
  useSandbox,
  validRequest,
  waitFor,
} from '../support/sandbox.js';

let sandbox: Sandbox;

useSandbox(
  // Long windows: the requests stay where this test puts them while it reads the reports.
  { settings: { waveSize: 1, maxWaves: 2, responseWindowSeconds: 2000, urgentResponseWindowSeconds: 2000 } },
  (started) => (sandbox = started),
  120_000,
);

async function submit(overrides: Record<string, string>): Promise<{ id: string; reference: string }> {
  const { json } = await postJson(`${sandbox.url}/requests`, validRequest(overrides));
  const reference = String(json.reference);
  const id = await waitFor(() => sandbox.store.findRequestIdByReference(reference), 'the stored request');
  return { id, reference };
}

/**
 * The report from the reports' own record, once it says what reading the requests themselves says:
 * the record follows the table stream, so it catches up a moment after each change.
 */
async function reportOnceCaughtUp(ids: readonly string[], day: string, what: string): Promise<Report> {
  return waitFor(async () => {
    const live = (await Promise.all(ids.map((id) => sandbox.store.getRequest(id)))).filter(
      (r): r is HelpRequest => r !== undefined,
    );
    // Two days, so a test that runs across midnight (UTC) still counts both its requests.
    const expected = buildReport(live, day, addDaysToDate(day, 1));
    const recorded = await loadReport(day, addDaysToDate(day, 1), { store: sandbox.store });
    return JSON.stringify(recorded) === JSON.stringify(expected) ? recorded : undefined;
  }, what);
}

describe("the reports' record in the sandbox", () => {
  it('follows every request made and changed, through the table stream, to the same figures as the requests', async () => {
    const shopping = await submit({ helpType: 'shopping' });
    const day = (await sandbox.store.getRequest(shopping.id))?.createdAt.slice(0, 10) ?? '';
    const made = await reportOnceCaughtUp([shopping.id], day, 'the request in the report');
    expect(made.total).toBe(1);
    expect(made.byHelpType.filter((h) => h.count > 0)).toEqual([{ helpType: 'shopping', count: 1 }]);

    // A volunteer says yes: a change (MODIFY) the record must follow.
    const invite = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find((e) => inviteLinks([e]).length > 0);
    }, 'the invite');
    expect((await respond(inviteLinks([invite])[0] ?? '', 'accept')).status).toBe(200);
    const assigned = await reportOnceCaughtUp([shopping.id], day, 'the assignment');
    expect(assigned.timeToAssign.count).toBe(1);
    expect(assigned.volunteersActive).toBe(1);

    // Another request, closed by the prescriber as helped.
    const prescription = await submit({ helpType: 'prescription', name: 'Barnaby Quillfeather' });
    const closed = await sandbox.store.transitionRequest(
      prescription.id,
      ['received', 'matching', 'escalated'],
      { status: 'closed', outcome: 'helped', closedAt: new Date().toISOString() },
    );
    expect(closed?.status).toBe('closed');
    const both = await reportOnceCaughtUp([shopping.id, prescription.id], day, 'the close');
    expect(both.total).toBe(2);
    expect(both.helped).toEqual({ count: 1, share: 0.5 });
    expect(both.byHelpType.filter((h) => h.count > 0)).toEqual([
      { helpType: 'prescription', count: 1 },
      { helpType: 'shopping', count: 1 },
    ]);
  }, 60_000);
});
