import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, HelpRequest } from '../../shared/domain/model.js';
import type { Store } from '../../shared/domain/ports.js';
import { newSeriesFor } from '../../shared/domain/series.js';
import { aRequest } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

/** Recurring help: the series record's conditional writes against DynamoDB Local. */
let store: Store;

beforeAll(async () => {
  ({ store } = await freshTable('series'));
});

const received = (requestId: string): AuditEvent => ({
  requestId,
  at: '2026-11-25T10:00:00.000Z',
  type: 'received',
  actor: 'public-form',
});

async function aSeries(): Promise<HelpRequest> {
  const first = aRequest({ frequency: 'weekly' });
  first.seriesId = first.id;
  first.occurrence = 1;
  const series = newSeriesFor(first);
  expect(series).toBeDefined();
  await expect(store.createRequest(first, received(first.id), { series })).resolves.toEqual({
    kind: 'created',
  });
  return first;
}

function nextOf(previous: HelpRequest, occurrence: number, overrides: Partial<HelpRequest> = {}) {
  return aRequest({ seriesId: previous.seriesId, occurrence, frequency: 'weekly', ...overrides });
}

describe('recurring help in DynamoDB Local', () => {
  it('stores the series with its first request in one transaction', async () => {
    const first = await aSeries();
    await expect(store.getSeries(first.id)).resolves.toMatchObject({
      id: first.id,
      status: 'active',
      requestIds: [first.id],
      frequency: 'weekly',
    });
    await expect(store.getRequest(first.id)).resolves.toMatchObject({ seriesId: first.id, occurrence: 1 });
  });

  it('stores nothing of either when the reference is taken', async () => {
    const taken = await aSeries();
    const clash = aRequest({ reference: taken.reference, frequency: 'weekly' });
    clash.seriesId = clash.id;
    await expect(
      store.createRequest(clash, received(clash.id), { series: newSeriesFor(clash) }),
    ).resolves.toEqual({ kind: 'reference-taken' });
    await expect(store.getSeries(clash.id)).resolves.toBeUndefined();
  });

  it('makes the next occurrence once: a second attempt from the same visit is stale', async () => {
    const first = await aSeries();
    const second = nextOf(first, 2);
    await expect(store.createNextOccurrence(first.id, first.id, second, received(second.id))).resolves.toBe(
      'created',
    );
    const again = nextOf(first, 2);
    await expect(store.createNextOccurrence(first.id, first.id, again, received(again.id))).resolves.toBe(
      'stale',
    );
    await expect(store.getRequest(again.id)).resolves.toBeUndefined();
    await expect(store.getSeries(first.id)).resolves.toMatchObject({ requestIds: [first.id, second.id] });
    await expect(store.getRequest(second.id)).resolves.toMatchObject({ occurrence: 2 });
    await expect(store.listAudit(second.id)).resolves.toEqual([received(second.id)]);
    // And from the new latest visit, the third.
    const third = nextOf(first, 3);
    await expect(store.createNextOccurrence(first.id, second.id, third, received(third.id))).resolves.toBe(
      'created',
    );
  });

  it('says when the next occurrence’s reference is taken, writing nothing', async () => {
    const first = await aSeries();
    const clash = nextOf(first, 2, { reference: first.reference });
    await expect(store.createNextOccurrence(first.id, first.id, clash, received(clash.id))).resolves.toBe(
      'reference-taken',
    );
    await expect(store.getSeries(first.id)).resolves.toMatchObject({ requestIds: [first.id] });
  });

  it('commits one volunteer at a time, stops only that one, and ends once', async () => {
    const first = await aSeries();
    await expect(store.commitVolunteer(first.id, 'vol-a', '2026-11-25T11:00:00.000Z')).resolves.toBe(true);
    await expect(store.commitVolunteer(first.id, 'vol-b', '2026-11-25T11:00:01.000Z')).resolves.toBe(false);
    await expect(store.stopCommitment(first.id, 'vol-b')).resolves.toBe(false);
    await expect(store.stopCommitment(first.id, 'vol-a')).resolves.toBe(true);
    await expect(store.getSeries(first.id)).resolves.not.toHaveProperty('committedVolunteerId');

    const active = (await store.listActiveSeries()).map((s) => s.id);
    expect(active).toContain(first.id);
    const ending = {
      endedAt: '2026-11-25T12:00:00.000Z',
      endedBy: 'requester',
      endReason: 'requester' as const,
      expiresAt: 1_900_000_000,
    };
    await expect(store.endSeries(first.id, ending)).resolves.toMatchObject({ status: 'ended' });
    await expect(store.endSeries(first.id, ending)).resolves.toBeUndefined();
    expect((await store.listActiveSeries()).map((s) => s.id)).not.toContain(first.id);
    // An ended series makes no more occurrences and takes no commitment.
    const late = nextOf(first, 2);
    await expect(store.createNextOccurrence(first.id, first.id, late, received(late.id))).resolves.toBe(
      'stale',
    );
    await expect(store.commitVolunteer(first.id, 'vol-b', '2026-11-25T12:00:01.000Z')).resolves.toBe(false);
  });
});
