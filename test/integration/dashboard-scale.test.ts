import { beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { searchDashboard } from '../../shared/domain/admin/search.js';
import { loadRosterPage, ROSTER_PAGE_SIZE } from '../../shared/domain/admin/volunteers.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

let store: Store;
let raw: { tableName: string; endpoint: string };

beforeAll(async () => {
  const table = await freshTable('dashboard-scale');
  store = table.store;
  raw = table;
});

const clock = { now: () => new Date('2026-11-26T10:00:00.000Z') };

const received = (requestId: string, at: string) => ({
  requestId,
  at,
  type: 'received' as const,
  actor: 'public-form',
});

/** Every key attribute of every item (a Scan is fine in a test: the code under test never does one). */
async function everyKey(): Promise<string[]> {
  const db = createDocumentClient({ endpoint: raw.endpoint });
  const values: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: raw.tableName, ExclusiveStartKey }));
    for (const item of out.Items ?? [])
      for (const attribute of ['pk', 'sk', 'statusKey', 'offerKey'])
        if (typeof item[attribute] === 'string') values.push(item[attribute]);
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return values;
}

describe('search keys in DynamoDB Local: exact finds, and no personal data in any key', () => {
  const zoe = aRequest({
    requester: {
      name: 'Zoë  O’Neill',
      phone: '01632 960 123',
      email: 'Zoe.ONeill@Example.org',
      addressLine1: '3 Mill Lane',
      postcode: 'GL50 2XY',
    },
  });
  const evanA = aVolunteer({ name: 'Evan Wood', email: 'evan.a@example.org', phone: '07700 900 111' });
  const evanB = aVolunteer({ name: 'Evan Wood', email: 'evan.b@example.org' });

  beforeAll(async () => {
    await store.createRequest(zoe, received(zoe.id, zoe.createdAt));
    await store.putVolunteers([evanA, evanB]);
  });

  it('finds a request by its reference, the requester’s phone, email and full name, however typed', async () => {
    const ports = { store };
    for (const typed of [
      zoe.reference.toLowerCase(),
      '+44 1632 960123',
      '(01632) 960-123',
      ' zoe.oneill@example.ORG ',
      'zoe oneill',
      'ZOË O’NEILL',
    ]) {
      const outcome = await searchDashboard(typed, ports);
      expect(
        outcome.requests.map((r) => r.id),
        typed,
      ).toEqual([zoe.id]);
    }
  });

  it('finds nothing by a partial or a wrong value', async () => {
    const ports = { store };
    for (const typed of ['Zoë', 'Neill', '01632 960', '07700 900 999', 'zoe@example.org', 'GCK-ZZZZZ']) {
      const outcome = await searchDashboard(typed, ports);
      expect(outcome.requests, typed).toEqual([]);
      expect(outcome.volunteers, typed).toEqual([]);
    }
  });

  it('finds both volunteers who share a name, and each by their own email or phone', async () => {
    expect((await searchDashboard('evan  WOOD', { store })).volunteers.map((v) => v.id).sort()).toEqual(
      [evanA.id, evanB.id].sort(),
    );
    expect((await searchDashboard('07700900111', { store })).volunteers.map((v) => v.id)).toEqual([evanA.id]);
    expect((await searchDashboard('EVAN.B@example.org', { store })).volunteers.map((v) => v.id)).toEqual([
      evanB.id,
    ]);
  });

  it('moves a volunteer’s search key when their name changes, and removes it with them', async () => {
    await store.putVolunteer({ ...evanB, name: 'Evan Woods' });
    expect((await searchDashboard('Evan Wood', { store })).volunteers.map((v) => v.id)).toEqual([evanA.id]);
    expect((await searchDashboard('Evan Woods', { store })).volunteers.map((v) => v.id)).toEqual([evanB.id]);
    await store.deleteVolunteer(evanB.id);
    expect((await searchDashboard('Evan Woods', { store })).volunteers).toEqual([]);
    expect((await everyKey()).some((key) => key.includes(evanB.id))).toBe(false);
  });

  it('holds no name, email or phone in any key of any item, in any form', async () => {
    const personal = [
      'Zoë',
      'zoe',
      'ONeill',
      'oneill',
      'Evan',
      'evan',
      'Wood',
      'wood',
      '960123',
      '960 123',
      '1632',
      '900111',
      'example.org',
      'Mill Lane',
    ];
    const keys = await everyKey();
    expect(keys.some((key) => key.startsWith('FIND#'))).toBe(true);
    for (const key of keys)
      for (const value of personal) expect(key.toLowerCase(), key).not.toContain(value.toLowerCase());
  });

  it('expires the search keys of a request with the request itself', async () => {
    const db = createDocumentClient({ endpoint: raw.endpoint });
    const out = await db.send(new ScanCommand({ TableName: raw.tableName }));
    const findKeys = (out.Items ?? []).filter(
      (item) => String(item.pk).startsWith('FIND#') && item.sk === `REQ#${zoe.id}`,
    );
    expect(findKeys.length).toBeGreaterThan(0);
    for (const item of findKeys) expect(item.ttl).toBe(zoe.expiresAt);
  });

  it('erasing a request takes its search keys with it', async () => {
    const erasable = aRequest({
      requester: {
        name: 'Ada Eraseme',
        phone: '01632 960 777',
        addressLine1: '1 Road',
        postcode: 'GL50 1AB',
      },
    });
    await store.createRequest(erasable, received(erasable.id, erasable.createdAt));
    expect((await searchDashboard('ada eraseme', { store })).requests.map((r) => r.id)).toEqual([
      erasable.id,
    ]);
    await store.eraseRequest(erasable.id);
    expect((await searchDashboard('ada eraseme', { store })).requests).toEqual([]);
    expect((await everyKey()).filter((key) => key.startsWith('FIND#') && key.includes(erasable.id))).toEqual(
      [],
    );
  });
});

describe('the roster in pages from DynamoDB Local', () => {
  it('pages through 60 volunteers 25 at a time, each once, and searches by full name', async () => {
    const table = await freshTable('roster-pages');
    const volunteers = Array.from({ length: 60 }, (_, i) =>
      aVolunteer({
        name: `Person ${String(i).padStart(2, '0')}`,
        createdAt: `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`,
      }),
    );
    await table.store.putVolunteers(volunteers);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await loadRosterPage({ filters: {}, cursor }, { store: table.store, clock });
      sizes.push(page.volunteers.length);
      seen.push(...page.volunteers.map((v) => v.id));
      cursor = page.next;
    } while (cursor);
    expect(sizes).toEqual([ROSTER_PAGE_SIZE, ROSTER_PAGE_SIZE, 10]);
    expect(new Set(seen).size).toBe(60);
    const found = await loadRosterPage({ filters: {}, search: 'person 07' }, { store: table.store, clock });
    expect(found.volunteers.map((v) => v.name)).toEqual(['Person 07']);
    expect(found.next).toBeUndefined();
  });

  it('a cursor that is not one of ours starts from the first page', async () => {
    const table = await freshTable('roster-cursor');
    await table.store.putVolunteers([aVolunteer({ name: 'Only One' })]);
    const page = await loadRosterPage(
      { filters: {}, cursor: 'bm90IGEgY3Vyc29y' },
      { store: table.store, clock },
    );
    expect(page.volunteers.map((v) => v.name)).toEqual(['Only One']);
  });
});

describe('a volunteer’s history in DynamoDB Local', () => {
  it('lists their latest invites newest first, at most the limit, and nobody else’s', async () => {
    const table = await freshTable('history');
    const volunteer = aVolunteer({ name: 'Hattie History' });
    await table.store.putVolunteer(volunteer);
    for (const day of ['01', '02', '03']) {
      const request = aRequest({ createdAt: `2026-11-${day}T10:00:00.000Z` });
      await table.store.createRequest(request, received(request.id, request.createdAt));
      for (const volunteerId of [volunteer.id, 'someone-else'])
        await table.store.createInvite({
          requestId: request.id,
          volunteerId,
          wave: 1,
          tokenHash: `${request.id}-${volunteerId}`.padEnd(64, '0'),
          status: 'sent',
          createdAt: `2026-11-${day}T11:00:00.000Z`,
          expiresAt: 1_900_000_000,
        });
    }
    const latest = await table.store.listVolunteerInvites(volunteer.id, 2);
    expect(latest.map((i) => [i.volunteerId, i.createdAt])).toEqual([
      [volunteer.id, '2026-11-03T11:00:00.000Z'],
      [volunteer.id, '2026-11-02T11:00:00.000Z'],
    ]);
  });
});

describe('the digest’s watch list in DynamoDB Local', () => {
  it('lists checks dated by the cutoff (and undated ones) and volunteers with 3 unanswered in a row, nobody else', async () => {
    const table = await freshTable('digest-watch');
    const old = aVolunteer({ name: 'Old Check', dbsChecked: true, dbsCheckedOn: '2023-11-01' });
    const fresh = aVolunteer({ name: 'Fresh Check', dbsChecked: true, dbsCheckedOn: '2026-01-01' });
    const undated = aVolunteer({ name: 'Undated Check', dbsChecked: true });
    const quiet = aVolunteer({ name: 'Quiet One', dbsChecked: false });
    const none = aVolunteer({ name: 'No Check', dbsChecked: false });
    await table.store.putVolunteers([old, fresh, undated, quiet, none]);
    for (let i = 0; i < 3; i++) await table.store.recordUnansweredInvites([quiet.id, none.id]);
    await table.store.resetUnansweredInvites(none.id);
    const watched = await table.store.listVolunteersToWatch({ dbsCheckedOnOrBefore: '2023-12-31' });
    expect(watched.map((v) => v.name).sort()).toEqual(['Old Check', 'Quiet One', 'Undated Check']);
    // A check renewed moves out of reach of the cutoff.
    await table.store.putVolunteer({ ...old, dbsCheckedOn: '2026-06-01' });
    const after = await table.store.listVolunteersToWatch({ dbsCheckedOnOrBefore: '2023-12-31' });
    expect(after.map((v) => v.name).sort()).toEqual(['Quiet One', 'Undated Check']);
  });
});
