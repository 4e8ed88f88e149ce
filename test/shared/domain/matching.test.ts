import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { runWave } from '../../../shared/domain/wave.js';
import {
  checkOutcome,
  escalateRequest,
  findCandidates,
  selectCandidates,
  sendInvites,
  type WorkflowState,
} from '../../../shared/domain/matching.js';
import type { HelpRequest, Volunteer } from '../../../shared/domain/model.js';
import { viewInvite } from '../../../shared/domain/respond.js';
import { submitHelpRequest } from '../../../shared/domain/submit.js';
import { INVITE_TOKEN_PATTERN } from '../../../shared/util/ids.js';
import {
  aRequest,
  aValidPayload,
  aVolunteer,
  DEFAULT_NOW,
  testPorts,
  testSettings,
  type TestPorts,
} from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const NOW = new Date(DEFAULT_NOW);
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

const REQUEST_ID = 'req-seeded';

let ports: TestPorts;

beforeEach(() => {
  ports = testPorts();
});

async function seed(request: Partial<HelpRequest>, volunteers: Volunteer[]) {
  ports.store.seedRequest(aRequest({ id: REQUEST_ID, ...request }));
  await ports.store.putVolunteers(volunteers);
}

const threeShoppers = () => [
  aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@volunteers.example.org' }),
  aVolunteer({ id: 'vol-b', name: 'Bob Baker', email: 'bob@volunteers.example.org' }),
  aVolunteer({ id: 'vol-c', name: 'Cara Cole', email: 'cara@volunteers.example.org' }),
];

/** The token in an email's respond link. */
function tokenIn(text: string): string {
  const match = /https:\/\/help\.example\.org\/respond\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no respond link in: ${text}`);
  return match[1];
}

describe('choosing candidates (pure)', () => {
  const request = { helpType: 'shopping', area: 'GL50' } as const;
  const rules = {
    dbsRequiredHelpTypes: settings.dbsRequiredHelpTypes,
    waveSize: 10,
    fairnessWindowDays: 30,
    dbsValidForMonths: 36,
  };
  const ids = (volunteers: Volunteer[]) => volunteers.map((v) => v.id);

  it('chooses only volunteers who offer the help type', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', helpTypes: ['shopping'] }),
      aVolunteer({ id: 'v2', helpTypes: ['dog-walking'] }),
      aVolunteer({ id: 'v3', helpTypes: ['dog-walking', 'shopping'] }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v1', 'v3']);
  });

  it('chooses only volunteers who cover the area', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', areas: ['GL51'] }),
      aVolunteer({ id: 'v2', areas: ['GL51', 'GL50'] }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v2']);
  });

  it('skips a volunteer who is paused, until the pause ends', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', pausedUntil: '2026-03-11T00:00:00.000Z' }),
      aVolunteer({ id: 'v2', pausedUntil: '2026-03-01T00:00:00.000Z' }),
      aVolunteer({ id: 'v3' }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v2', 'v3']);
    const later = new Date('2026-03-12T00:00:00.000Z');
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, later))).toEqual(['v1', 'v2', 'v3']);
  });

  it('offers help types that need a DBS check only to DBS-checked volunteers', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', helpTypes: ['friendly-chat', 'shopping'], dbsChecked: false }),
      aVolunteer({ id: 'v2', helpTypes: ['friendly-chat', 'shopping'], dbsChecked: true }),
    ];
    const chat = { helpType: 'friendly-chat', area: 'GL50' } as const;
    expect(ids(selectCandidates(volunteers, chat, new Set(), rules, NOW))).toEqual(['v2']);
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v1', 'v2']);
  });

  it('treats a lapsed DBS check as no check, and an undated one (stored before dates) as current', () => {
    // NOW is 10 March 2026: a check from 10 March 2023 lapses today, one from 11 March 2023 tomorrow.
    const volunteers = [
      aVolunteer({ id: 'v1', helpTypes: ['lift'], dbsChecked: true, dbsCheckedOn: '2023-03-10' }),
      aVolunteer({ id: 'v2', helpTypes: ['lift'], dbsChecked: true, dbsCheckedOn: '2023-03-11' }),
      aVolunteer({ id: 'v3', helpTypes: ['lift'], dbsChecked: true }),
      aVolunteer({ id: 'v4', helpTypes: ['lift', 'shopping'], dbsChecked: true, dbsCheckedOn: '2020-01-01' }),
    ];
    const lift = { helpType: 'lift', area: 'GL50' } as const;
    expect(ids(selectCandidates(volunteers, lift, new Set(), rules, NOW))).toEqual(['v2', 'v3']);
    // Help that needs no check is still offered to the volunteer whose check lapsed.
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v4']);
  });

  it('never invites the same volunteer twice to one request', () => {
    const volunteers = [aVolunteer({ id: 'v1' }), aVolunteer({ id: 'v2' })];
    expect(ids(selectCandidates(volunteers, request, new Set(['v1']), rules, NOW))).toEqual(['v2']);
  });

  it('puts volunteers with the fewest recent invites first', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', recentInvites: [daysAgo(1), daysAgo(2)] }),
      aVolunteer({ id: 'v2', recentInvites: [daysAgo(3)] }),
      aVolunteer({ id: 'v3', recentInvites: [] }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v3', 'v2', 'v1']);
  });

  it('does not count invites older than the fairness window', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', recentInvites: [daysAgo(40), daysAgo(35), daysAgo(31)] }),
      aVolunteer({ id: 'v2', recentInvites: [daysAgo(5)] }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v1', 'v2']);
  });

  it('breaks a tie by who has waited longest since their last invite', () => {
    const volunteers = [
      aVolunteer({ id: 'v1', recentInvites: [daysAgo(20), daysAgo(1)] }),
      aVolunteer({ id: 'v2', recentInvites: [daysAgo(2), daysAgo(10)] }),
      aVolunteer({ id: 'v3', recentInvites: [daysAgo(15), daysAgo(14)] }),
    ];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v3', 'v2', 'v1']);
  });

  it('breaks a full tie by volunteer id, so the order is stable', () => {
    const volunteers = [aVolunteer({ id: 'v3' }), aVolunteer({ id: 'v1' }), aVolunteer({ id: 'v2' })];
    expect(ids(selectCandidates(volunteers, request, new Set(), rules, NOW))).toEqual(['v1', 'v2', 'v3']);
  });

  it('chooses at most one wave’s worth of volunteers', () => {
    const volunteers = [aVolunteer({ id: 'v1' }), aVolunteer({ id: 'v2' }), aVolunteer({ id: 'v3' })];
    expect(ids(selectCandidates(volunteers, request, new Set(), { ...rules, waveSize: 2 }, NOW))).toEqual([
      'v1',
      'v2',
    ]);
  });
});

describe('finding candidates for a wave', () => {
  it('starts wave 1, moves the request into matching and chooses a wave of volunteers', async () => {
    await seed({}, threeShoppers());

    const next = await findCandidates({ requestId: REQUEST_ID, wave: 0 }, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({
      requestId: REQUEST_ID,
      wave: 1,
      next: 'invite',
      volunteerIds: ['vol-a', 'vol-b'],
    });
    expect(ports.store.requests.get(REQUEST_ID)).toMatchObject({ status: 'matching', wave: 1 });
    expect(ports.store.audit).toContainEqual({
      requestId: REQUEST_ID,
      at: DEFAULT_NOW,
      type: 'wave-started',
      actor: 'system',
      data: { wave: 1, candidates: 2, offering: 3 },
    });
  });

  it('leaves out volunteers invited in an earlier wave', async () => {
    await seed({}, threeShoppers());
    const first = await findCandidates({ requestId: REQUEST_ID, wave: 0 }, settings, ports);
    await deliverPending(ports);
    await sendInvites(first, settings, ports);
    await deliverPending(ports);

    const second = await findCandidates({ requestId: REQUEST_ID, wave: 1 }, settings, ports);
    await deliverPending(ports);

    expect(second).toEqual({ requestId: REQUEST_ID, wave: 2, next: 'invite', volunteerIds: ['vol-c'] });
    expect(ports.store.requests.get(REQUEST_ID)?.wave).toBe(2);
  });

  it('escalates with reason no-candidates when nobody offers this help here', async () => {
    await seed({ area: 'GL54' }, threeShoppers());

    const next = await findCandidates({ requestId: REQUEST_ID, wave: 0 }, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({
      requestId: REQUEST_ID,
      wave: 1,
      next: 'escalate',
      escalationReason: 'no-candidates',
    });
  });

  it('escalates with reason no-acceptance when everyone has already been asked', async () => {
    await seed({}, threeShoppers().slice(0, 2));
    await sendInvites(
      await findCandidates({ requestId: REQUEST_ID, wave: 0 }, settings, ports),
      settings,
      ports,
    );
    await deliverPending(ports);

    const next = await findCandidates({ requestId: REQUEST_ID, wave: 1 }, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({
      requestId: REQUEST_ID,
      wave: 2,
      next: 'escalate',
      escalationReason: 'no-acceptance',
    });
  });

  it('stops when the request is no longer open', async () => {
    await seed({ status: 'assigned', assignedVolunteerId: 'vol-a' }, threeShoppers());

    const next = await findCandidates({ requestId: REQUEST_ID, wave: 1 }, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 2, next: 'done' });
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('assigned');
    expect(ports.store.audit).toEqual([]);
  });
});

describe('sending invites', () => {
  const wave1: WorkflowState = {
    requestId: REQUEST_ID,
    wave: 1,
    next: 'invite',
    volunteerIds: ['vol-a', 'vol-b'],
  };

  it('emails each chosen volunteer a link to respond', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());

    const next = await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 1, next: 'wait', windowSeconds: 7200 });
    expect(ports.mailer.sent.map((m) => m.to)).toEqual([
      'alice@volunteers.example.org',
      'bob@volunteers.example.org',
    ]);
    for (const message of ports.mailer.sent) {
      const token = tokenIn(message.text);
      expect(token).toMatch(INVITE_TOKEN_PATTERN);
      expect(message.html).toContain(`https://help.example.org/respond/${token}`);
    }
    expect(ports.mailer.to('alice@volunteers.example.org')[0]?.text).toContain('Hello Alice,');
  });

  it('never puts the requester’s name, address, phone or email in an invite', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());

    await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    expect(ports.mailer.sent).toHaveLength(2);
    for (const message of ports.mailer.sent) {
      const everything = `${message.subject}\n${message.text}\n${message.html}`;
      for (const secret of [
        'Mary',
        'Testperson',
        'Acacia',
        'GL50 1AB',
        '07700 900 982',
        '07700900982',
        'mary@example.com',
      ]) {
        expect(everything).not.toContain(secret);
      }
      expect(everything).toContain('GL50');
      expect(everything).toContain('Milk, bread and a newspaper');
      expect(everything).toContain('GCK-SEED1');
    }
  });

  it('stores only the SHA-256 hash of each token, never the token itself', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());

    await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    const tokens = ports.mailer.sent.map((m) => tokenIn(m.text));
    const invites = await ports.store.listInvites(REQUEST_ID);
    expect(invites.map((i) => i.tokenHash).sort()).toEqual(tokens.map(sha256).sort());
    const dump = ports.store.dump();
    for (const token of tokens) expect(dump).not.toContain(token);
  });

  it('marks the invites sent, audits each one and counts them for fair rotation', async () => {
    await seed({ status: 'matching', wave: 1 }, [
      aVolunteer({ id: 'vol-a', recentInvites: [daysAgo(45), daysAgo(3)] }),
      aVolunteer({ id: 'vol-b' }),
    ]);

    await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    const invites = await ports.store.listInvites(REQUEST_ID);
    expect(invites.map((i) => [i.volunteerId, i.status, i.wave])).toEqual([
      ['vol-a', 'sent', 1],
      ['vol-b', 'sent', 1],
    ]);
    expect(ports.store.audit.filter((a) => a.type === 'invited').map((a) => a.data)).toEqual([
      { volunteerId: 'vol-a', wave: 1 },
      { volunteerId: 'vol-b', wave: 1 },
    ]);
    // The 45-day-old invite falls out of the 30-day window; today's is added.
    expect(ports.store.volunteers.get('vol-a')?.recentInvites).toEqual([daysAgo(3), DEFAULT_NOW]);
    expect(ports.store.volunteers.get('vol-b')?.recentInvites).toEqual([DEFAULT_NOW]);
  });

  it('keeps the link working until the last wave’s window has closed', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());

    await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    const nowSeconds = NOW.getTime() / 1000;
    // Wave 1 of 2: this window and the next.
    for (const invite of await ports.store.listInvites(REQUEST_ID)) {
      expect(invite.expiresAt).toBe(nowSeconds + 2 * 7200);
    }
  });

  it('uses the shorter window for an urgent request', async () => {
    await seed({ status: 'matching', wave: 2, urgent: true }, threeShoppers());

    const next = await sendInvites({ ...wave1, wave: 2, volunteerIds: ['vol-c'] }, settings, ports);
    await deliverPending(ports);

    expect(next.windowSeconds).toBe(1800);
    const [invite] = await ports.store.listInvites(REQUEST_ID);
    expect(invite?.expiresAt).toBe(NOW.getTime() / 1000 + 1800);
    expect(ports.mailer.sent[0]?.subject).toMatch(/^Urgent: can you help\?/);
  });

  it('sends nothing when the request was taken or cancelled before the invites went out', async () => {
    await seed({ status: 'cancelled' }, threeShoppers());

    const next = await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    expect(next).toEqual({ requestId: REQUEST_ID, wave: 1, next: 'done' });
    expect(ports.mailer.attempts).toEqual([]);
    expect(ports.store.invites.size).toBe(0);
  });

  it('skips a volunteer who has left the roster', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers().slice(0, 1));

    const next = await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    expect(next.next).toBe('wait');
    expect(ports.mailer.sent.map((m) => m.to)).toEqual(['alice@volunteers.example.org']);
  });

  it('writes each invite and its message in one step, and a throttled send is retried, logging ids only', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());
    ports.mailer.failNext(1);

    const next = await sendInvites(wave1, settings, ports);
    const first = await deliverPending(ports);

    // The wave itself no longer waits on the email service: it goes on to its wait either way.
    expect(next.next).toBe('wait');
    expect(first.errors).toHaveLength(1);
    expect(ports.log.text()).not.toMatch(/volunteers\.example\.org/);
    // Both were invited for fair rotation when their invites were written.
    expect(ports.store.volunteers.get('vol-a')?.recentInvites).toEqual([DEFAULT_NOW]);
    expect(ports.store.volunteers.get('vol-b')?.recentInvites).toEqual([DEFAULT_NOW]);

    await deliverPending(ports);
    expect(ports.mailer.sent.map((m) => m.to).sort()).toEqual([
      'alice@volunteers.example.org',
      'bob@volunteers.example.org',
    ]);
  });

  it('on retry, does not invite again a volunteer already sent, and re-sends the failed one with a fresh link', async () => {
    await seed({ status: 'matching', wave: 1 }, threeShoppers());
    ports.mailer.failNext(1);
    await sendInvites(wave1, settings, ports);
    const failed = await deliverPending(ports);
    expect(failed.errors).toHaveLength(1);
    const firstTry = ports.mailer.attempts[0];
    const failedTo = firstTry?.to ?? '';
    const firstToken = tokenIn(firstTry?.text ?? '');
    const failedId = failedTo.startsWith('bob') ? 'vol-b' : 'vol-a';
    expect((await ports.store.listInvites(REQUEST_ID)).find((i) => i.volunteerId === failedId)?.status).toBe(
      'pending',
    );

    // The step retried (Step Functions) writes nothing new; the stream retries the failed message.
    const next = await sendInvites(wave1, settings, ports);
    await deliverPending(ports);

    expect(next.next).toBe('wait');
    expect(ports.mailer.to('alice@volunteers.example.org')).toHaveLength(1);
    expect(ports.mailer.to('bob@volunteers.example.org')).toHaveLength(1);
    const retried = ports.mailer.to(failedTo);
    const newToken = tokenIn(retried[0]?.text ?? '');
    expect(newToken).not.toBe(firstToken);

    const invite = (await ports.store.listInvites(REQUEST_ID)).find((i) => i.volunteerId === failedId);
    expect(invite).toMatchObject({ status: 'sent', tokenHash: sha256(newToken) });
    // The old link no longer resolves; the new one does.
    expect(await ports.store.findInviteByTokenHash(sha256(firstToken))).toBeUndefined();
    expect(await viewInvite(firstToken, ports)).toEqual({ kind: 'invalid' });
    expect((await viewInvite(newToken, ports)).kind).toBe('open');
    expect(ports.store.volunteers.get('vol-a')?.recentInvites).toEqual([DEFAULT_NOW]);
    expect(ports.store.volunteers.get('vol-b')?.recentInvites).toEqual([DEFAULT_NOW]);
    expect(ports.store.audit.filter((a) => a.type === 'invited')).toHaveLength(2);
  });
});

describe('checking the outcome after the wait', () => {
  it('finishes when a volunteer has accepted', async () => {
    await seed({ status: 'assigned', wave: 1 }, []);
    expect(await checkOutcome({ requestId: REQUEST_ID, wave: 1 }, settings, ports)).toEqual({
      requestId: REQUEST_ID,
      wave: 1,
      next: 'done',
    });
  });

  it('finishes when the request was cancelled', async () => {
    await seed({ status: 'cancelled', wave: 1 }, []);
    expect((await checkOutcome({ requestId: REQUEST_ID, wave: 1 }, settings, ports)).next).toBe('done');
  });

  it('goes on to the next wave while waves remain', async () => {
    await seed({ status: 'matching', wave: 1 }, []);
    expect(await checkOutcome({ requestId: REQUEST_ID, wave: 1 }, settings, ports)).toEqual({
      requestId: REQUEST_ID,
      wave: 1,
      next: 'next-wave',
    });
  });

  it('escalates with reason no-acceptance after the last wave', async () => {
    await seed({ status: 'matching', wave: 2 }, []);
    expect(await checkOutcome({ requestId: REQUEST_ID, wave: 2 }, settings, ports)).toEqual({
      requestId: REQUEST_ID,
      wave: 2,
      next: 'escalate',
      escalationReason: 'no-acceptance',
    });
  });
});

describe('escalating to the prescriber', () => {
  it('marks the request escalated, audits it and emails the prescriber without personal details', async () => {
    await seed({ status: 'matching', wave: 1 }, []);

    const result = await escalateRequest(
      { requestId: REQUEST_ID, wave: 1, next: 'escalate', escalationReason: 'no-candidates' },
      settings,
      ports,
    );
    await deliverPending(ports);

    expect(result).toEqual({ requestId: REQUEST_ID, wave: 1, outcome: 'escalated' });
    expect(ports.store.requests.get(REQUEST_ID)).toMatchObject({
      status: 'escalated',
      escalationReason: 'no-candidates',
      escalatedAt: DEFAULT_NOW,
    });
    expect(ports.store.audit).toContainEqual({
      requestId: REQUEST_ID,
      at: DEFAULT_NOW,
      type: 'escalated',
      actor: 'system',
      data: { reason: 'no-candidates', wave: 1 },
    });
    const [email] = ports.mailer.to('prescriber@example.org');
    expect(email?.subject).toContain('GCK-SEED1');
    expect(email?.text).toContain('No volunteers offer this help in this area.');
    expect(`${email?.text}${email?.html}`).not.toMatch(/Mary|Acacia|07700|mary@example\.com/);
  });

  it('uses reason system-failure when the workflow caught an error, and records only the error name', async () => {
    await seed({ status: 'matching', wave: 1 }, []);

    await escalateRequest(
      {
        requestId: REQUEST_ID,
        wave: 1,
        escalationReason: 'no-acceptance',
        error: { Error: 'InviteDeliveryError', Cause: '{"errorMessage":"2 of 2 invites failed"}' },
      },
      settings,
      ports,
    );
    await deliverPending(ports);

    expect(ports.store.requests.get(REQUEST_ID)?.escalationReason).toBe('system-failure');
    expect(ports.store.audit.find((a) => a.type === 'escalated')?.data).toEqual({
      reason: 'system-failure',
      wave: 1,
      error: 'InviteDeliveryError',
    });
    expect(ports.mailer.to('prescriber@example.org')[0]?.text).toContain(
      'The system could not finish matching this request',
    );
  });

  it('does nothing when a volunteer accepted first', async () => {
    await seed({ status: 'assigned', assignedVolunteerId: 'vol-a', wave: 2 }, []);

    const result = await escalateRequest(
      { requestId: REQUEST_ID, wave: 2, error: { Error: 'States.Timeout' } },
      settings,
      ports,
    );
    await deliverPending(ports);

    await deliverPending(ports);
    expect(result).toEqual({ requestId: REQUEST_ID, wave: 2, outcome: 'not-needed' });
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('assigned');
    expect(ports.store.messages.size).toBe(0);
    expect(ports.mailer.attempts).toEqual([]);
    expect(ports.store.audit).toEqual([]);
  });

  it('a throttled email and a retried escalation still reach the prescriber exactly once', async () => {
    await seed({ status: 'matching', wave: 2 }, []);
    const state: WorkflowState = { requestId: REQUEST_ID, wave: 2, escalationReason: 'no-acceptance' };
    ports.mailer.failNext(1);
    await escalateRequest(state, settings, ports);
    expect((await deliverPending(ports)).errors).toHaveLength(1);
    expect(ports.store.requests.get(REQUEST_ID)?.status).toBe('escalated');

    const retried = await escalateRequest(state, settings, ports);
    await deliverPending(ports);

    expect(retried.outcome).toBe('escalated');
    expect(ports.store.messages.size).toBe(1);
    expect(ports.mailer.to('prescriber@example.org')).toHaveLength(1);
    expect(ports.store.audit.filter((a) => a.type === 'escalated')).toHaveLength(1);
  });

  it('tells the prescriber how many volunteers were asked over how many rounds', async () => {
    await seed({}, threeShoppers());
    let state: WorkflowState = { requestId: REQUEST_ID, wave: 0 };
    // The workflow: two waves of invites, nobody answers, then escalation.
    for (;;) {
      state = await findCandidates(state, settings, ports);
      await deliverPending(ports);
      if (state.next === 'escalate') break;
      state = await sendInvites(state, settings, ports);
      await deliverPending(ports);
      state = await checkOutcome(state, settings, ports);
      if (state.next !== 'next-wave') break;
    }
    expect(state).toMatchObject({ wave: 2, next: 'escalate', escalationReason: 'no-acceptance' });

    await escalateRequest(state, settings, ports);
    await deliverPending(ports);

    expect(ports.mailer.to('prescriber@example.org')[0]?.text).toContain(
      '3 volunteers were asked over 2 rounds and nobody said yes.',
    );
  });
});

describe("the requester's confirmation", () => {
  it('emails the requester their reference: the confirmation is written with the request', async () => {
    const created = await submitHelpRequest(aValidPayload(), { enteredBy: 'public-form' }, settings, ports);
    if (created.kind !== 'created') throw new Error('not created');
    await deliverPending(ports);
    expect(ports.mailer.to('mary@example.com')).toHaveLength(1);
    expect(ports.mailer.to('mary@example.com')[0]?.subject).toContain(created.reference);
  });

  it('is not written again by a later run of matching (a rerun, a release)', async () => {
    await seed({}, []);
    await runWave(
      {
        state: { requestId: REQUEST_ID, wave: 0 },
        run: { name: `${REQUEST_ID}-r2`, startedAt: DEFAULT_NOW },
      },
      settings,
      ports,
    );
    await deliverPending(ports);
    const kinds = [...ports.store.messages.values()].map((m) => m.kind);
    expect(kinds).not.toContain('requester-confirmation');
    expect(ports.mailer.to('mary@example.com')).toEqual([]);
  });

  it('sends nothing to a requester who gave only a phone number (until texts are set up)', async () => {
    const created = await submitHelpRequest(
      aValidPayload({ email: undefined }),
      { enteredBy: 'public-form' },
      settings,
      ports,
    );
    await deliverPending(ports);
    expect(created.kind).toBe('created');
    await deliverPending(ports);
    expect([...ports.store.messages.values()].map((m) => m.skippedReason)).toEqual(['no-channel']);
    expect(ports.mailer.attempts).toEqual([]);
  });
});
