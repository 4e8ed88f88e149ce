import { describe, expect, it } from 'vitest';
import { FUNCTIONS, ROUTES } from '../../../infra/catalogue.js';
import { HELP_TYPES } from '../../../shared/vocabulary/help-types.js';
import { SMS_REPLY_KINDS, type SmsReplyKind } from '../../../shared/domain/messages.js';
import type { AcceptedDetails, InviteSummary } from '../../../shared/domain/views.js';
import { countSegments, nonGsmCharacters } from '../../../shared/sms/segments.js';
import {
  answerByTime,
  requesterAcceptedText,
  requesterConfirmationText,
  requesterReleasedText,
  SHORT_LINK_PATHS,
  shortLink,
  smsReplyText,
  volunteerDetailsText,
  volunteerInviteText,
  volunteerTakenText,
} from '../../../shared/sms/templates.js';

// Realistic values: cdk.json's scheme, a custom domain, 43-character tokens (32 random bytes).
const contact = { schemeName: 'Community Kindness', schemePhone: '01234 567890' };
const BASE = 'https://help.example.org';
const TOKEN = 'Qm9vdHN0cmFwLXRva2VuLWZvci1zbXMtdGVzdHMtMDE';
const respondUrl = `${BASE}/respond/${TOKEN}`;
const cancelUrl = `${BASE}/cancel/${TOKEN}`;
const detailsUrl = `${BASE}/details/${TOKEN}`;
const REPLY_KINDS: readonly SmsReplyKind[] = SMS_REPLY_KINDS;

const summary = (overrides: Partial<InviteSummary> = {}): InviteSummary => ({
  reference: 'GCK-7F3K2',
  helpType: 'shopping',
  area: 'GL50',
  neededBy: '2026-12-12',
  urgent: false,
  details: 'Milk, bread and a newspaper',
  ...overrides,
});

const REQUESTER = {
  name: 'Winifred Zanzibar-Quill',
  phone: '07700 900982',
  email: 'winifred@example.net',
  addressLine1: '77 Marmalade Crescent',
  postcode: 'GL50 1AB',
};
const details = (overrides: Partial<InviteSummary> = {}): AcceptedDetails => ({
  ...summary(overrides),
  requester: REQUESTER,
});
const PERSONAL = ['Winifred', 'Zanzibar', 'Marmalade', 'GL50 1AB', '07700 900982', 'winifred@', 'Milk'];

/** Every English text the system sends, with realistic values, longest variants included. */
function englishTexts(): [string, string][] {
  const texts: [string, string][] = [];
  for (const helpType of HELP_TYPES) {
    texts.push([
      `confirmation (${helpType})`,
      requesterConfirmationText({ reference: 'GCK-7F3K2', helpType, contact, cancelUrl }),
    ]);
    texts.push([
      `next visit (${helpType})`,
      requesterConfirmationText({
        reference: 'GCK-7F3K2',
        helpType,
        contact,
        cancelUrl,
        nextVisitBy: '2026-12-19',
      }),
    ]);
    for (const urgent of [false, true]) {
      texts.push([
        `invite (${helpType}${urgent ? ', urgent' : ''})`,
        volunteerInviteText({
          volunteerFirstName: 'Gareth',
          summary: summary({ helpType, urgent }),
          respondUrl,
          contact,
          answerBy: '2026-12-10T16:30:00Z',
        }),
      ]);
    }
    texts.push([
      `taken (${helpType})`,
      volunteerTakenText({ volunteerFirstName: 'Gareth', summary: summary({ helpType }), contact }),
    ]);
  }
  texts.push(
    ['accepted', requesterAcceptedText({ reference: 'GCK-7F3K2', volunteerFirstName: 'Gareth', contact })],
    [
      'accepted, next visit',
      requesterAcceptedText({
        reference: 'GCK-7F3K2',
        volunteerFirstName: 'Gareth',
        contact,
        nextVisitBy: '2026-12-19',
      }),
    ],
    ['released', requesterReleasedText({ reference: 'GCK-7F3K2', contact })],
    [
      'details',
      volunteerDetailsText({ volunteerFirstName: 'Gareth', details: details(), contact, detailsUrl }),
    ],
    [
      'details, by hand',
      volunteerDetailsText({
        volunteerFirstName: 'Gareth',
        details: details(),
        contact,
        detailsUrl,
        arrangedBy: 'asked-by-prescriber',
      }),
    ],
    [
      'details, next visit',
      volunteerDetailsText({
        volunteerFirstName: 'Gareth',
        details: details(),
        contact,
        detailsUrl,
        arrangedBy: 'series',
      }),
    ],
    ...REPLY_KINDS.map((kind): [string, string] => [
      kind,
      smsReplyText(kind, { contact, until: '2026-12-17' }),
    ]),
    ...laterVisitTexts(),
    ...changedDetailsTexts('en'),
  );
  return texts;
}

const LATER = 'GCK-8HJ2P';
const FIRST = 'GCK-7F3K2';

/** Every English text about a later visit of weekly help, with the longest help type where it shows. */
function laterVisitTexts(): [string, string][] {
  const later = { reference: LATER, firstReference: FIRST, contact };
  const laterSummary = summary({ reference: LATER, helpType: 'practical-help', urgent: true });
  return [
    [
      'later visit: confirmation',
      requesterConfirmationText({
        ...later,
        helpType: 'practical-help',
        cancelUrl,
        nextVisitBy: '2026-12-19',
      }),
    ],
    [
      'later visit: accepted, same volunteer',
      requesterAcceptedText({ ...later, volunteerFirstName: 'Gareth', nextVisitBy: '2026-12-19' }),
    ],
    ['later visit: accepted', requesterAcceptedText({ ...later, volunteerFirstName: 'Gareth' })],
    ['later visit: released', requesterReleasedText(later)],
    [
      'later visit: invite',
      volunteerInviteText({
        volunteerFirstName: 'Gareth',
        summary: laterSummary,
        respondUrl,
        contact,
        answerBy: '2026-12-11T09:15:00Z',
        writtenAt: '2026-12-10T20:00:00Z',
        firstReference: FIRST,
      }),
    ],
    ...(['accepted', 'asked-by-prescriber', 'series'] as const).map((arrangedBy): [string, string] => [
      `later visit: details (${arrangedBy})`,
      volunteerDetailsText({
        volunteerFirstName: 'Gareth',
        details: details({ reference: LATER }),
        contact,
        detailsUrl,
        arrangedBy,
        firstReference: FIRST,
      }),
    ]),
    [
      'later visit: taken',
      volunteerTakenText({
        volunteerFirstName: 'Gareth',
        summary: laterSummary,
        contact,
        firstReference: FIRST,
      }),
    ],
  ];
}

describe('texts about a later visit of weekly help', () => {
  it.each(laterVisitTexts())('%s names the first reference', (_name, text) => {
    expect(text).toContain(`part of ${FIRST}`);
  });

  it('names both references in the confirmation, in the order the family reads them', () => {
    const text = requesterConfirmationText({
      reference: LATER,
      firstReference: FIRST,
      helpType: 'shopping',
      contact,
      cancelUrl,
      nextVisitBy: '2026-12-19',
    });
    expect(text).toContain(`ref ${LATER} (part of ${FIRST})`);
  });

  it('names the first reference in Arabic too', () => {
    const text = requesterConfirmationText({
      reference: LATER,
      firstReference: FIRST,
      helpType: 'shopping',
      contact,
      cancelUrl,
      nextVisitBy: '2026-12-19',
      language: 'ar',
    });
    expect(text).toContain(`${LATER} (جزء من ${FIRST})`);
  });

  it('says nothing of a first reference for one-off help', () => {
    const text = requesterReleasedText({ reference: FIRST, contact });
    expect(text).not.toContain('part of');
  });
});

describe('a request held as a possible repeat', () => {
  const held = (language: 'en' | 'ar') =>
    requesterConfirmationText({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      contact,
      language,
      cancelUrl,
      held: true,
    });

  it('says it has reached the team, and promises no volunteer, in one segment', () => {
    const text = held('en');
    expect(text).toContain('reached our team');
    expect(text).toContain('GCK-7F3K2');
    expect(text).not.toMatch(/volunteer/i);
    expect(text).toContain(`${BASE}/c/${TOKEN}`);
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('says the same in Arabic, with no English words but the reference', () => {
    const text = held('ar');
    expect(text).toContain('GCK-7F3K2');
    expect(text.replace(/GCK-[0-9A-Z]+|Community Kindness|https:\/\/\S+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});

describe('English texts', () => {
  it.each(englishTexts())('%s fits one GSM-7 segment', (_name, text) => {
    expect(nonGsmCharacters(text)).toEqual([]);
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('keeps the answer-by time and the scheme name in an ordinary invite where they fit', () => {
    const text = volunteerInviteText({
      volunteerFirstName: 'Gareth',
      summary: summary({ helpType: 'shopping' }),
      respondUrl,
      contact,
      answerBy: '2026-07-10T15:30:00Z',
    });
    expect(text).toBe(
      `Community Kindness: can you help? Shopping, GL50, by Sat 12 Dec. YES/NO by 16:30 Fri: ${BASE}/r/${TOKEN}`,
    );
  });

  it('gives up the scheme name, then the answer-by time, before a second segment, never the link', () => {
    const long = { schemeName: 'Gillingham and Shaftesbury Community Kindness', schemePhone: '01234 567890' };
    const urgent = volunteerInviteText({
      volunteerFirstName: 'Gareth',
      summary: summary({ helpType: 'prescription', urgent: true }),
      respondUrl,
      contact: long,
      answerBy: '2026-12-10T16:30:00Z',
    });
    expect(urgent).toBe(
      `URGENT: Can you help? Prescription, GL50, by Sat 12 Dec. YES or NO by 16:30 Thu: ${BASE}/r/${TOKEN}`,
    );
    expect(countSegments(urgent).segments).toBe(1);
  });
});

/**
 * The details text sent again after a merge changed the date or details: with and without a link, a
 * long scheme name, a long first name and a later visit's two references, the longest case each.
 */
function changedDetailsTexts(language: 'en' | 'ar'): [string, string][] {
  const long = { schemeName: 'Gillingham and Shaftesbury Community Kindness', schemePhone: '01234 567890' };
  const texts: [string, string][] = [];
  for (const scheme of [contact, long])
    for (const url of [detailsUrl, undefined])
      for (const volunteerFirstName of ['Gareth', 'Maximilianette'])
        for (const firstReference of [undefined, FIRST])
          texts.push([
            `details changed (${scheme.schemeName.length}-character scheme, ${url ? 'link' : 'no link'}, ${volunteerFirstName}${firstReference ? ', later visit' : ''})`,
            volunteerDetailsText({
              volunteerFirstName,
              details: details(firstReference ? { reference: LATER } : {}),
              contact: scheme,
              ...(url ? { detailsUrl: url } : {}),
              changed: true,
              language,
              ...(firstReference ? { firstReference } : {}),
            }),
          ]);
  return texts;
}

describe('the details text after the date or details changed', () => {
  it('says they changed, with the reference and the link, and nothing personal', () => {
    const text = volunteerDetailsText({
      volunteerFirstName: 'Gareth',
      details: details(),
      contact,
      detailsUrl,
      changed: true,
    });
    expect(text).toContain('the date or details of GCK-7F3K2 have changed');
    expect(text).toContain(detailsUrl);
    expect(text).not.toContain('Thank you');
    for (const secret of PERSONAL) expect(text).not.toContain(secret);
  });

  it('points to the email when there is no link', () => {
    const text = volunteerDetailsText({
      volunteerFirstName: 'Gareth',
      details: details(),
      contact,
      changed: true,
    });
    expect(text).toContain('have changed. The new details are in your email.');
  });

  it.each(changedDetailsTexts('ar'))('in Arabic, %s fits one UCS-2 segment', (_name, text) => {
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(text).toContain('تغيّر موعد أو تفاصيل');
    expect(text).toMatch(/GCK-(7F3K2|8HJ2P)/);
    for (const secret of PERSONAL) expect(text).not.toContain(secret);
  });
});

describe('Arabic texts', () => {
  const arabic: [string, string][] = [
    [
      'confirmation',
      requesterConfirmationText({
        reference: 'GCK-7F3K2',
        helpType: 'shopping',
        contact,
        cancelUrl,
        language: 'ar',
      }),
    ],
    [
      'next visit',
      requesterConfirmationText({
        reference: 'GCK-7F3K2',
        helpType: 'shopping',
        contact,
        cancelUrl,
        nextVisitBy: '2026-12-19',
        language: 'ar',
      }),
    ],
    [
      'accepted',
      requesterAcceptedText({
        reference: 'GCK-7F3K2',
        volunteerFirstName: 'Gareth',
        contact,
        language: 'ar',
      }),
    ],
    ['released', requesterReleasedText({ reference: 'GCK-7F3K2', contact, language: 'ar' })],
    [
      'invite',
      volunteerInviteText({
        volunteerFirstName: 'Gareth',
        summary: summary(),
        respondUrl,
        contact,
        answerBy: '2026-12-10T16:30:00Z',
        language: 'ar',
      }),
    ],
    ...REPLY_KINDS.map((kind): [string, string] => [
      kind,
      smsReplyText(kind, { contact, until: '2026-12-17', language: 'ar' }),
    ]),
  ];

  it.each(arabic)('%s is counted as UCS-2, 70 characters a segment', (_name, text) => {
    const count = countSegments(text);
    expect(count.encoding).toBe('UCS-2');
    expect(count.segments).toBe(count.units <= 70 ? 1 : Math.ceil(count.units / 67));
    expect(text).toMatch(/[\u0600-\u06FF]/);
  });

  it('still carries the reference and a working short link', () => {
    const text = arabic[0]?.[1] ?? '';
    expect(text).toContain('GCK-7F3K2');
    expect(text).toContain(`${BASE}/c/${TOKEN}`);
  });
});

describe('what a text may say', () => {
  it('never puts the person’s name, address, phone, email or details in any volunteer text', () => {
    const volunteerTexts = [
      volunteerInviteText({
        volunteerFirstName: 'Gareth',
        summary: summary(),
        respondUrl,
        contact,
        answerBy: '2026-12-10T16:30:00Z',
      }),
      volunteerInviteText({
        volunteerFirstName: 'Gareth',
        summary: summary(),
        respondUrl,
        contact,
        answerBy: '2026-12-10T16:30:00Z',
        language: 'ar',
      }),
      volunteerDetailsText({ volunteerFirstName: 'Gareth', details: details(), contact, detailsUrl }),
      volunteerDetailsText({ volunteerFirstName: 'Gareth', details: details(), contact }),
      volunteerDetailsText({ volunteerFirstName: 'Gareth', details: details(), contact, language: 'ar' }),
      volunteerTakenText({ volunteerFirstName: 'Gareth', summary: summary(), contact }),
    ];
    for (const text of volunteerTexts) for (const secret of PERSONAL) expect(text).not.toContain(secret);
  });

  it('points to the email for the details when there is no details link, in one segment', () => {
    const text = volunteerDetailsText({ volunteerFirstName: 'Gareth', details: details(), contact });
    expect(text).toContain(details().reference);
    expect(text).toContain('in your email');
    expect(countSegments(text).segments).toBe(1);
  });

  it('names the help, the area, when, and the answer-by time in an invite', () => {
    const text = volunteerInviteText({
      volunteerFirstName: 'Gareth',
      summary: summary({ helpType: 'dog-walking', area: 'SP8' }),
      respondUrl,
      contact,
      answerBy: '2026-12-10T16:30:00Z',
    });
    expect(text).toContain('Dog walking');
    expect(text).toContain('SP8');
    expect(text).toContain('Sat 12 Dec');
    expect(text).toContain('16:30 Thu');
  });

  it('refuses a link that is not an absolute web address', () => {
    expect(() =>
      requesterConfirmationText({
        reference: 'GCK-7F3K2',
        helpType: 'shopping',
        contact,
        cancelUrl: 'javascript:alert(1)',
      }),
    ).toThrow(/absolute/);
  });

  it('keeps a value from adding lines to a text', () => {
    const text = requesterAcceptedText({ reference: 'GCK-7F3K2', volunteerFirstName: 'Ga\nreth', contact });
    expect(text).not.toMatch(/\n/);
  });

  it('gives answer-by times in London time, summer and winter', () => {
    expect(answerByTime('2026-07-10T15:30:00Z')).toBe('16:30 Fri');
    expect(answerByTime('2026-12-10T15:30:00Z')).toBe('15:30 Thu');
  });

  it('says today or tomorrow, from the moment the text was written, in London time', () => {
    expect(answerByTime('2026-12-10T15:30:00Z', 'en', '2026-12-10T13:30:00Z')).toBe('15:30 today');
    expect(answerByTime('2026-12-11T00:30:00Z', 'en', '2026-12-10T22:30:00Z')).toBe('00:30 tomorrow');
    // 23:30 UTC on 9 July is 00:30 on the 10th in London: the same London day as 10:00 on the 10th.
    expect(answerByTime('2026-07-09T23:30:00Z', 'en', '2026-07-10T09:00:00Z')).toBe('00:30 today');
    expect(answerByTime('2026-12-12T15:30:00Z', 'en', '2026-12-10T13:30:00Z')).toBe('15:30 Sat');
    expect(answerByTime('2026-12-11T09:15:00Z', 'ar', '2026-12-10T20:00:00Z')).toBe('09:15 غدًا');
  });

  it('puts today and tomorrow in the invite, in both window lengths', () => {
    const invite = (answerBy: string, urgent: boolean) =>
      volunteerInviteText({
        volunteerFirstName: 'Gareth',
        summary: summary({ urgent }),
        respondUrl,
        contact,
        answerBy,
        writtenAt: '2026-12-10T14:00:00Z',
      });
    // Two hours, or thirty minutes if urgent, from when it was written.
    expect(invite('2026-12-10T16:00:00Z', false)).toContain('YES/NO by 16:00 today');
    expect(invite('2026-12-10T14:30:00Z', true)).toContain('by 14:30 today');
    const late = volunteerInviteText({
      volunteerFirstName: 'Gareth',
      summary: summary(),
      respondUrl,
      contact,
      answerBy: '2026-12-11T00:30:00Z',
      writtenAt: '2026-12-10T22:30:00Z',
    });
    expect(late).toContain('by 00:30 tomorrow');
    expect(countSegments(late).segments).toBe(1);
    const arabic = volunteerInviteText({
      volunteerFirstName: 'Gareth',
      summary: summary(),
      respondUrl,
      contact,
      answerBy: '2026-12-10T16:00:00Z',
      writtenAt: '2026-12-10T14:00:00Z',
      language: 'ar',
    });
    expect(arabic).toContain('قبل 16:00 اليوم');
  });
});

describe('short links', () => {
  it('keeps the token and shortens only the path', () => {
    expect(shortLink(respondUrl)).toBe(`${BASE}/r/${TOKEN}`);
    expect(shortLink(cancelUrl)).toBe(`${BASE}/c/${TOKEN}`);
    expect(shortLink(detailsUrl)).toBe(detailsUrl);
  });

  it.each(Object.entries(SHORT_LINK_PATHS))(
    'has a GET route for %s’s short path, handled by the same function',
    (long, short) => {
      const byPath = (path: string) => ROUTES.find((r) => r.method === 'GET' && r.path === path)?.fn;
      const fn = byPath(`${short}{token}`);
      expect(fn).toBeDefined();
      expect(fn).toBe(byPath(`${long}{token}`));
      expect(FUNCTIONS[fn as keyof typeof FUNCTIONS]).toBeDefined();
    },
  );
});
