import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import type { Sandbox } from '../../sandbox/sandbox.js';
import { PAUSED_UNTIL_FIXED } from '../../shared/domain/email-events.js';
import { postJson, readOutbox, testSandbox, validRequest, waitFor } from '../support/sandbox.js';

/**
 * SES's mailbox-simulator addresses through the whole sandbox: the invite is accepted by the outbox,
 * the bounce or complaint arrives afterwards through the email-events handler, the volunteer is paused
 * and the prescriber emailed, as in AWS.
 */

const BOUNCING = 'bounce+bea@simulator.amazonses.com';
const COMPLAINING = 'complaint@simulator.amazonses.com';

let sandbox: Sandbox;
let rosterDir: string;

beforeAll(async () => {
  rosterDir = mkdtempSync(join(tmpdir(), 'simulator-roster-'));
  const csv = join(rosterDir, 'volunteers.csv');
  // One sector each, so each request invites exactly one of them.
  writeFileSync(
    csv,
    [
      'name,email,phone,areas,help_types,dbs_checked,contact_by',
      `Bea Bounce,${BOUNCING},07700 900401,SP8 4,shopping,yes,email`,
      `Cal Complaint,${COMPLAINING},07700 900402,SP8 5,shopping,yes,email`,
    ].join('\n'),
  );
  sandbox = await testSandbox({
    volunteersCsv: csv,
    mailboxSimulatorDelayMs: 50,
    settings: { maxWaves: 1, responseWindowSeconds: 4000, urgentResponseWindowSeconds: 4000 },
  });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  rmSync(rosterDir, { recursive: true, force: true });
});

async function volunteerByEmail(address: string) {
  const volunteer = (await sandbox.store.listVolunteers()).find((v) => v.email === address);
  if (!volunteer) throw new Error(`no volunteer ${address}`);
  return volunteer;
}

async function inviteAndWaitForPause(postcode: string, address: string, subject: string) {
  const before = await volunteerByEmail(address);
  expect(before.pausedUntil).toBeUndefined();

  const submitted = await postJson(`${sandbox.url}/requests`, validRequest({ postcode }));
  expect(submitted.status).toBe(201);

  // The send itself succeeds, as with SES: the invite is in the outbox.
  await waitFor(
    async () =>
      (await readOutbox(sandbox.outboxUrl)).find((e) => e.destination.to.includes(address)) ?? undefined,
    `the invite to ${address}`,
  );
  const paused = await waitFor(async () => {
    const volunteer = await volunteerByEmail(address);
    return volunteer.pausedUntil === PAUSED_UNTIL_FIXED ? volunteer : undefined;
  }, `${address} paused`);
  const told = await waitFor(
    async () =>
      (await readOutbox(sandbox.outboxUrl)).find(
        (e) => e.destination.to.includes(sandbox.settings.prescriberEmail) && e.subject === subject,
      ),
    'the prescriber told',
  );
  return { paused, told };
}

describe('the mailbox simulator in the sandbox', () => {
  it('pauses a volunteer whose invite bounces and emails the prescriber', async () => {
    const { paused, told } = await inviteAndWaitForPause(
      'SP8 4QA',
      BOUNCING,
      'Volunteer paused: emails to Bea Bounce bounce',
    );

    expect(paused.name).toBe('Bea Bounce');
    expect(told.body.text).toContain(`Email to Bea Bounce (${BOUNCING}) cannot be delivered (it bounced)`);
  });

  it('pauses a volunteer who marks an invite as spam and emails the prescriber', async () => {
    const { told } = await inviteAndWaitForPause(
      'SP8 5QB',
      COMPLAINING,
      'Volunteer paused: emails to Cal Complaint were reported as spam',
    );

    expect(told.body.text).toContain('was reported as spam by its owner');
  });
});
