import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyToJoin,
  approveApplicant,
  declineApplicant,
  volunteerFrom,
} from '../../../shared/domain/applicants.js';
import type { Applicant } from '../../../shared/domain/model.js';
import { runDailyDigest } from '../../../shared/domain/digest.js';
import { findCandidates } from '../../../shared/domain/matching.js';
import { dailyDigestEmail } from '../../../shared/mail/digest-templates.js';
import { parseApplicant, type ApplicantForm, type ApplicantInput } from '../../../shared/schema/applicant.js';
import { emailRenderers } from '../../../shared/mail/render.js';
import { textRenderer } from '../../../shared/sms/render.js';
import {
  applicantConfirmationText,
  applicantDeclinedText,
  applicantWelcomeText,
} from '../../../shared/sms/applicant-templates.js';
import { countSegments } from '../../../shared/sms/segments.js';
import { aRequest, testPorts, testSettings, type TestPorts } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

const settings = testSettings();
const TODAY = '2026-03-10';

function form(
  fields: Record<string, string | undefined> = {},
  lists: Partial<ApplicantForm> = {},
): ApplicantForm {
  return {
    fields: {
      name: '  Sam   Newcomer ',
      email: 'Sam.Newcomer@Example.org',
      phone: '07700 900 123',
      contactBy: 'both',
      postcode: 'gl501ab',
      areas: 'gl50, GL51 2, gl50',
      dbsChecked: 'yes',
      dbsCheckedOn: '2025-03-15',
      weeklyLimit: ' 2 ',
      consent: 'yes',
      language: 'en',
      ...fields,
    },
    helpTypes: ['shopping', 'dog-walking'],
    availability: ['wed-evening', 'tue-morning'],
    ...lists,
  };
}

describe('the join form’s rules', () => {
  it('normalises an application the way the roster stores volunteers', () => {
    const parsed = parseApplicant(form(), TODAY);
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'Sam Newcomer',
        email: 'sam.newcomer@example.org',
        phone: '07700900123',
        contactBy: 'both',
        areas: ['GL50', 'GL51 2'],
        // In the form's order, whatever order they were ticked in.
        helpTypes: ['shopping', 'dog-walking'],
        dbsChecked: true,
        dbsCheckedOn: '2025-03-15',
        postcode: 'GL50 1AB',
        availability: ['tue-morning', 'wed-evening'],
        weeklyLimit: 2,
        language: 'en',
      },
    });
  });

  it('reports one problem per field, in the form’s order', () => {
    const parsed = parseApplicant(
      form(
        {
          name: '',
          email: 'nope',
          postcode: 'XYZ',
          weeklyLimit: '15',
          consent: undefined,
          dbsChecked: undefined,
        },
        { helpTypes: ['juggling'], availability: [] },
      ),
      TODAY,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.field)).toEqual([
      'name',
      'email',
      'postcode',
      'helpTypes',
      'availability',
      'weeklyLimit',
      'dbsChecked',
      'consent',
    ]);
  });

  it('refuses a time that is not one of the week’s slots, and a limit that is not a number from 1 to 14', () => {
    const badSlot = parseApplicant(form({}, { availability: ['tue-morning', 'tue-midnight'] }), TODAY);
    expect(badSlot.ok ? [] : badSlot.issues).toEqual([{ field: 'availability', problem: 'not-slot' }]);
    for (const weeklyLimit of ['0', '15', 'two', '1.5', '-1']) {
      const parsed = parseApplicant(form({ weeklyLimit }), TODAY);
      expect(parsed.ok ? [] : parsed.issues, weeklyLimit).toEqual([
        { field: 'weeklyLimit', problem: 'not-limit' },
      ]);
    }
    const noLimit = parseApplicant(form({ weeklyLimit: '' }), TODAY);
    expect(noLimit.ok && noLimit.value.weeklyLimit).toBeUndefined();
  });

  it('puts a wish for texts without a mobile against the phone box', () => {
    const parsed = parseApplicant(form({ contactBy: 'text', phone: '01632 960 001' }), TODAY);
    expect(parsed.ok ? [] : parsed.issues).toEqual([{ field: 'phone', problem: 'mobile-needed' }]);
  });

  it('ignores a DBS date left behind after answering no, and refuses one in the future', () => {
    const no = parseApplicant(form({ dbsChecked: 'no', dbsCheckedOn: '2025-03-15' }), TODAY);
    expect(no.ok && no.value).toMatchObject({ dbsChecked: false });
    expect(no.ok && 'dbsCheckedOn' in no.value).toBe(false);
    const future = parseApplicant(form({ dbsCheckedOn: '2026-04-01' }), TODAY);
    expect(future.ok ? [] : future.issues).toEqual([{ field: 'dbsCheckedOn', problem: 'future-date' }]);
  });

  it('requires consent', () => {
    const parsed = parseApplicant(form({ consent: 'no' }), TODAY);
    expect(parsed.ok ? [] : parsed.issues).toEqual([{ field: 'consent', problem: 'no-consent' }]);
  });
});

describe('applicants: stored, never matched, then approved or declined', () => {
  let ports: TestPorts;
  const input = (overrides: Partial<ApplicantInput> = {}): ApplicantInput => {
    const parsed = parseApplicant(form({ contactBy: 'email' }, { helpTypes: ['shopping'] }), TODAY);
    if (!parsed.ok) throw new Error('fixture does not parse');
    return { ...parsed.value, ...overrides };
  };

  beforeEach(() => {
    ports = testPorts();
  });

  async function waveAsks(): Promise<string[]> {
    ports.store.seedRequest(
      aRequest({ id: `req-${Math.random().toString(36).slice(2)}`, neededBy: '2026-03-11' }),
    );
    const requestId = [...ports.store.requests.keys()].at(-1) ?? '';
    const found = await findCandidates({ requestId, wave: 0 }, settings, ports);
    return found.volunteerIds ?? [];
  }

  it('answers a filled honeypot like a success and stores nothing', async () => {
    expect(await applyToJoin(input({ website: 'http://spam.example' }), settings, ports)).toEqual({
      kind: 'ignored',
    });
    expect(ports.store.writes()).toEqual([]);
  });

  it('never asks an applicant to help; approval makes them a volunteer matching can ask', async () => {
    const applied = await applyToJoin(input(), settings, ports);
    if (applied.kind !== 'created') throw new Error('not created');
    expect(await waveAsks()).toEqual([]);

    expect(await approveApplicant(applied.applicantId, 'prescriber-1', ports)).toEqual({
      kind: 'approved',
      volunteerId: applied.applicantId,
    });
    expect(await waveAsks()).toEqual([applied.applicantId]);
  });

  it('welcomes an approved volunteer, by text too when they chose both', async () => {
    const applied = await applyToJoin(input({ contactBy: 'both' }), settings, ports);
    if (applied.kind !== 'created') throw new Error('not created');
    const withTexts = { ...ports, renderers: { ...emailRenderers, sms: textRenderer } };
    await deliverPending(withTexts);
    await approveApplicant(applied.applicantId, 'prescriber-1', ports);
    await deliverPending(withTexts);
    expect(ports.mailer.sent.map((m) => m.subject)).toEqual([
      'Thank you for offering to help – Community Kindness',
      'Welcome to the Community Kindness team',
    ]);
    expect(ports.texter.sent.map((t) => t.body)).toEqual([
      'Community Kindness: thank you for offering to volunteer. We have your application and will be in touch soon.',
      'Community Kindness: welcome to the team, Sam! We will ask you when someone near you needs help at a time you can do. You can always say no.',
    ]);
    expect(ports.texter.sent.every((t) => t.to === '+447700900123')).toBe(true);
  });

  it('declines kindly, in the language they applied in', async () => {
    const applied = await applyToJoin(input({ language: 'ar' }), settings, ports);
    if (applied.kind !== 'created') throw new Error('not created');
    expect(
      await declineApplicant(applied.applicantId, 'checks-not-met', 'prescriber-1', settings, ports),
    ).toEqual({ kind: 'declined' });
    await deliverPending(ports);
    const declined = ports.mailer.sent.at(-1);
    expect(declined?.subject).toBe('عرضك التطوع – Community Kindness');
    expect(declined?.text).toContain('لم نتمكن من إكمال الفحوص');
    // Decided: neither a second decline nor an approval changes it.
    expect(await declineApplicant(applied.applicantId, 'other', 'prescriber-2', settings, ports)).toEqual({
      kind: 'not-waiting',
    });
    expect(await approveApplicant(applied.applicantId, 'prescriber-2', ports)).toEqual({
      kind: 'not-waiting',
    });
  });

  it('sends nothing to an applicant whose application has gone (erased by TTL)', async () => {
    const applied = await applyToJoin(input(), settings, ports);
    if (applied.kind !== 'created') throw new Error('not created');
    ports.store.applicants.delete(applied.applicantId);
    const drained = await deliverPending(ports);
    expect(drained.results.map((r) => r.result)).toEqual(['skipped']);
    expect(ports.mailer.sent).toEqual([]);
  });
});

describe('the volunteer an applicant becomes', () => {
  const applicant: Applicant = {
    id: 'app-1',
    name: 'Sam Newcomer',
    email: 'sam@example.org',
    contactBy: 'email',
    postcode: 'GL50 1AB',
    areas: ['GL50'],
    helpTypes: ['shopping'],
    availability: ['tue-morning'],
    dbsChecked: false,
    language: 'en',
    status: 'waiting',
    checks: { idSeen: true, dbsCheckedOn: '2025-01-02' },
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: 1,
  };

  it('takes the DBS date the team saw, keeps the week, and stores no preference for plain email', () => {
    expect(volunteerFrom(applicant, new Date('2026-03-10T10:00:00Z'))).toEqual({
      id: 'app-1',
      name: 'Sam Newcomer',
      email: 'sam@example.org',
      areas: ['GL50'],
      helpTypes: ['shopping'],
      dbsChecked: true,
      dbsCheckedOn: '2025-01-02',
      availability: ['tue-morning'],
      recentInvites: [],
      createdAt: '2026-03-10T10:00:00.000Z',
    });
  });
});

describe('the daily digest', () => {
  it('counts the applicants waiting, without naming them', async () => {
    const ports = testPorts();
    for (const [n, email] of ['one@example.org', 'two@example.org'].entries()) {
      const parsed = parseApplicant(form({ email, idempotencyKey: `key-${n}` }), TODAY);
      if (!parsed.ok) throw new Error('fixture does not parse');
      await applyToJoin(parsed.value, settings, ports);
    }
    const result = await runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
    expect(result.items).toBe(2);
    const [digest] = ports.mailer.to(settings.prescriberEmail);
    expect(digest?.subject).toContain('2 things need you');
    expect(digest?.text).toContain(
      '2 people have applied to volunteer and are waiting for your checks and decision.',
    );
    expect(digest?.text).toContain('https://help.example.org/admin/applicants');
    expect(digest?.text).not.toContain('Newcomer');
  });
});

describe('texts to applicants', () => {
  const contact = { schemeName: 'Community Kindness', schemePhone: '01632 960 000' };
  const texts = (language: 'en' | 'ar') => [
    applicantConfirmationText({ firstName: 'Sam', contact, language }),
    applicantDeclinedText({ firstName: 'Sam', reason: 'other', contact, language }),
    applicantWelcomeText({ volunteerFirstName: 'Sam', contact }),
  ];

  it('are plain GSM-7 in English, at most two segments, and carry no name but the first', () => {
    for (const text of texts('en')) {
      expect(countSegments(text).encoding, text).toBe('GSM-7');
      expect(countSegments(text).segments, text).toBeLessThanOrEqual(2);
      expect(text).not.toContain('Newcomer');
    }
  });

  it('are in Arabic for an applicant who applied in Arabic (the welcome goes to a volunteer, in English)', () => {
    const [confirmation, declined] = texts('ar');
    expect(confirmation).toContain('شكرا لعرضك التطوع');
    expect(declined).toContain('\u206601632 960 000\u2069');
  });
});
