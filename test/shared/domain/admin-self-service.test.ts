import { beforeEach, describe, expect, it } from 'vitest';
import { performAction, viewAction } from '../../../shared/domain/admin/self-service.js';
import { acknowledgeRequest } from '../../../shared/domain/matching.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import { hashToken } from '../../../shared/util/ids.js';
import { renderSelfService } from '../../../shared/web/admin/self-service.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';

const settings = testSettings();
const contact = { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
let ports: TestPorts;

function linkIn(text: string | undefined, kind: 'cancel' | 'done'): string {
  const match = new RegExp(`https://help\\.example\\.org/${kind}/([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${kind} link`);
  return match[1];
}

beforeEach(() => {
  ports = testPorts();
});

describe("the requester's cancel link", () => {
  beforeEach(async () => {
    ports.store.seedRequest(aRequest({ id: 'req-1', status: 'matching', wave: 1, expiresAt: 1_900_000_000 }));
    await acknowledgeRequest({ requestId: 'req-1', wave: 0 }, settings, ports);
  });

  it('comes in the confirmation email, stored only as a hash, and GET changes nothing', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(ports.store.dump()).not.toContain(token);
    expect(ports.store.actionTokens.get(hashToken(token))).toMatchObject({
      kind: 'cancel',
      requestId: 'req-1',
    });
    expect(await viewAction('cancel', token, ports)).toMatchObject({ kind: 'confirm', action: 'cancel' });
    expect((await ports.store.getRequest('req-1'))?.status).toBe('matching');
  });

  it('cancels on POST, audited as the requester, and a second POST says it has ended', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({ kind: 'cancelled' });
    expect((await ports.store.getRequest('req-1'))?.status).toBe('cancelled');
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'cancelled',
      actor: 'requester',
      data: { by: 'requester' },
    });
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({ kind: 'already-ended' });
  });

  it('asks the requester to phone once a volunteer is arranged, so the volunteer is told', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    await ports.store.transitionRequest('req-1', ['matching'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-a',
    });
    expect(await performAction('cancel', token, settings, ports)).toMatchObject({
      kind: 'cancel-needs-call',
    });
    expect((await ports.store.getRequest('req-1'))?.status).toBe('assigned');
  });

  it('does not work as a done link, nor when malformed or expired', async () => {
    const token = linkIn(ports.mailer.to('mary@example.com')[0]?.text, 'cancel');
    expect(await performAction('done', token, settings, ports)).toEqual({ kind: 'invalid' });
    expect(await viewAction('cancel', 'short', ports)).toEqual({ kind: 'invalid' });
    ports.clock.set('2031-03-10T10:00:00.000Z');
    expect(await performAction('cancel', token, settings, ports)).toEqual({ kind: 'invalid' });
    const page = renderSelfService({ kind: 'invalid' }, { path: '/cancel/x', contact });
    expect(page.status).toBe(404);
  });
});

describe("the winning volunteer's done link", () => {
  let token: string;

  beforeEach(async () => {
    ports.store.seedRequest(aRequest({ id: 'req-2', status: 'matching', wave: 1, expiresAt: 1_900_000_000 }));
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-a', name: 'Alice Able', email: 'alice@example.org' }),
    );
    const inviteToken = ports.ids.inviteToken();
    await ports.store.createInvite({
      requestId: 'req-2',
      volunteerId: 'vol-a',
      wave: 1,
      tokenHash: hashToken(inviteToken),
      status: 'sent',
      createdAt: '2026-03-10T09:00:00.000Z',
      expiresAt: 1_900_000_000,
    });
    await respondToInvite(inviteToken, 'accept', settings, ports);
    token = linkIn(ports.mailer.to('alice@example.org')[0]?.text, 'done');
  });

  it('comes in the details email and closes the case as helped on POST, audited as the volunteer', async () => {
    expect(await viewAction('done', token, ports)).toMatchObject({ kind: 'confirm', action: 'done' });
    expect(await performAction('done', token, settings, ports)).toMatchObject({ kind: 'done' });
    const request = await ports.store.getRequest('req-2');
    expect(request).toMatchObject({ status: 'closed', outcome: 'helped' });
    expect(request?.expiresAt).toBe(
      Math.floor(ports.clock.now().getTime() / 1000) + settings.retentionDays * 86_400,
    );
    expect(ports.store.audit.at(-1)).toMatchObject({
      type: 'closed',
      actor: 'vol-a',
      data: { outcome: 'helped', via: 'volunteer-link' },
    });
  });

  it('no longer works once the request has gone to someone else', async () => {
    await ports.store.transitionRequest('req-2', ['assigned'], { status: 'escalated' });
    await ports.store.transitionRequest('req-2', ['escalated'], {
      status: 'assigned',
      assignedVolunteerId: 'vol-z',
    });
    expect(await performAction('done', token, settings, ports)).toMatchObject({ kind: 'already-ended' });
    expect((await ports.store.getRequest('req-2'))?.status).toBe('assigned');
  });
});
