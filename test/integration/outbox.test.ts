import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrangedMessages, spendOtherInvites } from '../../shared/domain/arranged.js';
import {
  recipientId,
  TO_PRESCRIBER,
  toRequester,
  toVolunteer,
  type StoredMessage,
} from '../../shared/domain/messages.js';
import type { Invite } from '../../shared/domain/model.js';
import type { Store } from '../../shared/domain/ports.js';
import { aRequest, aVolunteer, anInvite } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

/**
 * The outbox's promise against DynamoDB Local's real transactions: a state change and the messages it
 * causes are written together, or neither is.
 */
let store: Store;
let scan: () => Promise<StoredMessage[]>;

beforeAll(async () => {
  const table = await freshTable('outbox');
  store = table.store;
  const client = new DynamoDBClient({
    endpoint: table.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  scan = async () => {
    const out = await client.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': { S: 'MESSAGE' } },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => unmarshall(item) as StoredMessage);
  };
});

const messagesFor = async (requestId: string) =>
  (await scan())
    .filter((m) => m.requestId === requestId)
    .map((m) => `${m.kind} → ${recipientId(m.to)}`)
    .sort();

async function stored(overrides: Parameters<typeof aRequest>[0] = {}) {
  const request = aRequest(overrides);
  await store.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 't',
  });
  return request;
}

describe('the outbox in DynamoDB Local: a change and its messages, or neither', () => {
  it('writes a request’s confirmation with it, and none when the reference is taken', async () => {
    const first = aRequest();
    const confirm = (id: string) => [
      { kind: 'requester-confirmation' as const, to: toRequester(id), requestId: id },
    ];
    const audit = { requestId: first.id, at: first.createdAt, type: 'received' as const, actor: 't' };
    expect((await store.createRequest(first, audit, { messages: confirm(first.id) })).kind).toBe('created');
    const clash = aRequest({ reference: first.reference });
    expect(
      (await store.createRequest(clash, { ...audit, requestId: clash.id }, { messages: confirm(clash.id) }))
        .kind,
    ).toBe('reference-taken');

    expect(await messagesFor(first.id)).toEqual([`requester-confirmation → requester:${first.id}`]);
    expect(await messagesFor(clash.id)).toEqual([]);
  });

  it('writes the winner’s messages with the accept, and none for the accept that lost', async () => {
    const request = await stored({ status: 'matching', wave: 1 });
    const alice = aVolunteer();
    const bob = aVolunteer();
    const cara = aVolunteer();
    const invites = [
      anInvite(request, alice),
      anInvite(request, bob),
      anInvite(request, cara, { status: 'declined' }),
    ];
    for (const { invite } of invites) await store.createInvite(invite);
    const all = invites.map((i) => i.invite);
    const [aliceInvite, bobInvite] = all as [Invite, Invite, Invite];

    const won = await store.acceptInvite(
      aliceInvite,
      '2026-11-25T10:05:00.000Z',
      arrangedMessages(request.id, alice.id, 'accepted'),
    );
    const lost = await store.acceptInvite(
      bobInvite,
      '2026-11-25T10:05:01.000Z',
      arrangedMessages(request.id, bob.id, 'accepted'),
    );

    expect([won, lost]).toEqual(['won', 'request-not-open']);
    // The winner spends the other invites: only one that had gone out is told, in its own invite's write.
    await spendOtherInvites(request.id, alice.id, all, { store, log: { info() {}, warn() {}, error() {} } });
    await spendOtherInvites(request.id, alice.id, all, { store, log: { info() {}, warn() {}, error() {} } });
    // Exactly three, once: details to her, the news to the requester, "taken" to Bob (Cara declined).
    expect(await messagesFor(request.id)).toEqual(
      [
        `requester-accepted → requester:${request.id}`,
        `volunteer-details → volunteer:${alice.id}`,
        `volunteer-taken → volunteer:${bob.id}`,
      ].sort(),
    );
  });

  it('writes the prescriber’s message with an escalation once, and none when the request had ended', async () => {
    const open = await stored({ status: 'matching' });
    const ended = await stored({ status: 'assigned' });
    const tell = (id: string) => [
      { kind: 'prescriber-escalation' as const, to: TO_PRESCRIBER, requestId: id },
    ];

    expect(await store.escalate(open.id, 'no-acceptance', 'x', tell(open.id))).toBe('escalated');
    expect(await store.escalate(open.id, 'no-acceptance', 'x', tell(open.id))).toBe('already-escalated');
    expect(await store.escalate(ended.id, 'no-acceptance', 'x', tell(ended.id))).toBe('not-open');

    expect(await messagesFor(open.id)).toEqual([`prescriber-escalation → prescriber`]);
    expect(await messagesFor(ended.id)).toEqual([]);
  });

  it('writes a hand assignment’s messages only when the transition happens', async () => {
    const request = await stored({ status: 'escalated' });
    const volunteer = aVolunteer();
    const messages = arrangedMessages(request.id, volunteer.id, 'by-hand');
    const changes = { status: 'assigned' as const, assignedVolunteerId: volunteer.id, assignedAt: 'x' };

    const assigned = await store.transitionRequest(request.id, ['escalated'], changes, messages);
    const again = await store.transitionRequest(request.id, ['escalated'], changes, messages);

    expect(assigned).toMatchObject({ id: request.id, status: 'assigned', assignedVolunteerId: volunteer.id });
    expect(again).toBeUndefined();
    expect(await messagesFor(request.id)).toHaveLength(2);
  });

  it('writes the requester’s note with a release once, and none for a spent link', async () => {
    const volunteer = aVolunteer();
    const request = await stored({ status: 'assigned', assignedVolunteerId: volunteer.id });
    await store.createActionToken({
      tokenHash: `h-${request.id}`,
      kind: 'release',
      requestId: request.id,
      expiresAt: 1_900_000_000,
    });
    const note = [
      { kind: 'requester-released' as const, to: toRequester(request.id), requestId: request.id },
    ];

    expect(await store.releaseAssignment(request.id, volunteer.id, `h-${request.id}`, 'x', note)).toBe(
      'released',
    );
    expect(await store.releaseAssignment(request.id, volunteer.id, `h-${request.id}`, 'x', note)).toBe(
      'used',
    );

    expect(await messagesFor(request.id)).toHaveLength(1);
  });

  it('writes an invite’s message once however often the wave step is retried', async () => {
    const request = await stored({ status: 'matching' });
    const volunteer = aVolunteer();
    const intent = {
      kind: 'volunteer-invite' as const,
      to: toVolunteer(volunteer.id),
      requestId: request.id,
      dedupeKey: `invite:${request.id}:${volunteer.id}`,
    };
    expect(
      await store.createInvite(anInvite(request, volunteer, { status: 'pending' }).invite, [intent]),
    ).toBe('created');
    expect(
      await store.createInvite(anInvite(request, volunteer, { status: 'pending' }).invite, [intent]),
    ).toBe('exists');
    await store.putMessages([intent]);

    expect(await messagesFor(request.id)).toHaveLength(1);
  });

  it('writes a concern’s message with it, and a reminder’s only with its mark', async () => {
    const volunteer = aVolunteer();
    const request = await stored({ status: 'assigned', assignedVolunteerId: volunteer.id });
    const concern = {
      id: `c-${request.id}`,
      requestId: request.id,
      volunteerId: volunteer.id,
      kinds: ['no-food' as const],
      raisedAt: 'x',
      expiresAt: 1_900_000_000,
    };
    const tell = [{ kind: 'prescriber-concern' as const, to: TO_PRESCRIBER, requestId: request.id }];
    await store.putConcern(concern, tell);
    await expect(store.putConcern(concern, tell)).rejects.toThrow();
    const remind = [
      { kind: 'volunteer-reminder' as const, to: toVolunteer(volunteer.id), requestId: request.id },
    ];
    expect(await store.markReminderSent(request.id, 'x', remind)).toBe(true);
    expect(await store.markReminderSent(request.id, 'y', remind)).toBe(false);

    expect(await messagesFor(request.id)).toEqual([
      `prescriber-concern → prescriber`,
      `volunteer-reminder → volunteer:${volunteer.id}`,
    ]);
  });

  it('claims a message for one delivery at a time and marks each channel sent once', async () => {
    await store.putMessages([{ kind: 'prescriber-duplicate', to: TO_PRESCRIBER, requestId: 'req-claim' }]);
    const [message] = (await scan()).filter((m) => m.requestId === 'req-claim');
    const id = message?.id ?? '';

    expect((await store.claimMessage(id, '2026-01-01T00:01:00Z', '2026-01-01T00:00:00Z')).kind).toBe(
      'claimed',
    );
    expect((await store.claimMessage(id, '2026-01-01T00:01:30Z', '2026-01-01T00:00:30Z')).kind).toBe('busy');
    expect(await store.markMessageSent(id, 'email', '2026-01-01T00:00:10Z')).toBe(true);
    expect(await store.markMessageSent(id, 'email', '2026-01-01T00:00:20Z')).toBe(false);
    await store.finishMessage(id, { at: '2026-01-01T00:00:40Z' });
    expect((await store.claimMessage(id, '2026-01-01T00:03:00Z', '2026-01-01T00:02:00Z')).kind).toBe('done');
    expect(await store.getMessage(id)).toMatchObject({
      sentEmailAt: '2026-01-01T00:00:10Z',
      doneAt: '2026-01-01T00:00:40Z',
    });
    expect(await store.getMessage(id)).not.toHaveProperty('leaseUntil');
  });
});
