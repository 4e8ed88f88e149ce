import { describe, expect, it } from 'vitest';
import { STATE } from '../../infra/constructs/workflow.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { HelpRequest } from '../../shared/domain/model.js';
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

/**
 * Recurring help, end to end: the synthesized state machine in the local interpreter runs each
 * occurrence of a weekly request as its own execution, against DynamoDB Local and the SES outbox.
 */
let sandbox: Sandbox;

// Windows of 4 s at the test time scale: long enough to answer an invite on a loaded machine (the
// default 0.3 s could end a wave before the test said yes), short enough that each run ends soon after.
useSandbox(
  {
    settings: { waveSize: 2, maxWaves: 2, responseWindowSeconds: 800, urgentResponseWindowSeconds: 800 },
  },
  (started) => (sandbox = started),
  120_000,
);

function linkIn(email: OutboxEmail | undefined, kind: string): string {
  const link = new RegExp(`https?://[^\\s"<]+/${kind}/[A-Za-z0-9_-]{43}`).exec(email?.body.text ?? '')?.[0];
  if (!link) throw new Error(`no ${kind} link in "${email?.subject ?? 'no email'}"`);
  return link;
}

const sameOriginPost = async (link: string, fields: Record<string, string> = {}) => {
  const response = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams(fields).toString(),
  });
  // Pages wrap their lines; read them as a person would, with the spaces folded.
  return { status: response.status, html: (await response.text()).replace(/\s+/g, ' ') };
};

const emailsAbout = async (reference: string) =>
  (await readOutbox(sandbox.outboxUrl)).filter(
    (e) => e.subject.includes(reference) || e.body.text?.includes(reference),
  );

async function occurrence(seriesId: string, index: number): Promise<HelpRequest> {
  const id = await waitFor(
    async () => (await sandbox.store.getSeries(seriesId))?.requestIds[index],
    `visit ${index + 1}`,
  );
  return waitFor(() => sandbox.store.getRequest(id), `visit ${index + 1}'s request`);
}

async function finishedExecution(requestId: string) {
  const execution = await waitFor(
    async () => sandbox.workflow.executions.get(requestId),
    `the run for ${requestId}`,
  );
  await execution.done;
  return execution;
}

const auditTypes = async (requestId: string) => (await sandbox.store.listAudit(requestId)).map((e) => e.type);

describe('a weekly request across occurrences in the local interpreter', () => {
  it('matches visit 1, gives visit 3 straight to the volunteer who took every visit, and matches again after they stop', async () => {
    const payload = validRequest({ frequency: 'weekly' });
    const { status, json } = await postJson(`${sandbox.url}/requests`, payload);
    expect(status).toBe(201);
    const firstReference = String(json.reference);
    const seriesId = await waitFor(
      () => sandbox.store.findRequestIdByReference(firstReference),
      'the request',
    );

    // Visit 1: invited in its own execution; a volunteer says "just this once".
    const invites1 = await waitFor(async () => {
      const links = inviteLinks(await emailsAbout(firstReference));
      return links.length === 2 ? links : undefined;
    }, 'two invites for visit 1');
    expect((await respond(invites1[0] ?? '', 'accept')).status).toBe(200);
    const run1 = await finishedExecution(seriesId);
    expect(run1.status).toBe('SUCCEEDED');
    // A wave that invited is followed by the wait for replies.
    expect(run1.states).toContain(STATE.wait);
    const first = await occurrence(seriesId, 0);
    const confirmation = (await emailsAbout(firstReference)).find((e) => e.body.text?.includes('/cancel/'));
    const cancelLink = linkIn(confirmation, 'cancel');
    // The details go through the outbox: they arrive shortly after the accept.
    const details1 = await waitFor(
      async () =>
        (await emailsAbout(firstReference)).find((e) => e.subject.startsWith('Thank you for saying yes')),
      'the details of visit 1',
    );
    expect(details1?.body.text).toContain('You said yes to this visit only');

    const done1 = await sameOriginPost(linkIn(details1, 'done'));
    expect(done1.html).toContain('We will ask volunteers for the next visit');

    // Visit 2: a new request and a new execution, which invites volunteers again.
    const second = await occurrence(seriesId, 1);
    expect(second).toMatchObject({
      occurrence: 2,
      seriesId,
      status: expect.stringMatching(/received|matching/),
    });
    expect(second.reference).not.toBe(firstReference);
    const invites2 = await waitFor(async () => {
      const links = inviteLinks(await emailsAbout(second.reference));
      return links.length === 2 ? links : undefined;
    }, 'two invites for visit 2');
    const yes = await respond(invites2[1] ?? '', 'accept-series');
    expect(yes.status).toBe(200);
    const run2 = await finishedExecution(second.id);
    expect(run2.status).toBe('SUCCEEDED');
    const committed = (await sandbox.store.getSeries(seriesId))?.committedVolunteerId;
    expect(committed).toBeDefined();
    const details2 = await waitFor(
      async () =>
        (await emailsAbout(second.reference)).find((e) => e.subject.startsWith('Thank you for saying yes')),
      'the details of visit 2',
    );
    expect(details2.body.text).toContain('you have said you will help each time');

    // Visit 3: arranged with the committed volunteer; its execution ends without inviting anyone.
    const done2 = await sameOriginPost(linkIn(details2, 'done'));
    expect(done2.html).toContain('We have emailed you its details');
    const third = await occurrence(seriesId, 2);
    expect(third).toMatchObject({ occurrence: 3, status: 'assigned', assignedVolunteerId: committed });
    const run3 = await finishedExecution(third.id);
    expect(run3.status).toBe('SUCCEEDED');
    expect(run3.states).not.toContain(STATE.wait);
    expect(run3.states).not.toContain(STATE.escalate);
    const about3 = await waitFor(async () => {
      const emails = await emailsAbout(third.reference);
      return emails.length >= 2 ? emails : undefined;
    }, 'the emails for visit 3');
    expect(inviteLinks(about3)).toEqual([]);
    const next3 = about3.find((e) => e.subject.startsWith('Your next visit'));
    expect(next3?.destination.to).toEqual([details2.destination.to[0]]);
    // The requester hears who is coming, and gets no second "we have your request".
    expect(about3.filter((e) => e.destination.to[0] === payload.email).map((e) => e.subject)).toHaveLength(1);

    // Each visit is its own case in the audit.
    expect(await auditTypes(first.id)).toEqual(
      expect.arrayContaining(['received', 'accepted', 'closed', 'series-continued']),
    );
    expect(await auditTypes(second.id)).toEqual(
      expect.arrayContaining([
        'received',
        'invited',
        'accepted',
        'series-committed',
        'closed',
        'series-continued',
      ]),
    );
    expect(await auditTypes(third.id)).toEqual(expect.arrayContaining(['received', 'assigned-by-series']));
    expect(await auditTypes(third.id)).not.toContain('invited');

    // The volunteer stops taking every visit; visit 4 is matched again.
    const stopLink = linkIn(next3, 'stop');
    expect((await fetch(stopLink)).status).toBe(200);
    expect((await sandbox.store.getSeries(seriesId))?.committedVolunteerId).toBe(committed);
    expect((await sameOriginPost(stopLink)).html).toContain('You will not be asked every time');
    await sameOriginPost(linkIn(next3, 'done'));
    const fourth = await occurrence(seriesId, 3);
    expect(fourth.assignedVolunteerId).toBeUndefined();
    await waitFor(async () => {
      const links = inviteLinks(await emailsAbout(fourth.reference));
      return links.length > 0 ? links : undefined;
    }, 'invites for visit 4');

    // The requester stops it all with the link from their very first confirmation.
    const cancelled = await sameOriginPost(cancelLink, { scope: 'all' });
    expect(cancelled.html).toContain('Your regular help has stopped');
    expect((await sandbox.store.getRequest(fourth.id))?.status).toBe('cancelled');
    expect(await sandbox.store.getSeries(seriesId)).toMatchObject({
      status: 'ended',
      endReason: 'requester',
    });
    const run4 = await finishedExecution(fourth.id);
    expect(run4.status).toBe('SUCCEEDED');
    expect((await sandbox.store.getSeries(seriesId))?.requestIds).toHaveLength(4);
  });
});
