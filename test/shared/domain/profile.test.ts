import { beforeEach, describe, expect, it } from 'vitest';
import { toVolunteer } from '../../../shared/domain/messages.js';
import {
  actOnProfile,
  confirmContact,
  issueProfileLink,
  pauseDateOf,
  requestProfileLink,
  viewContactConfirm,
  viewProfile,
  type ProfileForm,
} from '../../../shared/domain/profile.js';
import { emailRenderers } from '../../../shared/mail/render.js';
import { textRenderer } from '../../../shared/sms/render.js';
import { hashToken, newInviteToken } from '../../../shared/util/ids.js';
import { aRequest, aVolunteer, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const renderers = { ...emailRenderers, sms: textRenderer };
let ports: TestPorts;

function tokenIn(text: string | undefined, path: string): string {
  const match = new RegExp(`https://help\\.example\\.org${path}/([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`no ${path} link in ${text ?? 'nothing'}`);
  return match[1];
}

const ASHA = aVolunteer({
  id: 'vol-asha',
  name: 'Asha Patel',
  email: 'asha@example.org',
  phone: '07700900111',
  areas: ['GL50'],
  helpTypes: ['shopping'],
  availability: ['tue-morning'],
});

/** The form as the page posts it, starting from Asha's details. */
function detailsForm(
  overrides: Partial<ProfileForm['fields']> = {},
  lists: Partial<ProfileForm> = {},
): ProfileForm {
  return {
    fields: {
      action: 'save',
      name: 'Asha Patel',
      email: 'asha@example.org',
      phone: '07700 900111',
      contactBy: 'email',
      areas: 'GL50',
      weeklyLimit: '',
      ...overrides,
    },
    helpTypes: lists.helpTypes ?? ['shopping'],
    availability: lists.availability ?? ['tue-morning'],
  };
}

async function welcomeLink(): Promise<string> {
  await ports.store.putMessages([{ kind: 'applicant-welcome', to: toVolunteer(ASHA.id) }]);
  await deliverPending(ports);
  return tokenIn(ports.mailer.to('asha@example.org').at(-1)?.text, '/volunteer/profile');
}

beforeEach(async () => {
  ports = testPorts();
  await ports.store.putVolunteer(ASHA);
});

describe('the personal link to a volunteer’s details', () => {
  it('comes in the welcome email, is stored only as its hash, and opens their own details', async () => {
    const token = await welcomeLink();
    expect(ports.store.dump()).not.toContain(token);
    expect(ports.store.dump()).toContain(hashToken(token));
    const view = await viewProfile(token, ports);
    expect(view.kind).toBe('profile');
    if (view.kind === 'profile') expect(view.volunteer.email).toBe('asha@example.org');
  });

  it('is replaced by each new one: the link before stops working', async () => {
    const first = await welcomeLink();
    const second = await issueProfileLink(ASHA.id, settings, ports);
    expect(second).toMatch(/^https:\/\/help\.example\.org\/volunteer\/profile\/[A-Za-z0-9_-]{43}$/);
    expect((await viewProfile(first, ports)).kind).toBe('invalid');
    expect((await viewProfile(tokenIn(second, '/volunteer/profile'), ports)).kind).toBe('profile');
  });

  it('expires after profileLinkDays', async () => {
    const token = await welcomeLink();
    ports.clock.advanceSeconds((settings.profileLinkDays - 1) * 86_400);
    expect((await viewProfile(token, ports)).kind).toBe('profile');
    ports.clock.advanceSeconds(86_400);
    expect((await viewProfile(token, ports)).kind).toBe('invalid');
  });

  it('refuses a forged or malformed token, and acts on nothing with it', async () => {
    await welcomeLink();
    const writesBefore = ports.store.writes().length;
    for (const token of [newInviteToken(), 'short', '']) {
      expect((await viewProfile(token, ports)).kind).toBe('invalid');
      expect(
        (
          await actOnProfile(
            token,
            { ...detailsForm(), fields: { action: 'leave-confirmed' } },
            settings,
            ports,
          )
        ).kind,
      ).toBe('invalid');
    }
    expect(ports.store.writes().length).toBe(writesBefore);
    expect(await ports.store.getVolunteer(ASHA.id)).toBeDefined();
  });

  it('comes in every invite email too, replacing the one before; a texts-only volunteer keeps theirs', async () => {
    const welcome = await welcomeLink();
    const invite = async (volunteerId: string, requestId: string) => {
      ports.store.seedRequest(
        aRequest({ id: requestId, reference: `GCK-${requestId.slice(-5)}`, status: 'matching' }),
      );
      await ports.store.createInvite(
        {
          requestId,
          volunteerId,
          wave: 1,
          tokenHash: hashToken(newInviteToken()),
          status: 'pending',
          createdAt: ports.clock.now().toISOString(),
          expiresAt: 1_900_000_000,
        },
        [{ kind: 'volunteer-invite', to: toVolunteer(volunteerId), requestId }],
      );
      await deliverPending({ ...ports, renderers });
    };
    await invite(ASHA.id, 'req-A0001');
    const inviteEmail = ports.mailer.to('asha@example.org').at(-1);
    expect(inviteEmail?.subject).toContain('Can you help?');
    const fromInvite = tokenIn(inviteEmail?.text, '/volunteer/profile');
    expect((await viewProfile(fromInvite, ports)).kind).toBe('profile');
    expect((await viewProfile(welcome, ports)).kind).toBe('invalid');

    // Texts have no room for it, so an invite by text alone leaves their link working.
    await ports.store.putVolunteer({ ...ASHA, contactBy: 'text' });
    await invite(ASHA.id, 'req-A0002');
    expect(ports.texter.to('+447700900111')).toHaveLength(1);
    expect(ports.texter.to('+447700900111')[0]?.body).not.toContain('/volunteer/profile');
    expect((await viewProfile(fromInvite, ports)).kind).toBe('profile');
  });

  it('is not stored for a volunteer who has left', async () => {
    await ports.store.deleteVolunteer(ASHA.id);
    expect(await issueProfileLink(ASHA.id, settings, ports)).toBeUndefined();
  });
});

describe('changing details from the page', () => {
  it('saves areas, help, availability and a weekly limit, and audits the fields by volunteer id only', async () => {
    const token = await welcomeLink();
    const view = await actOnProfile(
      token,
      detailsForm(
        { areas: 'gl51 2, GL52', weeklyLimit: '1' },
        { helpTypes: ['dog-walking'], availability: ['tue-morning', 'wed-morning'] },
      ),
      settings,
      ports,
    );
    expect(view).toMatchObject({ kind: 'profile', note: 'saved' });
    const saved = await ports.store.getVolunteer(ASHA.id);
    expect(saved).toMatchObject({
      areas: ['GL51 2', 'GL52'],
      helpTypes: ['dog-walking'],
      availability: ['tue-morning', 'wed-morning'],
      weeklyLimit: 1,
      email: 'asha@example.org',
    });
    const audit = await ports.store.listVolunteerAudit(ASHA.id);
    expect(audit).toEqual([
      expect.objectContaining({
        type: 'profile-changed',
        actor: ASHA.id,
        data: { fields: 'areas helpTypes availability weeklyLimit' },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Asha|asha@|07700|GL51/);
  });

  it('refuses areas the scheme does not cover, naming them, and saves nothing', async () => {
    const token = await welcomeLink();
    const view = await actOnProfile(token, detailsForm({ areas: 'GL50, SW1A' }), settings, ports);
    expect(view).toMatchObject({
      kind: 'profile',
      issues: [{ field: 'areas', problem: 'outside-service', given: 'SW1A' }],
    });
    expect((await ports.store.getVolunteer(ASHA.id))?.areas).toEqual(['GL50']);
    expect(await ports.store.listVolunteerAudit(ASHA.id)).toEqual([]);
  });

  it('answers bad input with the join form’s problems, one per field', async () => {
    const token = await welcomeLink();
    const view = await actOnProfile(
      token,
      detailsForm({ name: '', weeklyLimit: '99' }, { helpTypes: [], availability: [] }),
      settings,
      ports,
    );
    expect(view.kind === 'profile' && view.issues?.map((i) => [i.field, i.problem])).toEqual([
      ['name', 'missing'],
      ['helpTypes', 'missing'],
      ['availability', 'not-slot'],
      ['weeklyLimit', 'not-limit'],
    ]);
  });

  it('takes a new email address only once it is confirmed through that address', async () => {
    const token = await welcomeLink();
    const view = await actOnProfile(token, detailsForm({ email: 'Asha.New@example.org' }), settings, ports);
    expect(view).toMatchObject({
      kind: 'profile',
      confirming: ['email'],
      pending: { email: 'asha.new@example.org' },
    });
    // Nothing changes yet: the old address is still theirs, and still finds them.
    expect((await ports.store.getVolunteer(ASHA.id))?.email).toBe('asha@example.org');
    expect((await ports.store.findVolunteerByEmail('asha@example.org'))?.id).toBe(ASHA.id);
    expect(await ports.store.findVolunteerByEmail('asha.new@example.org')).toBeUndefined();

    await deliverPending(ports);
    const confirmation = ports.mailer.to('asha.new@example.org');
    expect(confirmation).toHaveLength(1);
    expect(ports.mailer.to('asha@example.org').map((m) => m.subject)).not.toContain(confirmation[0]?.subject);
    const confirmToken = tokenIn(confirmation[0]?.text, '/volunteer/confirm');
    expect(ports.store.dump()).not.toContain(confirmToken);
    // The confirmation link is not a details link, nor the other way round.
    expect((await viewProfile(confirmToken, ports)).kind).toBe('invalid');
    expect((await viewContactConfirm(token, ports)).kind).toBe('invalid');

    expect(await viewContactConfirm(confirmToken, ports)).toEqual({
      kind: 'confirm-contact',
      field: 'email',
      value: 'asha.new@example.org',
    });
    expect((await ports.store.getVolunteer(ASHA.id))?.email).toBe('asha@example.org');
    expect(await confirmContact(confirmToken, ports)).toMatchObject({
      kind: 'contact-confirmed',
      field: 'email',
    });
    expect((await ports.store.getVolunteer(ASHA.id))?.email).toBe('asha.new@example.org');
    expect((await ports.store.findVolunteerByEmail('asha.new@example.org'))?.id).toBe(ASHA.id);
    // The logs name the volunteer by id, never by either address or the links.
    expect(ports.log.text()).toContain(ASHA.id);
    expect(ports.log.text()).not.toMatch(/asha@|asha\.new@|Asha Patel/);
    expect(ports.log.text()).not.toContain(confirmToken);
    expect(await ports.store.findVolunteerByEmail('asha@example.org')).toBeUndefined();
    // Spent: the link confirms once.
    expect((await confirmContact(confirmToken, ports)).kind).toBe('invalid');
    expect((await ports.store.listVolunteerAudit(ASHA.id)).map((e) => [e.type, e.data])).toEqual([
      ['contact-change-requested', { field: 'email' }],
      ['contact-change-confirmed', { field: 'email' }],
    ]);
  });

  it('confirms a new mobile number by a text to that number, never to the old one', async () => {
    const token = await welcomeLink();
    await actOnProfile(token, detailsForm({ phone: '07700 900222' }), settings, ports);
    await deliverPending({ ...ports, renderers });
    expect(ports.texter.to('+447700900111')).toEqual([]);
    const [text] = ports.texter.to('+447700900222');
    const confirmToken = tokenIn(text?.body, '/volunteer/confirm');
    expect((await ports.store.getVolunteer(ASHA.id))?.phone).toBe('07700900111');
    await confirmContact(confirmToken, ports);
    expect((await ports.store.findVolunteerByPhone('07700 900222'))?.id).toBe(ASHA.id);
    expect(await ports.store.findVolunteerByPhone('07700 900111')).toBeUndefined();
  });

  it('refuses a confirmation whose address another volunteer took meanwhile', async () => {
    const token = await welcomeLink();
    await actOnProfile(token, detailsForm({ email: 'shared@example.org' }), settings, ports);
    await deliverPending(ports);
    const confirmToken = tokenIn(ports.mailer.to('shared@example.org')[0]?.text, '/volunteer/confirm');
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-other', email: 'shared@example.org' }));
    expect(await confirmContact(confirmToken, ports)).toEqual({ kind: 'contact-taken', field: 'email' });
    expect((await ports.store.getVolunteer(ASHA.id))?.email).toBe('asha@example.org');
  });

  it('pauses until a chosen date and resumes; a date in the past is refused', async () => {
    const token = await welcomeLink();
    const pause = (day: string, month: string, year: string) => ({
      fields: {
        action: 'pause',
        'pausedUntil-day': day,
        'pausedUntil-month': month,
        'pausedUntil-year': year,
      },
      helpTypes: [],
      availability: [],
    });
    expect(await actOnProfile(token, pause('1', '1', '2026'), settings, ports)).toMatchObject({
      pauseProblem: 'past',
      pauseTyped: { day: '1', month: '1', year: '2026' },
    });
    expect((await ports.store.getVolunteer(ASHA.id))?.pausedUntil).toBeUndefined();
    expect(await actOnProfile(token, pause('31', '3', '2026'), settings, ports)).toMatchObject({
      note: 'paused',
      pause: { until: '2026-03-31', fixed: false },
    });
    expect((await ports.store.getVolunteer(ASHA.id))?.pausedUntil).toBe('2026-03-31T23:59:59.000Z');
    const resumed = await actOnProfile(
      token,
      { ...pause('', '', ''), fields: { action: 'resume' } },
      settings,
      ports,
    );
    expect(resumed).toMatchObject({ note: 'resumed' });
    expect(resumed.kind === 'profile' && resumed.pause).toBeUndefined();
    expect((await ports.store.listVolunteerAudit(ASHA.id)).map((e) => e.type)).toEqual(['paused', 'resumed']);
  });

  it('reads a pause date within a year from today', () => {
    const at = (day: string, month: string, year: string) =>
      pauseDateOf(
        { 'pausedUntil-day': day, 'pausedUntil-month': month, 'pausedUntil-year': year },
        '2026-03-10',
      );
    expect(at('10', '3', '2026')).toEqual({ date: '2026-03-10' });
    expect(at('31', '2', '2027')).toEqual({ problem: 'not-date' });
    expect(at('11', '3', '2027')).toEqual({ problem: 'too-far' });
    expect(at('', '', '')).toEqual({ problem: 'not-date' });
  });
});

describe('leaving the scheme', () => {
  it('asks first, then erases as the dashboard’s remove does; the link stops working, the audit stays', async () => {
    const token = await welcomeLink();
    const leave = (action: string) => ({ fields: { action }, helpTypes: [], availability: [] });
    expect(await actOnProfile(token, leave('leave'), settings, ports)).toEqual({ kind: 'leave-confirm' });
    expect(await ports.store.getVolunteer(ASHA.id)).toBeDefined();
    expect(await actOnProfile(token, leave('leave-confirmed'), settings, ports)).toEqual({ kind: 'left' });
    expect(await ports.store.getVolunteer(ASHA.id)).toBeUndefined();
    expect(await ports.store.findVolunteerByEmail('asha@example.org')).toBeUndefined();
    expect((await viewProfile(token, ports)).kind).toBe('invalid');
    expect(await ports.store.listVolunteerAudit(ASHA.id)).toEqual([
      expect.objectContaining({ type: 'left', actor: ASHA.id }),
    ]);
    expect(ports.store.dump()).not.toContain('asha@example.org');
  });
});

describe('"send me a link"', () => {
  it('answers the same for a known and an unknown address; only a known one gets a message', async () => {
    expect(await requestProfileLink('nobody@example.org', ports)).toEqual({ kind: 'sent' });
    expect(ports.store.messageIntents()).toEqual([]);
    expect(await requestProfileLink('  ASHA@example.org ', ports)).toEqual({ kind: 'sent' });
    expect(ports.store.messageIntents()).toEqual([
      { kind: 'volunteer-profile-link', to: toVolunteer(ASHA.id), facts: { channel: 'email' } },
    ]);
    await deliverPending(ports);
    const token = tokenIn(ports.mailer.to('asha@example.org')[0]?.text, '/volunteer/profile');
    expect((await viewProfile(token, ports)).kind).toBe('profile');
  });

  it('texts the link when asked by mobile number, and refuses what is neither', async () => {
    expect(await requestProfileLink('07700 900 111', ports)).toEqual({ kind: 'sent' });
    await deliverPending({ ...ports, renderers });
    expect(ports.mailer.to('asha@example.org')).toEqual([]);
    const [text] = ports.texter.to('+447700900111');
    expect((await viewProfile(tokenIn(text?.body, '/volunteer/profile'), ports)).kind).toBe('profile');
    expect(await requestProfileLink('01632 960 000', ports)).toEqual({ kind: 'not-an-address' });
    expect(await requestProfileLink('hello', ports)).toEqual({ kind: 'not-an-address' });
  });

  it('is capped per address per day, like the public forms’ confirmations', async () => {
    for (let i = 0; i < settings.confirmationsPerRecipientPerDay + 2; i++)
      await requestProfileLink('asha@example.org', ports);
    await deliverPending(ports);
    expect(ports.mailer.to('asha@example.org')).toHaveLength(settings.confirmationsPerRecipientPerDay);
  });
});
