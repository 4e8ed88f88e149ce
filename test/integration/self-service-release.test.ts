import { describe, expect, it } from 'vitest';
import { STATE } from '../../infra/constructs/workflow.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import {
  inviteLinks,
  type OutboxEmail,
  postJson,
  readOutbox,
  respond,
  useSandbox,
  validRequest,
  waitFor,
} from '../support/sandbox.js';

let sandbox: Sandbox;

// One volunteer a wave, so the run after a release has someone new to ask (SP8 4 shopping has three),
// and a window long enough (10 s at the test time scale) that the first run is still waiting when
// the volunteer gives the task back.
useSandbox(
  {
    settings: { waveSize: 1, maxWaves: 2, responseWindowSeconds: 2000, urgentResponseWindowSeconds: 2000 },
  },
  (started) => (sandbox = started),
  120_000,
);

function linkIn(email: OutboxEmail | undefined, kind: string): string {
  const link = new RegExp(`https?://[^\\s"<]+/${kind}/[A-Za-z0-9_-]{43}`).exec(email?.body.text ?? '')?.[0];
  if (!link) throw new Error(`no ${kind} link`);
  return link;
}

const sameOriginPost = (link: string, body = '') =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body,
  });

describe('a volunteer releases a task they accepted', () => {
  it('matching starts again as a new execution, and the next wave asks someone else', async () => {
    const form = validRequest();
    const { json } = await postJson(`${sandbox.url}/requests`, form);
    const reference = String(json.reference);
    const requestId = await waitFor(
      () => sandbox.store.findRequestIdByReference(reference),
      'the stored request',
    );
    const invite = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find((e) => inviteLinks([e]).length > 0);
    }, 'the first invite');
    const [inviteLink] = inviteLinks([invite]);
    expect((await respond(inviteLink ?? '', 'accept')).status).toBe(200);
    const accepted = await sandbox.store.getRequest(requestId);
    const releasing = accepted?.assignedVolunteerId;
    expect(accepted?.status).toBe('assigned');

    const details = await waitFor(async () => {
      const emails = await readOutbox(sandbox.outboxUrl);
      return emails.find(
        (e) => e.subject.startsWith('Thank you for saying yes') && e.subject.includes(reference),
      );
    }, 'the details email');
    const releaseLink = linkIn(details, 'release');

    // GET only shows; the POST from our own page acts.
    expect((await fetch(releaseLink)).status).toBe(200);
    expect((await sandbox.store.getRequest(requestId))?.status).toBe('assigned');
    const released = await sameOriginPost(releaseLink);
    expect(released.status).toBe(200);
    expect(await released.text()).toContain('Thank you for telling us');

    // A new execution, named by the dashboard's scheme, runs wave 2 with somebody else.
    const secondWave = await waitFor(async () => {
      const audit = await sandbox.store.listAudit(requestId);
      return audit.find((e) => e.type === 'invited' && e.data?.wave === 2);
    }, 'an invite in the second wave');
    expect(secondWave.data?.volunteerId).not.toBe(releasing);
    expect(sandbox.workflow.executions.get(`${requestId}-r2`)).toBeDefined();
    const audit = await sandbox.store.listAudit(requestId);
    expect(audit.find((e) => e.type === 'released')).toMatchObject({ actor: releasing, data: { run: 2 } });
    expect(audit.filter((e) => e.type === 'invited').map((e) => e.data?.volunteerId)).toEqual([
      releasing,
      secondWave.data?.volunteerId,
    ]);

    // The requester hears that we are finding someone else, once.
    const emails = await readOutbox(sandbox.outboxUrl);
    const toRequester = emails.filter((e) => e.destination.to.includes(form.email ?? ''));
    expect(toRequester.filter((e) => e.subject.startsWith('We are finding another volunteer'))).toHaveLength(
      1,
    );
    // The second run does not confirm the request to them again.
    expect(toRequester.filter((e) => e.subject.startsWith('We have received'))).toHaveLength(1);

    // The first run wakes while the second owns the request, and stops instead of asking a third time.
    await sandbox.idle();
    const first = sandbox.workflow.executions.get(requestId);
    expect(first?.status).toBe('SUCCEEDED');
    // One wave of invites; the step after its wait stands down (no second wave-started from this run).
    expect(first?.states).toEqual([
      STATE.wave,
      STATE.afterWave,
      STATE.wait,
      STATE.wave,
      STATE.afterWave,
      STATE.done,
    ]);
    const finalAudit = await sandbox.store.listAudit(requestId);
    expect(finalAudit.filter((e) => e.type === 'wave-started')).toHaveLength(2);
    expect(finalAudit.filter((e) => e.type === 'escalated')).toHaveLength(1);
  }, 120_000);
});
