import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { respondToInvite } from '../../shared/domain/respond.js';
import { handleTextReply } from '../../shared/domain/sms-replies.js';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient } from '../../shared/store/dynamo.js';
import { keys } from '../../shared/store/table.js';
import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import { emailLookupHash, phoneLookupHash } from '../../shared/util/keyed-hash.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { FakeClock, FakeIds, FakeMailer, RecordingLog, testSettings } from '../support/memory-store.js';

/** Text replies against DynamoDB Local: keyed-hash lookups, the invite index, and the race with a link. */
let store: Store;
let tableName: string;
let endpoint: string;
const settings = testSettings();
const SECRET = process.env.LOOKUP_HASH_SECRET ?? '';
let phoneCounter = 200;
const nextPhone = () => `07700 900${String(phoneCounter++).padStart(3, '0')}`;
const e164 = (phone: string) => `+44${phone.replace(/\s/g, '').slice(1)}`;

beforeAll(async () => {
  ({ store, tableName, endpoint } = await freshTable('text-replies'));
});

async function allKeys(): Promise<string[]> {
  // A test may Scan: it checks what the whole table holds, which no code path ever does.
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const out = await client.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'pk, sk' }));
  return (out.Items ?? []).map((item) => `${item.pk?.S}|${item.sk?.S}`);
}

async function lookupItem(key: { pk: string; sk: string }) {
  const out = await createDocumentClient({ endpoint }).send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

async function requestWithInvites(volunteerIds: string[], createdAt: string) {
  const request = aRequest({ status: 'matching', wave: 1, createdAt });
  await store.createRequest(request, {
    requestId: request.id,
    at: createdAt,
    type: 'received',
    actor: 'test',
  });
  const tokens: string[] = [];
  for (const volunteerId of volunteerIds) {
    const token = newInviteToken();
    tokens.push(token);
    await store.createInvite({
      requestId: request.id,
      volunteerId,
      wave: 1,
      tokenHash: hashToken(token),
      status: 'sent',
      createdAt,
      expiresAt: 4_000_000_000,
    });
  }
  return { request, tokens };
}

function ports() {
  return {
    store,
    mailer: new FakeMailer(),
    clock: new FakeClock(new Date()),
    log: new RecordingLog(),
    ids: new FakeIds(),
  };
}

describe('volunteer lookups by keyed hash', () => {
  it('finds a volunteer by phone in any UK form, and by email, with no address or number in any key', async () => {
    const phone = nextPhone();
    const volunteer = aVolunteer({ email: 'Nadia.Lookup@Example.org', phone });
    await store.putVolunteer(volunteer);

    await expect(store.findVolunteerByPhone(e164(phone))).resolves.toMatchObject({ id: volunteer.id });
    await expect(store.findVolunteerByPhone(phone.replace(/\s/g, ''))).resolves.toMatchObject({
      id: volunteer.id,
    });
    await expect(store.findVolunteerByEmail('nadia.lookup@example.org')).resolves.toMatchObject({
      id: volunteer.id,
    });
    expect(await lookupItem(keys.volunteerPhone(phoneLookupHash(e164(phone), SECRET)))).toMatchObject({
      volunteerId: volunteer.id,
    });
    expect(await lookupItem(keys.volunteerEmail(emailLookupHash(volunteer.email, SECRET)))).toMatchObject({
      volunteerId: volunteer.id,
    });
    const tableKeys = (await allKeys()).join('\n').toLowerCase();
    expect(tableKeys).not.toContain('nadia');
    expect(tableKeys).not.toContain(phone.replace(/\s/g, '').slice(1));
  });

  it('moves the phone lookup when the number changes, and drops it when the number goes', async () => {
    const before = nextPhone();
    const after = nextPhone();
    const volunteer = aVolunteer({ phone: before });
    await store.putVolunteer(volunteer);

    await store.putVolunteer({ ...volunteer, phone: after });
    await expect(store.findVolunteerByPhone(e164(before))).resolves.toBeUndefined();
    await expect(store.findVolunteerByPhone(e164(after))).resolves.toMatchObject({ id: volunteer.id });
    expect(await lookupItem(keys.volunteerPhone(phoneLookupHash(e164(before), SECRET)))).toBeUndefined();

    const withoutPhone = { ...volunteer };
    delete withoutPhone.phone;
    await store.putVolunteer(withoutPhone);
    await expect(store.findVolunteerByPhone(e164(after))).resolves.toBeUndefined();
  });

  it('deletes both lookups with the volunteer', async () => {
    const phone = nextPhone();
    const volunteer = aVolunteer({ phone });
    await store.putVolunteer(volunteer);

    await store.deleteVolunteer(volunteer.id);

    expect(await lookupItem(keys.volunteerPhone(phoneLookupHash(e164(phone), SECRET)))).toBeUndefined();
    expect(await lookupItem(keys.volunteerEmail(emailLookupHash(volunteer.email, SECRET)))).toBeUndefined();
  });
});

describe('the invites a reply may answer', () => {
  it('lists a volunteer’s unanswered invites newest first, from the index, without answered or expired ones', async () => {
    const volunteer = aVolunteer({ phone: nextPhone() });
    await store.putVolunteer(volunteer);
    const older = await requestWithInvites([volunteer.id], '2026-03-01T10:00:00.000Z');
    const newer = await requestWithInvites([volunteer.id], '2026-03-02T10:00:00.000Z');
    const answered = await requestWithInvites([volunteer.id], '2026-03-03T10:00:00.000Z');
    const [answeredInvite] = await store.listInvites(answered.request.id);
    if (!answeredInvite) throw new Error('the invite should be stored');
    await store.declineInvite(answeredInvite, '2026-03-03T11:00:00.000Z');
    const expired = aRequest({ status: 'matching', createdAt: '2026-03-04T10:00:00.000Z' });
    await store.createRequest(expired, {
      requestId: expired.id,
      at: expired.createdAt,
      type: 'received',
      actor: 't',
    });
    await store.createInvite({
      requestId: expired.id,
      volunteerId: volunteer.id,
      wave: 1,
      tokenHash: hashToken(newInviteToken()),
      status: 'sent',
      createdAt: expired.createdAt,
      expiresAt: 1_700_000_000,
    });

    const open = await store.listOpenInvites(volunteer.id, 1_800_000_000);

    expect(open.map((i) => i.requestId)).toEqual([newer.request.id, older.request.id]);
    expect(open[0]).not.toHaveProperty('statusKey');
  });
});

describe('a YES text racing a link accept', () => {
  it('has exactly one winner, 8 rounds in a row, whichever way it goes', async () => {
    const winners: string[] = [];
    for (let round = 0; round < 8; round++) {
      const texter = aVolunteer({ phone: nextPhone(), contactBy: 'text' });
      const clicker = aVolunteer();
      await store.putVolunteers([texter, clicker]);
      const { request, tokens } = await requestWithInvites(
        [texter.id, clicker.id],
        new Date(Date.now() - 60_000).toISOString(),
      );
      const p = ports();

      // The text path reads more before its accept (lookup, index, invite): a varying head start for the
      // link makes both sides win some rounds.
      const [text, link] = await Promise.all([
        handleTextReply({ from: e164(texter.phone ?? ''), body: 'YES' }, settings, p),
        new Promise((wake) => setTimeout(wake, (round % 4) * 40)).then(() =>
          respondToInvite(tokens[1] ?? '', 'accept', settings, p),
        ),
      ]);

      const textWon = text.kind === 'answered' && text.view === 'accepted';
      const linkWon = link.kind === 'accepted';
      expect(Number(textWon) + Number(linkWon)).toBe(1);
      const stored = await store.getRequest(request.id);
      expect(stored).toMatchObject({
        status: 'assigned',
        assignedVolunteerId: textWon ? texter.id : clicker.id,
      });
      expect((await store.listAudit(request.id)).filter((e) => e.type === 'accepted')).toHaveLength(1);
      if (!textWon)
        expect(text).toMatchObject({ replies: [{ kind: expect.stringMatching(/taken|nothing-open/) }] });
      winners.push(textWon ? 'text' : 'link');
    }
    console.warn(`YES text vs link accept: ${winners.join(', ')}`);
  }, 120_000);
});
