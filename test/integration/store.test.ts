import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient, createDynamoStore } from '../../shared/store/dynamo.js';
import { hashToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer, anInvite } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';

let store: Store;
let tableName: string;
let endpoint: string;

beforeAll(async () => {
  ({ store, tableName, endpoint } = await freshTable('store'));
});

const received = (requestId: string) => ({
  requestId,
  at: '2026-11-25T10:00:00.000Z',
  type: 'received' as const,
  actor: 'public-form',
});

describe('requests in DynamoDB Local', () => {
  it('stores a request with its audit entry and reads it back consistently', async () => {
    const request = aRequest();
    await expect(store.createRequest(request, received(request.id))).resolves.toEqual({ kind: 'created' });
    await expect(store.getRequest(request.id)).resolves.toEqual(request);
    await expect(store.listAudit(request.id)).resolves.toEqual([received(request.id)]);
  });

  it('answers a repeated idempotency key with the first request and stores nothing new', async () => {
    const first = aRequest();
    const second = aRequest();
    const claim = { key: `key-${first.id}`, expiresAt: 1_900_000_000 };
    await store.createRequest(first, received(first.id), { idempotency: claim });
    await expect(store.createRequest(second, received(second.id), { idempotency: claim })).resolves.toEqual({
      kind: 'duplicate',
      requestId: first.id,
      reference: first.reference,
    });
    await expect(store.getRequest(second.id)).resolves.toBeUndefined();
  });

  it('refuses a reference that is already taken, storing nothing', async () => {
    const first = aRequest();
    const clash = aRequest({ reference: first.reference });
    await store.createRequest(first, received(first.id));
    await expect(store.createRequest(clash, received(clash.id))).resolves.toEqual({
      kind: 'reference-taken',
    });
    await expect(store.getRequest(clash.id)).resolves.toBeUndefined();
  });

  it('starts waves only while the request is open', async () => {
    const request = aRequest();
    await store.createRequest(request, received(request.id));
    await expect(store.startWave(request.id, 1, '2026-11-25T10:00:00.000Z')).resolves.toMatchObject({
      status: 'matching',
      wave: 1,
    });
    await expect(store.escalate(request.id, 'no-acceptance', '2026-11-25T12:00:00.000Z')).resolves.toBe(
      'escalated',
    );
    await expect(store.startWave(request.id, 2, '2026-11-25T10:05:00.000Z')).resolves.toBeUndefined();
    await expect(store.startWave('no-such-request', 1, '2026-11-25T10:05:00.000Z')).resolves.toBeUndefined();
  });

  it('tells a repeated escalation apart from a request that ended another way', async () => {
    const escalated = aRequest();
    const assigned = aRequest({ status: 'assigned' });
    await store.createRequest(escalated, received(escalated.id));
    await store.createRequest(assigned, received(assigned.id));
    await store.escalate(escalated.id, 'no-candidates', '2026-11-25T12:00:00.000Z');
    await expect(store.escalate(escalated.id, 'no-candidates', '2026-11-25T12:01:00.000Z')).resolves.toBe(
      'already-escalated',
    );
    await expect(store.escalate(assigned.id, 'no-candidates', '2026-11-25T12:00:00.000Z')).resolves.toBe(
      'not-open',
    );
  });
});

describe('invites in DynamoDB Local', () => {
  it('finds an invite by its token hash, and never by the raw token', async () => {
    const request = aRequest();
    const volunteer = aVolunteer();
    const { invite, token } = anInvite(request, volunteer);
    await store.createInvite(invite);
    await expect(store.findInviteByTokenHash(hashToken(token))).resolves.toEqual(invite);
    await expect(store.findInviteByTokenHash(token)).resolves.toBeUndefined();
  });

  it('creates one invite per volunteer per request', async () => {
    const request = aRequest();
    const volunteer = aVolunteer();
    await expect(store.createInvite(anInvite(request, volunteer).invite)).resolves.toBe('created');
    await expect(store.createInvite(anInvite(request, volunteer).invite)).resolves.toBe('exists');
    await expect(store.listInvites(request.id)).resolves.toHaveLength(1);
  });

  it('retires the old link when a pending invite gets a fresh token', async () => {
    const request = aRequest();
    const { invite, token } = anInvite(request, aVolunteer(), { status: 'pending' });
    await store.createInvite(invite);
    const fresh = hashToken('a-new-token');
    await store.replaceToken(invite, fresh, 1_900_000_100);
    await expect(store.findInviteByTokenHash(hashToken(token))).resolves.toBeUndefined();
    await expect(store.findInviteByTokenHash(fresh)).resolves.toMatchObject({
      tokenHash: fresh,
      expiresAt: 1_900_000_100,
    });
  });

  it('makes exactly one of twenty concurrent accepts the winner', async () => {
    const request = aRequest({ status: 'matching', wave: 1 });
    await store.createRequest(request, received(request.id));
    const invites = Array.from({ length: 20 }, () => anInvite(request, aVolunteer()).invite);
    for (const invite of invites) await store.createInvite(invite);
    const results = await Promise.all(
      invites.map((invite) => store.acceptInvite(invite, '2026-11-25T11:00:00.000Z')),
    );
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'request-not-open')).toHaveLength(19);
    const winner = invites[results.indexOf('won')];
    await expect(store.getRequest(request.id)).resolves.toMatchObject({
      status: 'assigned',
      assignedVolunteerId: winner?.volunteerId,
    });
  });

  it('spends an invite once: a second accept by the same volunteer is refused', async () => {
    const request = aRequest({ status: 'matching' });
    await store.createRequest(request, received(request.id));
    const { invite } = anInvite(request, aVolunteer());
    await store.createInvite(invite);
    await expect(store.acceptInvite(invite, '2026-11-25T11:00:00.000Z')).resolves.toBe('won');
    await expect(store.acceptInvite(invite, '2026-11-25T11:00:01.000Z')).resolves.toBe('invite-not-open');
  });

  it('marks unanswered invites taken, leaving answered ones alone', async () => {
    const request = aRequest({ status: 'matching' });
    const [a, b] = [aVolunteer(), aVolunteer()];
    const open = anInvite(request, a).invite;
    const declined = anInvite(request, b, { status: 'declined' }).invite;
    await store.createInvite(open);
    await store.createInvite(declined);
    await store.markInvitesTaken(request.id, [a.id, b.id]);
    const statuses = Object.fromEntries(
      (await store.listInvites(request.id)).map((i) => [i.volunteerId, i.status]),
    );
    expect(statuses).toEqual({ [a.id]: 'taken', [b.id]: 'declined' });
  });
});

describe('the volunteer roster in DynamoDB Local', () => {
  it('finds volunteers by area and help type through the index, and forgets offers they drop', async () => {
    const volunteer = aVolunteer({ areas: ['GL51', 'GL52'], helpTypes: ['shopping', 'lift'] });
    await store.putVolunteers([volunteer]);
    const ids = async (area: string, helpType: 'shopping' | 'lift') =>
      (await store.findVolunteersOffering(area, helpType)).map((v) => v.id);
    expect(await ids('GL52', 'lift')).toContain(volunteer.id);
    await store.putVolunteer({ ...volunteer, areas: ['GL51'] });
    expect(await ids('GL52', 'lift')).not.toContain(volunteer.id);
    expect(await ids('GL51', 'lift')).toContain(volunteer.id);
  });

  it('finds a wave with one Query: the offers carry invite times and pauses, never contact details', async () => {
    const commands: string[] = [];
    const client = createDocumentClient({ endpoint });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    const spied = createDynamoStore({ tableName, client });
    const volunteer = aVolunteer({ areas: ['GL53'], helpTypes: ['dog-walking', 'lift'], recentInvites: [] });
    await store.putVolunteer(volunteer);
    await store.recordInvitesSent([volunteer.id], '2026-11-25T10:00:00.000Z', '2026-10-26T10:00:00.000Z');
    await store.putVolunteer({
      ...((await store.getVolunteer(volunteer.id)) ?? volunteer),
      pausedUntil: '2026-12-31T23:59:59.000Z',
      // The lapsed-check rule reads the check's date, so the index carries it too.
      dbsCheckedOn: '2025-06-01',
    });

    const found = (await spied.findVolunteersOffering('GL53', 'lift')).find((v) => v.id === volunteer.id);
    expect(found).toEqual({
      id: volunteer.id,
      areas: ['GL53'],
      helpTypes: ['lift'],
      dbsChecked: volunteer.dbsChecked,
      dbsCheckedOn: '2025-06-01',
      pausedUntil: '2026-12-31T23:59:59.000Z',
      recentInvites: ['2026-11-25T10:00:00.000Z'],
    });
    expect(commands).toEqual(['QueryCommand']);
  });

  it('looks a volunteer up by email, case-insensitively', async () => {
    const volunteer = aVolunteer();
    await store.putVolunteer(volunteer);
    await expect(store.findVolunteerByEmail(volunteer.email.toUpperCase())).resolves.toMatchObject({
      id: volunteer.id,
    });
    await expect(store.listVolunteers()).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: volunteer.id })]),
    );
  });

  it('keeps only invites inside the fairness window when recording new ones', async () => {
    const volunteer = aVolunteer({ recentInvites: ['2026-09-01T00:00:00.000Z', '2026-11-20T00:00:00.000Z'] });
    await store.putVolunteer(volunteer);
    await store.recordInvitesSent([volunteer.id], '2026-11-25T10:00:00.000Z', '2026-10-26T10:00:00.000Z');
    await expect(store.getVolunteer(volunteer.id)).resolves.toMatchObject({
      recentInvites: ['2026-11-20T00:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    });
  });
});

describe('roster writes that meet each other', () => {
  it('keeps both invite times when two requests invite the same volunteer at once', async () => {
    const volunteer = aVolunteer();
    await store.putVolunteer(volunteer);
    const times = Array.from({ length: 8 }, (_, i) => `2026-11-25T10:00:0${i}.000Z`);
    await Promise.all(
      times.map((at) => store.recordInvitesSent([volunteer.id], at, '2026-10-26T00:00:00.000Z')),
    );
    const recorded = (await store.getVolunteer(volunteer.id))?.recentInvites ?? [];
    expect([...recorded].sort()).toEqual(times);
  });

  it('frees the old email address when a volunteer changes theirs', async () => {
    const volunteer = aVolunteer();
    await store.putVolunteer(volunteer);
    await store.putVolunteer({ ...volunteer, email: `new.${volunteer.email}` });
    await expect(store.findVolunteerByEmail(volunteer.email)).resolves.toBeUndefined();
    await expect(store.findVolunteerByEmail(`new.${volunteer.email}`)).resolves.toMatchObject({
      id: volunteer.id,
    });
  });
});
