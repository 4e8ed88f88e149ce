import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { TEAM_STATUS_KEY } from '../../shared/store/team-dynamo.js';
import { aRequest } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

let store: Store;
let raw: { tableName: string; endpoint: string };
let made = 0;

beforeAll(async () => {
  const table = await freshTable('team-store');
  store = table.store;
  raw = table;
});

async function stored(overrides: Parameters<typeof aRequest>[0]) {
  made += 1;
  const request = aRequest({ id: `team-req-${made}`, reference: `GCK-TM${made}`, ...overrides });
  await store.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 'public-form',
  });
  return request;
}

describe('claims on requests in DynamoDB Local', () => {
  it('lets exactly one of many prescribers pressing at once have it, and tells the rest who', async () => {
    const request = await stored({ status: 'escalated' });
    const prescribers = ['sub-a', 'sub-b', 'sub-c', 'sub-d', 'sub-e'];
    const outcomes = await Promise.all(
      prescribers.map((id) => store.claimRequest(request.id, id, '2026-05-01T10:00:00.000Z')),
    );
    const winners = outcomes.filter((o) => o.kind === 'claimed');
    expect(winners).toHaveLength(1);
    const holder = (await store.getRequest(request.id))?.claimedBy;
    expect(prescribers).toContain(holder);
    expect(outcomes.filter((o) => o.kind === 'held')).toEqual(
      Array.from({ length: prescribers.length - 1 }, () => ({ kind: 'held', by: holder })),
    );
  });

  it('keeps the first claim time when its holder claims again, and gives back only for the holder', async () => {
    const request = await stored({ status: 'matching' });
    const first = await store.claimRequest(request.id, 'sub-a', '2026-05-01T10:00:00.000Z');
    const again = await store.claimRequest(request.id, 'sub-a', '2026-05-01T11:00:00.000Z');
    expect(first.kind === 'claimed' && first.request.claimedAt).toBe('2026-05-01T10:00:00.000Z');
    expect(again.kind === 'claimed' && again.request.claimedAt).toBe('2026-05-01T10:00:00.000Z');
    expect(await store.releaseClaim(request.id, 'sub-b')).toBe(false);
    expect(await store.releaseClaim(request.id, 'sub-a')).toBe(true);
    const after = await store.getRequest(request.id);
    expect(after?.claimedBy).toBeUndefined();
    expect(after?.claimedAt).toBeUndefined();
    expect(await store.releaseClaim(request.id, 'sub-a')).toBe(false);
  });

  it('refuses a closed request and one that does not exist, writing nothing', async () => {
    const closed = await stored({ status: 'closed' });
    expect(await store.claimRequest(closed.id, 'sub-a', '2026-05-01T10:00:00.000Z')).toEqual({
      kind: 'not-claimable',
    });
    expect((await store.getRequest(closed.id))?.claimedBy).toBeUndefined();
    expect(await store.claimRequest('team-req-none', 'sub-a', '2026-05-01T10:00:00.000Z')).toEqual({
      kind: 'not-found',
    });
    expect(await store.getRequest('team-req-none')).toBeUndefined();
  });

  it('filters a byStatus Query by claim: mine, nobody’s, and a limit counted in matches', async () => {
    const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const mine = [await stored({ status: 'escalated', createdAt: at(1) })];
    const others = [await stored({ status: 'escalated', createdAt: at(2) })];
    const nobodys = [await stored({ status: 'escalated', createdAt: at(3) })];
    mine.push(await stored({ status: 'escalated', createdAt: at(4) }));
    for (const r of mine) await store.claimRequest(r.id, 'sub-me', at(5));
    for (const r of others) await store.claimRequest(r.id, 'sub-other', at(5));
    const ours = new Set([...mine, ...others, ...nobodys].map((r) => r.id));
    const ids = (list: { id: string }[]) => list.map((r) => r.id).filter((id) => ours.has(id));
    const window = { createdFrom: at(1), createdBefore: at(9) };
    expect(
      ids(
        await store.listRequestsByStatus('escalated', {
          ...window,
          claim: { kind: 'mine', prescriberId: 'sub-me' },
        }),
      ),
    ).toEqual(mine.map((r) => r.id));
    expect(
      ids(await store.listRequestsByStatus('escalated', { ...window, claim: { kind: 'unclaimed' } })),
    ).toEqual(nobodys.map((r) => r.id));
    // The second of mine lies past a non-matching item: the limit counts matches, not items read.
    expect(
      ids(
        await store.listRequestsByStatus('escalated', {
          ...window,
          limit: 2,
          claim: { kind: 'mine', prescriberId: 'sub-me' },
        }),
      ),
    ).toEqual(mine.map((r) => r.id));
  });
});

describe('the team list in DynamoDB Local', () => {
  it('is one Query of its own key, holds no name or email in a key, and records disable and enable', async () => {
    await store.putTeamMember({
      id: 'sub-sam',
      name: 'Sam Taylor',
      email: 'sam@practice.example.org',
      admin: false,
      enabled: true,
      addedAt: '2026-01-02T00:00:00.000Z',
    });
    await store.putTeamMember({
      id: 'sub-alex',
      name: 'Alex Morgan',
      email: 'alex@practice.example.org',
      admin: true,
      enabled: true,
      addedAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await store.listTeam()).map((m) => [m.id, m.name, m.admin, m.enabled])).toEqual([
      ['sub-alex', 'Alex Morgan', true, true],
      ['sub-sam', 'Sam Taylor', false, true],
    ]);
    expect((await store.setTeamMemberEnabled('sub-sam', false))?.enabled).toBe(false);
    expect(await store.setTeamMemberEnabled('sub-nobody', false)).toBeUndefined();
    expect((await store.listTeam()).find((m) => m.id === 'sub-sam')?.enabled).toBe(false);

    const db = createDocumentClient({ endpoint: raw.endpoint });
    const out = await db.send(
      new QueryCommand({
        TableName: raw.tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'statusKey = :key',
        ExpressionAttributeValues: { ':key': TEAM_STATUS_KEY },
      }),
    );
    const keyText = JSON.stringify((out.Items ?? []).map((i) => [i.pk, i.sk, i.statusKey]));
    expect(keyText).toContain('PRESCRIBER#sub-sam');
    expect(keyText).not.toMatch(/Sam|Alex|practice\.example/);
  });
});

describe('merging a held duplicate in DynamoDB Local', () => {
  it('closes the held request and gives the earlier one its date, urgency and details, in one transaction', async () => {
    const earlier = await stored({ status: 'matching', neededBy: '2026-07-10', details: 'Bread' });
    const held = await stored({ status: 'on-hold', possibleDuplicateOf: earlier.id, neededBy: '2026-07-05' });
    expect(
      await store.mergeIntoEarlier(
        held.id,
        earlier.id,
        { closedAt: '2026-07-01T09:00:00.000Z', expiresAt: 1_900_000_000 },
        { neededBy: '2026-07-05', urgent: true, details: 'Bread and my prescription' },
      ),
    ).toBe('merged');
    expect(await store.getRequest(earlier.id)).toMatchObject({
      status: 'matching',
      neededBy: '2026-07-05',
      urgent: true,
      details: 'Bread and my prescription',
    });
    expect(await store.getRequest(held.id)).toMatchObject({ status: 'closed', outcome: 'duplicate' });
    const closedList = await store.listRequestsByStatus('closed');
    expect(closedList.map((r) => r.id)).toContain(held.id);
  });

  it('changes neither when the earlier request has ended, or the held one was decided already', async () => {
    const earlier = await stored({ status: 'closed', neededBy: '2026-07-10', details: 'Bread' });
    const held = await stored({ status: 'on-hold', possibleDuplicateOf: earlier.id, neededBy: '2026-07-05' });
    const copy = { neededBy: '2026-07-05', urgent: false, details: 'New words' };
    const closing = { closedAt: '2026-07-01T09:00:00.000Z', expiresAt: 1_900_000_000 };
    expect(await store.mergeIntoEarlier(held.id, earlier.id, closing, copy)).toBe('earlier-ended');
    expect(await store.getRequest(held.id)).toEqual(held);
    expect(await store.getRequest(earlier.id)).toEqual(earlier);

    const open = await stored({ status: 'received', neededBy: '2026-07-10' });
    const decided = await stored({ status: 'received', possibleDuplicateOf: open.id });
    expect(await store.mergeIntoEarlier(decided.id, open.id, closing, copy)).toBe('not-on-hold');
    expect(await store.getRequest(open.id)).toEqual(open);
  });
});
