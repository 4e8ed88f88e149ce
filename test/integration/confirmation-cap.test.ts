import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/domain/ports.js';
import { confirmationCapKey } from '../../shared/store/confirmation-cap-dynamo.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { freshTable } from '../support/local-table.js';

/** The confirmation counter's conditional write against the table as the stack declares it (DynamoDB Local). */
let store: Store;
let read: (key: { pk: string; sk: string }) => Promise<Record<string, unknown> | undefined>;

beforeAll(async () => {
  const table = await freshTable('confirmation-cap');
  store = table.store;
  const db = createDocumentClient({ endpoint: table.endpoint });
  read = async (Key) => (await db.send(new GetCommand({ TableName: table.tableName, Key }))).Item;
});

let claims = 0;
const claim = (recipientKey: string, day = '2026-03-10', limit = 3, claimant = `msg-${++claims}`) =>
  store.claimConfirmationSlot({ recipientKey, claimant, day, limit, expiresAt: 1_773_300_000 });

describe('the confirmation counter in DynamoDB Local', () => {
  it('grants up to the limit for one recipient and day, then refuses without counting further', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await claim('key-a'));
    expect(answers).toEqual([true, true, true, false, false]);
    expect(await read(confirmationCapKey('key-a', '2026-03-10'))).toEqual({
      ...confirmationCapKey('key-a', '2026-03-10'),
      entity: 'confirmation-cap',
      claimants: new Set(['msg-1', 'msg-2', 'msg-3']),
      ttl: 1_773_300_000,
    });
  });

  it('grants a claimant asking again without counting it twice, even once the limit is reached', async () => {
    for (let i = 0; i < 3; i++) expect(await claim('key-d', '2026-03-10', 2, 'msg-again')).toBe(true);
    expect(await claim('key-d', '2026-03-10', 2)).toBe(true);
    expect(await claim('key-d', '2026-03-10', 2)).toBe(false);
    expect(await claim('key-d', '2026-03-10', 2, 'msg-again')).toBe(true);
    expect((await read(confirmationCapKey('key-d', '2026-03-10')))?.claimants).toEqual(
      new Set(['msg-again', `msg-${claims - 1}`]),
    );
  });

  it('counts another day and another recipient separately', async () => {
    for (let i = 0; i < 3; i++) await claim('key-b');
    expect(await claim('key-b', '2026-03-11')).toBe(true);
    expect(await claim('key-c')).toBe(true);
  });

  it('never grants more than the limit to racing requests', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => claim('key-race')));
    expect(answers.filter(Boolean)).toHaveLength(3);
    expect(((await read(confirmationCapKey('key-race', '2026-03-10')))?.claimants as Set<string>).size).toBe(
      3,
    );
  });
});
