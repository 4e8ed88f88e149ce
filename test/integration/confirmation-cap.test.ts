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

const claim = (recipientKey: string, day = '2026-03-10', limit = 3) =>
  store.claimConfirmationSlot({ recipientKey, day, limit, expiresAt: 1_773_300_000 });

describe('the confirmation counter in DynamoDB Local', () => {
  it('grants up to the limit for one recipient and day, then refuses without counting further', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await claim('key-a'));
    expect(answers).toEqual([true, true, true, false, false]);
    expect(await read(confirmationCapKey('key-a', '2026-03-10'))).toEqual({
      ...confirmationCapKey('key-a', '2026-03-10'),
      entity: 'confirmation-cap',
      confirmations: 3,
      ttl: 1_773_300_000,
    });
  });

  it('counts another day and another recipient separately', async () => {
    for (let i = 0; i < 3; i++) await claim('key-b');
    expect(await claim('key-b', '2026-03-11')).toBe(true);
    expect(await claim('key-c')).toBe(true);
  });

  it('never grants more than the limit to racing requests', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => claim('key-race')));
    expect(answers.filter(Boolean)).toHaveLength(3);
    expect((await read(confirmationCapKey('key-race', '2026-03-10')))?.confirmations).toBe(3);
  });
});
