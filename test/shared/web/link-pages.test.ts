import { describe, expect, it } from 'vitest';
import type { ActionSummary, PauseView, SelfServiceView } from '../../../shared/domain/self-service.js';
import type { ConcernView } from '../../../shared/domain/concerns.js';
import type { AcceptedDetails, InviteSummary, RespondView } from '../../../shared/domain/views.js';
import { renderAccessibilityStatement } from '../../../shared/web/accessibility.js';
import { renderPause, renderSelfService } from '../../../shared/web/self-service.js';
import { renderConcernPage } from '../../../shared/web/concern.js';
import { linkPageLanguage } from '../../../shared/web/link-pages.js';
import { renderErrorPage, renderRespondPage } from '../../../shared/web/pages.js';

/**
 * Every page reached from a link in a message, in Arabic: marked right to left, and with no English
 * left once the values that are English by nature (the scheme's name, the reference, the postcode
 * district, names typed in Latin letters) are taken out. The same check the Arabic emails have.
 */
const contact = { schemeName: 'Community Kindness', schemePhone: '01632 960000' };
const REFERENCE = 'GCK-7F3K2';
const TOKEN = 'a'.repeat(43);

const summary: ActionSummary = {
  reference: REFERENCE,
  helpType: 'shopping',
  neededBy: '2026-03-20',
  language: 'ar',
};
const weekly: ActionSummary = { ...summary, frequency: 'weekly' };
const invite: InviteSummary = {
  reference: REFERENCE,
  helpType: 'prescription',
  area: 'GL50',
  neededBy: '2026-03-20',
  urgent: true,
  details: 'دواء من صيدلية الشارع الرئيسي',
  language: 'ar',
  frequency: 'weekly',
};
const details: AcceptedDetails = {
  ...invite,
  requester: {
    name: 'مريم حداد',
    nameInEnglishLetters: 'Mariam Haddad',
    askedBy: { name: 'سامي حداد', relationship: 'ابن' },
    phone: '07700 900982',
    email: 'mariam@example.org',
    addressLine1: '12 Acacia Road',
    town: 'Cheltenham',
    postcode: 'GL50 1AA',
  },
};
/** Values the person or the roster typed in Latin letters: data, not the page's words. */
const LATIN_DATA = ['Mariam Haddad', 'Acacia Road', 'Cheltenham', 'GL50 1AA', 'mariam@example.org', 'Sam'];

const SELF_SERVICE_VIEWS: [string, SelfServiceView][] = [
  ['invalid', { kind: 'invalid' }],
  ['confirm cancel', { kind: 'confirm', action: 'cancel', summary }],
  [
    'confirm cancel of weekly help, nothing chosen',
    { kind: 'confirm', action: 'cancel', summary: weekly, missingScope: true },
  ],
  ['confirm done', { kind: 'confirm', action: 'done', summary }],
  ['confirm release', { kind: 'confirm', action: 'release', summary }],
  ['confirm stop', { kind: 'confirm', action: 'stop', summary: weekly }],
  ['cancel needs a call', { kind: 'cancel-needs-call', summary, seriesEnded: true }],
  ['cancelled', { kind: 'cancelled', summary }],
  [
    'cancelled, the next visit kept',
    { kind: 'cancelled', summary: weekly, next: { neededBy: '2026-03-27', withYou: false } },
  ],
  ['series stopped', { kind: 'cancelled', summary: weekly, seriesEnded: true }],
  ['done', { kind: 'done', summary }],
  [
    'done, next visit theirs',
    { kind: 'done', summary: weekly, next: { neededBy: '2026-03-27', withYou: true } },
  ],
  [
    'done, next visit others',
    { kind: 'done', summary: weekly, next: { neededBy: '2026-03-27', withYou: false } },
  ],
  ['stopped', { kind: 'stopped', summary: weekly }],
  ['released', { kind: 'released', summary }],
  ['already ended', { kind: 'already-ended', summary }],
];
const PAUSE_VIEWS: [string, PauseView][] = [
  ['invalid', { kind: 'invalid' }],
  ['choose', { kind: 'pause-choose', pausedUntil: '2026-03-20', missingChoice: true }],
  ['paused', { kind: 'paused', until: '2026-04-10' }],
];
const concernSummary = { reference: REFERENCE, helpType: 'shopping' as const, neededBy: '2026-03-20' };
const CONCERN_VIEWS: [string, ConcernView][] = [
  ['invalid', { kind: 'invalid' }],
  ['form', { kind: 'form', summary: concernSummary }],
  [
    'form, nothing ticked',
    {
      kind: 'form',
      summary: concernSummary,
      error: { field: 'kinds', message: 'Tick what worried you, or tell us in your own words' },
    },
  ],
  [
    'form, note too long',
    {
      kind: 'form',
      summary: concernSummary,
      error: { field: 'note', message: 'Your note must be 1000 characters or fewer' },
    },
  ],
  ['raised', { kind: 'raised', summary: concernSummary }],
];
const RESPOND_VIEWS: [string, RespondView][] = [
  ['open', { kind: 'open', summary: invite, volunteerFirstName: 'Sam' }],
  [
    'open, one-off help',
    { kind: 'open', summary: { ...invite, frequency: 'once', urgent: false }, volunteerFirstName: 'Sam' },
  ],
  ['accepted', { kind: 'accepted', details, committedToSeries: true }],
  ['accepted once', { kind: 'accepted', details, committedToSeries: false }],
  ['already accepted', { kind: 'already-accepted', summary: invite }],
  ['declined', { kind: 'declined', summary: invite }],
  ['taken', { kind: 'taken', summary: invite }],
  ['closed', { kind: 'closed', summary: invite }],
  ['expired', { kind: 'expired' }],
  ['invalid', { kind: 'invalid' }],
];

function inArabic(): [string, string][] {
  const lang = 'ar' as const;
  return [
    ...SELF_SERVICE_VIEWS.map(([name, view]): [string, string] => [
      `self-service ${name}`,
      renderSelfService(view, { path: `/cancel/${TOKEN}`, contact, lang }).body,
    ]),
    ...PAUSE_VIEWS.map(([name, view]): [string, string] => [
      `pause ${name}`,
      renderPause(view, { path: `/pause/${TOKEN}`, contact, lang }).body,
    ]),
    ...CONCERN_VIEWS.map(([name, view]): [string, string] => [
      `concern ${name}`,
      renderConcernPage(view, { path: `/concern/${TOKEN}`, contact, lang }).body,
    ]),
    ...RESPOND_VIEWS.map(([name, view]): [string, string] => [
      `respond ${name}`,
      renderRespondPage(view, { token: TOKEN, contact, lang }),
    ]),
    ...([400, 403, 404, 405, 500] as const).map((status): [string, string] => [
      `error ${status}`,
      renderErrorPage({ status, contact, lang }),
    ]),
  ];
}

/** What a person sees: tags gone, entities decoded; the language links name the other language. */
function visibleText(markup: string): string {
  return markup
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<nav class="ck-language[\s\S]*?<\/nav>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function englishWordsIn(text: string): string[] {
  let stripped = text;
  for (const value of LATIN_DATA) stripped = stripped.replaceAll(value, '');
  stripped = stripped.replaceAll(REFERENCE, '').replaceAll(contact.schemeName, '').replaceAll('GL50', '');
  // A service's name, as the Arabic NHS pages write it too.
  stripped = stripped.replaceAll('NHS', '');
  return stripped.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('every link page in Arabic', () => {
  it.each(inArabic())('%s is marked Arabic, right to left', (_name, page) => {
    expect(page).toContain('<html lang="ar" dir="rtl">');
  });

  it.each(inArabic())('%s has no English left', (_name, page) => {
    expect(englishWordsIn(visibleText(page))).toEqual([]);
  });

  it.each(inArabic())('%s keeps the scheme’s phone number and the reference left to right', (_name, page) => {
    expect(page).toMatch(/<a href="tel:01632960000"[^>]*dir="ltr"[^>]*>01632 960000<\/a>/);
    if (page.includes(REFERENCE)) expect(page).toMatch(new RegExp(`dir="ltr"[^>]*>${REFERENCE}<`));
  });

  it('offers the page in English, at the same link', () => {
    const page = renderSelfService(
      { kind: 'confirm', action: 'cancel', summary },
      {
        path: `/cancel/${TOKEN}`,
        contact,
        lang: 'ar',
      },
    ).body;
    expect(page).toContain(`href="/cancel/${TOKEN}?lang=en"`);
    // The form keeps the language when it posts.
    expect(page).toContain(`action="/cancel/${TOKEN}?lang=ar"`);
  });
});

describe('the accessibility statement', () => {
  const english = renderAccessibilityStatement({ contact });
  const arabic = renderAccessibilityStatement({ contact, lang: 'ar' });

  it('follows the model statement: scope, known limits, other formats, reporting, enforcement, testing', () => {
    for (const heading of [
      'Accessibility statement for Community Kindness',
      'How accessible this website is',
      'What to do if you cannot use parts of this website',
      'Reporting accessibility problems with this website',
      'Enforcement procedure',
      'Technical information about this website’s accessibility',
      'Compliance status',
      'Preparation of this accessibility statement',
    ])
      expect(english).toContain(`${heading}</h`);
    expect(english).toContain('Equality and Human Rights Commission (EHRC)');
    expect(english).toContain('href="https://www.equalityadvisoryservice.com/"');
    expect(english).toMatch(/axe accessibility engine[^<]*WCAG 2\.2[^<]*Chromium[^<]*320 and 390 pixels/);
    expect(english).toContain('with a keyboard alone');
    expect(english).toContain('with JavaScript turned off');
    expect(english).toMatch(/prepared on 1 December 2026/);
    expect(english).toContain('>01632 960000</a>');
  });

  it('is in Arabic too, right to left, with the English proper names only', () => {
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('بيان إمكانية الوصول');
    const properNames = [
      'Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations',
      'AbilityNet',
      'EHRC',
      'EASS',
      'WCAG',
      // The conformance level's name ("A and AA").
      'AA',
      'JavaScript',
      'Chromium',
      'axe',
      'NHS.UK',
    ];
    let text = visibleText(arabic);
    for (const name of properNames) text = text.replaceAll(name, '');
    expect(englishWordsIn(text)).toEqual([]);
  });
});

describe('which language a link page speaks', () => {
  it('speaks the language stored with the request, whatever the browser prefers', () => {
    expect(linkPageLanguage({ stored: 'ar', acceptLanguage: 'en-GB,en;q=0.9' })).toBe('ar');
    expect(linkPageLanguage({ stored: 'en', acceptLanguage: 'ar' })).toBe('en');
  });

  it('lets the page’s own language link choose, for someone who reads the other language', () => {
    expect(linkPageLanguage({ stored: 'ar', explicit: 'en' })).toBe('en');
  });

  it('follows the browser when nothing is stored (a volunteer’s link), then English', () => {
    expect(linkPageLanguage({ acceptLanguage: 'ar-SY,ar;q=0.9' })).toBe('ar');
    expect(linkPageLanguage({ explicit: 'xx', acceptLanguage: 'fr' })).toBe('en');
  });
});

describe('the cancel page', () => {
  it.each([
    ['en', 'No, keep my request', 'Your request is still on'],
    ['ar', 'لا، أبقِ طلبي', 'طلبك ما زال قائمًا'],
  ] as const)(
    'offers "keep my request" beside cancel, outside the form that cancels (%s)',
    (lang, keep, kept) => {
      for (const view of [
        { kind: 'confirm', action: 'cancel', summary },
        { kind: 'confirm', action: 'cancel', summary: weekly },
      ] as const) {
        const page = renderSelfService(view, { path: `/cancel/${TOKEN}`, contact, lang }).body;
        const form = /<form[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
        expect(form).not.toBe('');
        expect(form).not.toContain(keep);
        expect(page).toMatch(new RegExp(`<summary[^>]*>\\s*<span[^>]*>${keep}</span>`));
        expect(page).toContain(kept);
        expect(page).toContain('href="tel:');
      }
    },
  );

  it('is not offered on a volunteer’s done page', () => {
    const page = renderSelfService(
      { kind: 'confirm', action: 'done', summary },
      { path: `/done/${TOKEN}`, contact },
    ).body;
    expect(page).not.toContain('keep my request');
  });
});
