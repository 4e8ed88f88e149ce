import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

let store: Store;
let raw: { tableName: string; endpoint: string };

beforeAll(async () => {
  const table = await freshTable('admin-store');
  store = table.store;
  raw = table;
});

const received = (requestId: string, at: string) => ({
  requestId,
  at,
  type: 'received' as const,
  actor: 'public-form',
});

async function stored(overrides: Parameters<typeof aRequest>[0]) {
  const request = aRequest(overrides);
  await store.createRequest(request, received(request.id, request.createdAt));
  return request;
}

describe('the dashboard lists from the byStatus index in DynamoDB Local', () => {
  it('lists one status by createdAt, oldest or newest first, with a limit and a half-open period', async () => {
    const a = await stored({ status: 'escalated', createdAt: '2026-05-01T10:00:00.000Z' });
    const b = await stored({ status: 'escalated', createdAt: '2026-05-02T10:00:00.000Z' });
    const c = await stored({ status: 'escalated', createdAt: '2026-05-03T10:00:00.000Z' });
    await stored({ status: 'assigned', createdAt: '2026-05-02T11:00:00.000Z' });
    const ids = (list: { id: string }[]) =>
      list.map((r) => r.id).filter((id) => [a.id, b.id, c.id].includes(id));
    // The index is eventually consistent; DynamoDB Local answers at once.
    expect(ids(await store.listRequestsByStatus('escalated'))).toEqual([a.id, b.id, c.id]);
    expect(ids(await store.listRequestsByStatus('escalated', { newestFirst: true }))).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    expect(
      ids(
        await store.listRequestsByStatus('escalated', {
          createdFrom: '2026-05-02T10:00:00.000Z',
          createdBefore: '2026-05-03T10:00:00.000Z',
        }),
      ),
    ).toEqual([b.id]);
    const newest = await store.listRequestsByStatus('escalated', { newestFirst: true, limit: 2 });
    expect(newest).toHaveLength(2);
    expect(newest[0]).toEqual(c);
  });
});

describe('prescriber transitions in DynamoDB Local', () => {
  it('moves the status (and the index key) only from the given statuses, and sets the TTL with expiresAt', async () => {
    const request = await stored({ status: 'escalated', createdAt: '2026-06-01T10:00:00.000Z' });
    expect(
      await store.transitionRequest(request.id, ['received', 'matching'], { status: 'assigned' }),
    ).toBeUndefined();
    const closed = await store.transitionRequest(request.id, ['escalated'], {
      status: 'closed',
      closedAt: '2026-06-02T10:00:00.000Z',
      outcome: 'helped',
      closingNote: 'All good',
      expiresAt: 1_950_000_000,
    });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'helped', expiresAt: 1_950_000_000 });
    // The attribute DynamoDB's TTL reads, and the index key, move with the change.
    const item = await createDocumentClient({ endpoint: raw.endpoint }).send(
      new GetCommand({ TableName: raw.tableName, Key: { pk: `REQ#${request.id}`, sk: 'REQUEST' } }),
    );
    expect(item.Item).toMatchObject({ ttl: 1_950_000_000, statusKey: 'STATUS#closed' });
    expect(await store.getRequest(request.id)).toEqual(closed);
    const listed = await store.listRequestsByStatus('closed', { createdFrom: '2026-06-01T00:00:00.000Z' });
    expect(listed.map((r) => r.id)).toContain(request.id);
    expect((await store.listRequestsByStatus('escalated')).map((r) => r.id)).not.toContain(request.id);
    expect(
      await store.transitionRequest('no-such-request', ['escalated'], { status: 'closed' }),
    ).toBeUndefined();
  });
});

describe('taking an assignment back in DynamoDB Local', () => {
  it('removes the volunteer and the time in the same conditional write as the status', async () => {
    const request = await stored({
      status: 'assigned',
      assignedVolunteerId: 'vol-dropped',
      assignedAt: '2026-06-03T10:00:00.000Z',
      createdAt: '2026-06-03T09:00:00.000Z',
    });
    const reopened = await store.transitionRequest(request.id, ['assigned'], {
      status: 'received',
      unset: ['assignedVolunteerId', 'assignedAt'],
    });
    expect(reopened?.status).toBe('received');
    expect(reopened).not.toHaveProperty('assignedVolunteerId');
    expect(await store.getRequest(request.id)).not.toHaveProperty('assignedAt');
    expect(
      await store.transitionRequest(request.id, ['assigned'], { status: 'received', unset: ['assignedAt'] }),
    ).toBeUndefined();
  });
});

describe('self-service tokens in DynamoDB Local', () => {
  it('stores a hash and finds it by the hash only', async () => {
    const token = newInviteToken();
    const item = {
      tokenHash: hashToken(token),
      kind: 'done' as const,
      requestId: 'R1',
      volunteerId: 'V1',
      expiresAt: 1_900_000_000,
    };
    await store.createActionToken(item);
    expect(await store.findActionToken(hashToken(token))).toEqual(item);
    expect(await store.findActionToken(token)).toBeUndefined();
    await expect(store.createActionToken(item)).rejects.toThrow();
  });

  it('releases only for the assigned volunteer, spends the link in the same transaction, and only once', async () => {
    const request = await stored({});
    await store.transitionRequest(request.id, ['received'], {
      status: 'assigned',
      assignedVolunteerId: 'V1',
      assignedAt: '2026-11-25T10:00:00.000Z',
    });
    const hash = hashToken(newInviteToken());
    await store.createActionToken({
      tokenHash: hash,
      kind: 'release',
      requestId: request.id,
      volunteerId: 'V1',
      expiresAt: 1_900_000_000,
    });
    const at = '2026-11-25T11:00:00.000Z';
    // Another volunteer's id: nothing changes, and the link is not spent.
    await expect(store.releaseAssignment(request.id, 'V2', hash, at)).resolves.toBe('not-assigned');
    expect((await store.findActionToken(hash))?.usedAt).toBeUndefined();
    await expect(store.releaseAssignment(request.id, 'V1', hash, at)).resolves.toBe('released');
    const after = await store.getRequest(request.id);
    expect(after).toMatchObject({ status: 'matching' });
    expect(after).not.toHaveProperty('assignedVolunteerId');
    expect(after).not.toHaveProperty('assignedAt');
    expect((await store.findActionToken(hash))?.usedAt).toBe(at);
    await expect(store.listRequestsByStatus('matching')).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: request.id })]) as unknown,
    );
    await expect(store.releaseAssignment(request.id, 'V1', hash, at)).resolves.toBe('used');
  });
});

describe('removing a volunteer in DynamoDB Local', () => {
  it('deletes the profile, the email lookup and every offer', async () => {
    const volunteer = aVolunteer({ areas: ['GL53'], helpTypes: ['lift', 'dog-walking'] });
    await store.putVolunteer(volunteer);
    expect((await store.findVolunteersOffering('GL53', 'lift')).map((v) => v.id)).toContain(volunteer.id);
    await store.deleteVolunteer(volunteer.id);
    expect(await store.getVolunteer(volunteer.id)).toBeUndefined();
    expect(await store.findVolunteerByEmail(volunteer.email)).toBeUndefined();
    expect((await store.findVolunteersOffering('GL53', 'lift')).map((v) => v.id)).not.toContain(volunteer.id);
    expect((await store.listVolunteers()).map((v) => v.id)).not.toContain(volunteer.id);
  });
});
