import { describe, expect, it } from 'vitest';
import { STATE } from '../../infra/constructs/workflow.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import {
  clearOutbox,
  inviteLinks,
  type OutboxEmail,
  postJson,
  readOutbox,
  respond,
  useSandbox,
  validRequest,
  waitFor,
} from '../support/sandbox.js';

/**
 * Welfare concerns and possible duplicates in the whole sandbox: a possible duplicate invites nobody until the prescriber decides, and a
 * volunteer's concern reaches the outbox addressed to the prescriber only.
 */
let sandbox: Sandbox;
let token: string;

// Windows of 3 s at this time scale: an invite now reaches the outbox a moment after its wave starts,
// and the volunteer here must still find the request open when they say yes.
useSandbox(
  { settings: { responseWindowSeconds: 600, urgentResponseWindowSeconds: 600 } },
  async (started) => {
    sandbox = started;
    token = await sandbox.auth.issueAccessToken({
      sub: sandbox.auth.prescriber.sub,
      groups: ['prescribers'],
    });
  },
  300_000,
);

async function submit(body: Record<string, string>): Promise<{ reference: string; requestId: string }> {
  const { status, json } = await postJson(`${sandbox.url}/requests`, body);
  expect(status).toBe(201);
  const reference = String(json.reference);
  const requestId = await sandbox.store.findRequestIdByReference(reference);
  if (!requestId) throw new Error(`no request for ${reference}`);
  return { reference, requestId };
}

/** Waits until the named execution has finished or has entered `state`; returns the states it entered. */
async function executionStates(name: string, state?: string): Promise<string[]> {
  return waitFor(
    async () => {
      const record = sandbox.workflow.executions.get(name);
      if (!record) return undefined;
      if (state ? record.states.includes(state) : record.status !== 'RUNNING') return record.states;
      return undefined;
    },
    `execution ${name}${state ? ` to reach ${state}` : ' to finish'}`,
  );
}

function mentioning(emails: OutboxEmail[], reference: string): OutboxEmail[] {
  return emails.filter((e) => (e.body.text ?? '').includes(reference) || e.subject.includes(reference));
}

async function prescriberPost(path: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

async function dashboardHome(): Promise<string> {
  const response = await fetch(`${sandbox.url}/admin`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('a possible duplicate', () => {
  it('invites nobody until the prescriber decides; "treat as new" then invites volunteers', async () => {
    const person = {
      name: 'Perpetua Quillfeather',
      phone: '07700900321',
      email: 'perpetua.q@example.net',
      postcode: 'SP8 4XY',
    };
    const first = await submit(validRequest(person));
    await executionStates(first.requestId, STATE.wait);

    // The same person and help again, written a little differently.
    const second = await submit(
      validRequest({ ...person, name: 'perpetua  QUILLFEATHER', postcode: 'sp84xy' }),
    );
    expect(await sandbox.store.getRequest(second.requestId)).toMatchObject({
      status: 'on-hold',
      possibleDuplicateOf: first.requestId,
    });
    const states = await executionStates(second.requestId);
    // Nobody invited, so the run never waits for replies.
    expect(states).not.toContain(STATE.wait);
    expect(await sandbox.store.listInvites(second.requestId)).toEqual([]);

    // Both are written with the held request; the sender delivers them as the stream hands them on.
    const emails = await waitFor(async () => {
      const found = mentioning(await readOutbox(sandbox.outboxUrl), second.reference);
      return found.length >= 2 ? found : undefined;
    }, 'the confirmation and the prescriber’s notice');
    // The requester still gets the normal confirmation; the prescriber is told; nobody else hears of it.
    expect(emails.map((e) => e.destination.to).sort()).toEqual(
      [[person.email], [sandbox.settings.prescriberEmail]].sort(),
    );
    expect(emails.find((e) => e.destination.to[0] === sandbox.settings.prescriberEmail)?.subject).toContain(
      'Possible duplicate',
    );
    expect(await dashboardHome()).toContain('Possible duplicates');

    const decided = await prescriberPost(`/admin/requests/${second.requestId}/duplicate`, {
      decision: 'new',
    });
    expect(decided.status).toBe(303);
    await executionStates(`${second.requestId}-r2`, STATE.wait);
    // The state is entered before its task has stored anything: wait for the invites themselves.
    const invites = await waitFor(async () => {
      const stored = await sandbox.store.listInvites(second.requestId);
      return stored.length > 0 ? stored : undefined;
    }, 'invites for the request treated as new');
    expect(invites.every((i) => i.wave === 1)).toBe(true);
    const audit = await sandbox.store.listAudit(second.requestId);
    expect(audit.find((e) => e.type === 'duplicate-treated-as-new')?.actor).toBe(sandbox.auth.prescriber.sub);
  }, 120_000);
});

describe('a welfare concern', () => {
  it('reaches the outbox addressed to the prescriber only, and heads the dashboard until acknowledged', async () => {
    const volunteerEmails = new Set<string>();
    const { reference, requestId } = await submit(
      validRequest({ name: 'Ottoline Brackenbury', phone: '07700900777', email: 'ottoline.b@example.net' }),
    );
    const invites = await waitFor(async () => {
      const found = mentioning(await readOutbox(sandbox.outboxUrl), reference).filter(
        (e) => inviteLinks([e]).length > 0,
      );
      return found.length > 0 ? found : undefined;
    }, 'an invite');
    for (const invite of invites) for (const to of invite.destination.to) volunteerEmails.add(to);
    const [link] = inviteLinks(invites);
    expect((await respond(String(link), 'accept')).status).toBe(200);

    const concernLink = await waitFor(async () => {
      const details = mentioning(await readOutbox(sandbox.outboxUrl), reference).find((e) =>
        e.subject.startsWith('Thank you for saying yes'),
      );
      return /https?:\/\/[^\s"<]+\/concern\/[A-Za-z0-9_-]{43}/.exec(details?.body.text ?? '')?.[0];
    }, 'the details email with a concern link');
    await clearOutbox(sandbox.outboxUrl);

    const form = await fetch(concernLink);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('If someone is in immediate danger, call 999');
    const posted = await fetch(concernLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'kinds=no-food&kinds=seemed-unwell&note=Nothing+in+the+fridge',
    });
    expect(posted.status).toBe(200);

    // Emails of the accept itself ("good news", "someone else said yes") may still land after the clear,
    // so look for every email about the concern (by its subject): exactly one, to the prescriber alone.
    // It comes through the outbox: wait for it, then a moment more so a second copy would show.
    const concernEmails = async () =>
      (await readOutbox(sandbox.outboxUrl)).filter((e) => /concern|worried/i.test(e.subject));
    await waitFor(async () => ((await concernEmails()).length > 0 ? true : undefined), 'the concern email');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const aboutConcern = await concernEmails();
    expect(aboutConcern).toHaveLength(1);
    const [urgent] = aboutConcern;
    expect(urgent?.subject).toMatch(/^URGENT/);
    expect(urgent?.destination).toEqual({ to: [sandbox.settings.prescriberEmail], cc: [], bcc: [] });
    for (const address of volunteerEmails) expect(JSON.stringify(urgent?.destination)).not.toContain(address);
    expect(JSON.stringify(urgent)).not.toContain('Nothing in the fridge');

    const home = await dashboardHome();
    expect(home.indexOf('Concerns raised by volunteers')).toBeGreaterThan(-1);
    expect(home.indexOf('Concerns raised by volunteers')).toBeLessThan(home.indexOf('id="escalated"'));
    expect(home).toContain('Nothing in the fridge');

    const [open] = await sandbox.store.listOpenConcerns();
    expect(open?.requestId).toBe(requestId);
    const acknowledged = await prescriberPost(`/admin/concerns/${requestId}/${open?.id}/acknowledge`, {});
    expect(acknowledged.status).toBe(303);
    expect(await dashboardHome()).not.toContain('Concerns raised by volunteers');
    const audit = await sandbox.store.listAudit(requestId);
    expect(audit.filter((e) => e.type.startsWith('concern-')).map((e) => [e.type, e.actor])).toEqual([
      ['concern-raised', expect.any(String)],
      ['concern-acknowledged', sandbox.auth.prescriber.sub],
    ]);
  }, 120_000);
});
