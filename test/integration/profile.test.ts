import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actOnProfile,
  confirmContact,
  issueContactConfirmLink,
  issueProfileLink,
  viewProfile,
  type ProfileForm,
  type ProfilePorts,
} from '../../shared/domain/profile.js';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { keys } from '../../shared/store/table.js';
import { hashToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer, anInvite } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { FakeClock, FakeIds, RecordingLog, testSettings } from '../support/memory-store.js';

/**
 * A volunteer's own details page against DynamoDB Local: a change reaches the offers matching reads,
 * a new link revokes the one before, a confirmed email moves its lookup key, and leaving erases every
 * personal item while the anonymous history (the request, the invite, the audit) stays.
 */
const settings = testSettings({ serviceAreas: ['GL50', 'GL51', 'GL52'] });
const clock = new FakeClock('2026-03-09T13:00:00.000Z');
let store: Store;
let ports: ProfilePorts;
let tableName: string;
let endpoint: string;

beforeAll(async () => {
  const table = await freshTable('profile');
  store = table.store;
  tableName = table.tableName;
  endpoint = table.endpoint;
  ports = { store, clock, ids: new FakeIds(), log: new RecordingLog() };
});

const tokenOf = (url: string | undefined) => url?.split('/').at(-1) ?? '';

function details(fields: Record<string, string>, lists: Partial<ProfileForm> = {}): ProfileForm {
  return {
    fields: { action: 'save', contactBy: 'email', phone: '', weeklyLimit: '', ...fields },
    helpTypes: lists.helpTypes ?? ['dog-walking'],
    availability: lists.availability ?? ['tue-morning'],
  };
}

async function itemsUnder(pk: string) {
  const db = createDocumentClient({ endpoint });
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('a volunteer’s own details, stored', () => {
  it('changes areas, times and limit on the profile and on the offers matching reads, and audits it', async () => {
    const sam = aVolunteer({
      id: 'vol-sam',
      name: 'Sam Newcomer',
      email: 'sam@example.org',
      areas: ['GL50'],
      helpTypes: ['dog-walking'],
      availability: ['tue-morning'],
    });
    await store.putVolunteer(sam);
    const token = tokenOf(await issueProfileLink(sam.id, settings, ports));
    const view = await actOnProfile(
      token,
      details(
        { name: 'Sam Newcomer', email: 'sam@example.org', areas: 'GL51 2', weeklyLimit: '1' },
        { availability: ['tue-morning', 'wed-morning'] },
      ),
      settings,
      ports,
    );
    expect(view).toMatchObject({ kind: 'profile', note: 'saved' });
    expect(await store.findVolunteersOffering('GL50 1', 'dog-walking')).toEqual([]);
    const [offer] = await store.findVolunteersOffering('GL51 2', 'dog-walking');
    expect(offer).toMatchObject({
      id: sam.id,
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
    });
    expect(await store.listVolunteerAudit(sam.id)).toEqual([
      expect.objectContaining({
        type: 'profile-changed',
        actor: sam.id,
        data: { fields: 'areas availability weeklyLimit' },
      }),
    ]);
  });

  it('revokes the earlier link when a new one is issued; only hashes are stored', async () => {
    await store.putVolunteer(aVolunteer({ id: 'vol-links', email: 'links@example.org' }));
    const first = tokenOf(await issueProfileLink('vol-links', settings, ports));
    const second = tokenOf(await issueProfileLink('vol-links', settings, ports));
    expect((await viewProfile(first, ports)).kind).toBe('invalid');
    expect((await viewProfile(second, ports)).kind).toBe('profile');
    expect(await store.findProfileLink(hashToken(first))).toBeUndefined();
    const db = createDocumentClient({ endpoint });
    const lookup = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.profileLink(hashToken(second)) }),
    );
    expect(lookup.Item).toMatchObject({ volunteerId: 'vol-links', purpose: 'profile' });
    expect(JSON.stringify(await itemsUnder('VOL#vol-links'))).not.toContain(second);
  });

  it('moves the email lookup key only when the new address is confirmed', async () => {
    await store.putVolunteer(aVolunteer({ id: 'vol-move', email: 'old@example.org' }));
    const token = tokenOf(await issueProfileLink('vol-move', settings, ports));
    await actOnProfile(
      token,
      details({ name: 'Asha Patel', email: 'new@example.org', areas: 'GL50' }, { helpTypes: ['shopping'] }),
      settings,
      ports,
    );
    expect((await store.findVolunteerByEmail('old@example.org'))?.id).toBe('vol-move');
    expect(await store.findVolunteerByEmail('new@example.org')).toBeUndefined();
    // What the sender does when the confirmation goes out.
    const confirm = tokenOf(
      await issueContactConfirmLink('vol-move', 'email', settings.publicBaseUrl, ports),
    );
    expect(await confirmContact(confirm, ports)).toMatchObject({ kind: 'contact-confirmed' });
    expect((await store.findVolunteerByEmail('new@example.org'))?.id).toBe('vol-move');
    expect(await store.findVolunteerByEmail('old@example.org')).toBeUndefined();
    expect(await store.getContactChange('vol-move', 'email')).toBeUndefined();
  });

  it('leaving erases the volunteer’s personal data and keeps the anonymous history', async () => {
    const lee = aVolunteer({
      id: 'vol-lee',
      name: 'Lee Leaver',
      email: 'lee@example.org',
      phone: '07700900555',
      areas: ['GL50'],
      helpTypes: ['shopping'],
    });
    await store.putVolunteer(lee);
    const request = aRequest({ id: 'req-lee', status: 'assigned', assignedVolunteerId: lee.id });
    await store.createRequest(request, {
      requestId: request.id,
      at: clock.now().toISOString(),
      type: 'received',
      actor: 'test',
    });
    const { invite } = anInvite(request, lee, { status: 'accepted' });
    await store.createInvite(invite);
    const token = tokenOf(await issueProfileLink(lee.id, settings, ports));
    // A new address waiting for confirmation goes too.
    await actOnProfile(
      token,
      details(
        { name: 'Lee Leaver', email: 'lee.new@example.org', phone: '07700900555', areas: 'GL50' },
        { helpTypes: ['shopping'] },
      ),
      settings,
      ports,
    );
    expect(await store.getContactChange(lee.id, 'email')).toBeDefined();
    // The audit is ordered by time: each step a second later.
    clock.advanceSeconds(1);

    const form = (action: string): ProfileForm => ({ fields: { action }, helpTypes: [], availability: [] });
    expect(await actOnProfile(token, form('leave'), settings, ports)).toEqual({ kind: 'leave-confirm' });
    expect(await store.getVolunteer(lee.id)).toBeDefined();
    clock.advanceSeconds(1);
    expect(await actOnProfile(token, form('leave-confirmed'), settings, ports)).toEqual({ kind: 'left' });

    expect(await store.getVolunteer(lee.id)).toBeUndefined();
    expect(await store.findVolunteerByEmail('lee@example.org')).toBeUndefined();
    expect(await store.findVolunteerByPhone('07700900555')).toBeUndefined();
    expect(await store.findVolunteersOffering('GL50', 'shopping')).not.toContainEqual(
      expect.objectContaining({ id: lee.id }),
    );
    // All that is left under the volunteer's key is their audit: ids and enumerations.
    const left = await itemsUnder(`VOL#${lee.id}`);
    expect(left.map((item) => String(item.sk).split('#')[0])).toEqual(['AUDIT', 'AUDIT', 'AUDIT']);
    expect(JSON.stringify(left)).not.toMatch(/Lee|lee@|lee\.new|07700/);
    // (The first two share a moment: the same save.)
    expect((await store.listVolunteerAudit(lee.id)).map((e) => e.type).sort()).toEqual([
      'contact-change-requested',
      'left',
      'profile-changed',
    ]);
    // The anonymous history: the request and the invite keep the id, which leads to no one.
    expect((await store.getRequest(request.id))?.assignedVolunteerId).toBe(lee.id);
    expect((await store.listInvites(request.id)).map((i) => i.status)).toEqual(['accepted']);
    expect((await viewProfile(token, ports)).kind).toBe('invalid');
  });
});
