import { beforeEach, describe, expect, it } from 'vitest';
import { loadHome, loadRequest } from '../../../shared/domain/admin/requests.js';
import {
  addPrescriber,
  claimFilterOf,
  claimRequest,
  giveBack,
  setPrescriberEnabled,
  standingOf,
  type PrescriberAccounts,
} from '../../../shared/domain/team.js';
import type { TeamMember } from '../../../shared/domain/model.js';
import { renderHome, renderRequestPage } from '../../../shared/web/admin/pages.js';
import { aRequest, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const contact = { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
const ALEX = { id: '11111111-alex-sub', admin: true };
const SAM = { id: '22222222-sam-sub' };

let ports: TestPorts;

function member(id: string, name: string, admin = false): TeamMember {
  return {
    id,
    name,
    email: `${name.split(' ')[0]?.toLowerCase()}@practice.example.org`,
    admin,
    enabled: true,
    addedAt: '2026-01-01T00:00:00.000Z',
  };
}

let made = 0;

async function stored(overrides: Parameters<typeof aRequest>[0] = {}) {
  made += 1;
  const request = aRequest({ id: `req-team-${made}`, reference: `GCK-TEAM${made}`, ...overrides });
  await ports.store.createRequest(request, {
    requestId: request.id,
    at: request.createdAt,
    type: 'received',
    actor: 'public-form',
  });
  return request;
}

beforeEach(async () => {
  ports = testPorts();
  await ports.store.putTeamMember(member(ALEX.id, 'Alex Morgan', true));
  await ports.store.putTeamMember(member(SAM.id, 'Sam Taylor'));
});

describe("I'll handle this", () => {
  it('gives a request to exactly one of two prescribers pressing at once, and tells the other who has it', async () => {
    const request = await stored({ status: 'escalated' });
    const [a, b] = await Promise.all([
      claimRequest(request.id, ALEX, ports),
      claimRequest(request.id, SAM, ports),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['claimed', 'held']);
    const loser = a.kind === 'held' ? a : b;
    const winner = a.kind === 'claimed' ? ALEX : SAM;
    expect(loser).toEqual({ kind: 'held', by: winner.id });
    expect(ports.store.requests.get(request.id)?.claimedBy).toBe(winner.id);
    const claims = ports.store.audit.filter((e) => e.type === 'claimed');
    expect(claims.map((e) => [e.requestId, e.actor])).toEqual([[request.id, winner.id]]);
  });

  it('audits a claim once, however often its holder presses', async () => {
    const request = await stored({ status: 'matching' });
    ports.clock.set(new Date('2026-03-01T09:00:00.000Z'));
    expect((await claimRequest(request.id, SAM, ports)).kind).toBe('claimed');
    ports.clock.set(new Date('2026-03-01T09:05:00.000Z'));
    expect((await claimRequest(request.id, SAM, ports)).kind).toBe('claimed');
    expect(ports.store.requests.get(request.id)?.claimedAt).toBe('2026-03-01T09:00:00.000Z');
    expect(ports.store.audit.filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('does not claim a request that has ended, or one that does not exist', async () => {
    const closed = await stored({ status: 'closed' });
    expect(await claimRequest(closed.id, SAM, ports)).toEqual({ kind: 'not-claimable' });
    expect(await claimRequest('no-such-request', SAM, ports)).toEqual({ kind: 'not-found' });
    expect(ports.store.audit.filter((e) => e.type === 'claimed')).toEqual([]);
  });

  it('lets only the prescriber who has it give it back, and then anyone may claim it', async () => {
    const request = await stored({ status: 'escalated' });
    await claimRequest(request.id, ALEX, ports);
    expect(await giveBack(request.id, SAM, ports)).toBe('not-yours');
    expect(ports.store.requests.get(request.id)?.claimedBy).toBe(ALEX.id);
    expect(await giveBack(request.id, ALEX, ports)).toBe('released');
    expect(ports.store.requests.get(request.id)?.claimedBy).toBeUndefined();
    expect((await claimRequest(request.id, SAM, ports)).kind).toBe('claimed');
    expect(ports.store.audit.filter((e) => e.requestId === request.id).map((e) => [e.type, e.actor])).toEqual(
      [
        ['received', 'public-form'],
        ['claimed', ALEX.id],
        ['claim-released', ALEX.id],
        ['claimed', SAM.id],
      ],
    );
  });
});

describe('the dashboard filter: mine, nobody’s, everyone’s', () => {
  it('lists only the chosen requests, from the same status lists', async () => {
    const alexs = await stored({ status: 'escalated', createdAt: '2026-02-01T10:00:00.000Z' });
    const sams = await stored({ status: 'escalated', createdAt: '2026-02-02T10:00:00.000Z' });
    const nobodys = await stored({ status: 'matching', createdAt: '2026-02-03T10:00:00.000Z' });
    await claimRequest(alexs.id, ALEX, ports);
    await claimRequest(sams.id, SAM, ports);
    const idsFor = async (show: string | undefined) => {
      const { filter } = claimFilterOf(show, SAM);
      const home = await loadHome(settings, ports, filter ? { claim: filter } : {});
      return [...home.escalated, ...home.waiting.map((w) => w.request)].map((r) => r.id).sort();
    };
    expect(await idsFor('mine')).toEqual([sams.id]);
    expect(await idsFor('unclaimed')).toEqual([nobodys.id]);
    expect(await idsFor(undefined)).toEqual([alexs.id, sams.id, nobodys.id].sort());
    expect(await idsFor('something-else')).toEqual([alexs.id, sams.id, nobodys.id].sort());
    expect(ports.store.calls).not.toContain('listVolunteers');
  });

  it('shows who handles each card, by name, and marks the current filter', async () => {
    const request = await stored({ status: 'escalated' });
    await claimRequest(request.id, ALEX, ports);
    const home = await loadHome(settings, ports);
    const page = renderHome(home, { contact, now: ports.clock.now(), prescriber: SAM, show: 'everyone' });
    expect(page).toContain('Handled by Alex Morgan');
    expect(page).toMatch(/href="\/admin\?show=everyone" aria-current="page"/);
    expect(page).toContain('href="/admin?show=mine"');
    // The team link is for admins only.
    expect(page).not.toContain('href="/admin/team"');
    const asAlex = renderHome(home, { contact, now: ports.clock.now(), prescriber: ALEX });
    expect(asAlex).toContain('Handled by you');
    expect(asAlex).toContain('href="/admin/team"');
  });
});

describe('the audit names who did what', () => {
  it('records ids and shows the team’s names, the reader’s own entries marked', async () => {
    const request = await stored({ status: 'escalated' });
    await claimRequest(request.id, ALEX, ports);
    await giveBack(request.id, ALEX, ports);
    await claimRequest(request.id, SAM, ports);
    expect(JSON.stringify(ports.store.audit)).not.toContain('Alex Morgan');
    const detail = await loadRequest(request.id, settings, ports);
    if (!detail) throw new Error('no detail');
    const page = renderRequestPage(detail, { contact, prescriberId: SAM.id });
    expect(page).toMatch(/Alex Morgan\s*<\/p>\s*<p[^>]*>Said they will handle this/);
    expect(page).toMatch(/Alex Morgan\s*<\/p>\s*<p[^>]*>Gave it back to the team/);
    expect(page).toMatch(/You \(Sam Taylor\)\s*<\/p>\s*<p[^>]*>Said they will handle this/);
    expect(page).toContain('Give back');
    const asAlex = renderRequestPage(detail, { contact, prescriberId: ALEX.id });
    expect(asAlex).toContain('Sam Taylor is handling this');
    expect(asAlex).not.toContain('Give back');
    expect(asAlex).not.toContain('I’ll handle this');
  });
});

describe('managing the team', () => {
  function fakeAccounts(): PrescriberAccounts & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      async create({ email, admin }) {
        calls.push(`create ${email} ${admin}`);
        return email.startsWith('taken') ? { kind: 'exists' } : { kind: 'created', id: 'new-sub-0001' };
      },
      async disable(id) {
        calls.push(`disable ${id}`);
      },
      async enable(id) {
        calls.push(`enable ${id}`);
      },
    };
  }

  it('adds a prescriber to the pool and the team list', async () => {
    const accounts = fakeAccounts();
    const result = await addPrescriber(
      { name: '  Jo   Bloggs ', email: ' Jo@Practice.Example.org ', admin: false },
      { ...ports, accounts },
    );
    expect(result.kind).toBe('added');
    expect(accounts.calls).toEqual(['create jo@practice.example.org false']);
    expect(ports.store.team.get('new-sub-0001')).toMatchObject({
      name: 'Jo Bloggs',
      email: 'jo@practice.example.org',
      enabled: true,
    });
    expect(JSON.stringify(ports.log.entries)).not.toMatch(/Jo Bloggs|jo@practice/i);
  });

  it('refuses a bad name or email, and an email that has an account, changing nothing', async () => {
    const accounts = fakeAccounts();
    const bad = await addPrescriber(
      { name: '', email: 'not-an-email', admin: false },
      { ...ports, accounts },
    );
    expect(bad).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'name', message: 'Enter their name' },
        { field: 'email', message: 'Enter an email address in the correct format, like name@example.org' },
      ],
    });
    expect(
      await addPrescriber(
        { name: 'Al', email: 'taken@practice.example.org', admin: true },
        { ...ports, accounts },
      ),
    ).toEqual({ kind: 'exists' });
    expect(ports.store.team.size).toBe(2);
  });

  it('disables and enables in the pool and on the list, but never the admin’s own account', async () => {
    const accounts = fakeAccounts();
    expect(await setPrescriberEnabled(SAM.id, false, ALEX, { ...ports, accounts })).toBe('done');
    expect(ports.store.team.get(SAM.id)?.enabled).toBe(false);
    expect(await setPrescriberEnabled(SAM.id, true, ALEX, { ...ports, accounts })).toBe('done');
    expect(ports.store.team.get(SAM.id)?.enabled).toBe(true);
    expect(await setPrescriberEnabled(ALEX.id, false, ALEX, { ...ports, accounts })).toBe('self');
    expect(await setPrescriberEnabled('stranger', false, ALEX, { ...ports, accounts })).toBe('not-found');
    expect(accounts.calls).toEqual([`disable ${SAM.id}`, `enable ${SAM.id}`]);
  });
});

describe('whether a prescriber may act now', () => {
  it('lets an enabled prescriber act, with one read of their own entry', async () => {
    ports.store.calls.length = 0;
    expect(await standingOf(SAM, ports.store)).toBe('active');
    expect(ports.store.calls).toEqual(['getTeamMember']);
  });

  it('refuses a prescriber from the moment their entry says disabled, and lets them back when enabled', async () => {
    await ports.store.setTeamMemberEnabled(SAM.id, false);
    expect(await standingOf(SAM, ports.store)).toBe('disabled');
    // Only their own entry counts: the admin who disabled them is still active.
    expect(await standingOf(ALEX, ports.store)).toBe('active');
    await ports.store.setTeamMemberEnabled(SAM.id, true);
    expect(await standingOf(SAM, ports.store)).toBe('active');
  });

  it('lets in a prescriber with no team entry (an account older than the team list)', async () => {
    expect(await standingOf({ id: '33333333-no-entry' }, ports.store)).toBe('active');
  });
});
