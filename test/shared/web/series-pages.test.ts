import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../../shared/domain/admin/requests.js';
import type {
  AcceptedDetails,
  InviteSummary,
  RespondView,
  SchemeContact,
} from '../../../shared/domain/views.js';
import { parseHelpRequest } from '../../../shared/schema/request.js';
import { renderRequestPage } from '../../../shared/web/admin/pages.js';
import { renderNewRequest } from '../../../shared/web/admin/request-form.js';
import { renderRequestForm, renderRespondPage } from '../../../shared/web/pages.js';
import { aRequest } from '../../support/builders.js';

/** Recurring help: the "how often" question, the volunteer's three answers, the series link. */

const contact: SchemeContact = { schemeName: 'Community Kindness', schemePhone: '01632 960 000' };
const TODAY = '2026-11-20';

const summary: InviteSummary = {
  reference: 'GCK-7F3K2',
  helpType: 'shopping',
  area: 'GL50',
  neededBy: '2026-11-26',
  urgent: false,
  details: 'Milk and bread from the corner shop',
};

const details: AcceptedDetails = {
  ...summary,
  requester: {
    name: 'Mary Testperson',
    phone: '07700 900 982',
    addressLine1: '12 Acacia Avenue',
    postcode: 'GL50 1AB',
  },
};

/** The radio inputs of one group, in page order: value and whether it is checked. */
function radiosOf(page: string, name: string): { id: string; value: string; checked: boolean }[] {
  return [...page.matchAll(/<input\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => tag.includes(`name="${name}"`) && tag.includes('type="radio"'))
    .map((tag) => ({
      id: /\sid="([^"]+)"/.exec(tag)?.[1] ?? '',
      value: /\svalue="([^"]+)"/.exec(tag)?.[1] ?? '',
      checked: /\schecked\b/.test(tag),
    }));
}

/** The text of the label for an input id, whitespace collapsed. */
function labelFor(page: string, id: string): string | undefined {
  const match = new RegExp(`<label\\b[^>]*\\bfor="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(page);
  return match?.[1]?.replace(/\s+/g, ' ').trim();
}

/** The submit buttons of the page, in order: their value and visible text. */
function buttonsOf(page: string): { value: string; text: string; secondary: boolean }[] {
  return [...page.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((match) => ({
    value: /\svalue="([^"]+)"/.exec(match[1] ?? '')?.[1] ?? '',
    text: (match[2] ?? '').replace(/\s+/g, ' ').trim(),
    secondary: (match[1] ?? '').includes('nhsuk-button--secondary'),
  }));
}

function errorSummaryLinks(page: string): string[] {
  const start = page.indexOf('nhsuk-error-summary"');
  if (start === -1) return [];
  const summaryHtml = page.slice(start, page.indexOf('</ul>', start));
  return [...summaryHtml.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
}

const text = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the request form asks how often help is needed', () => {
  const page = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });

  it('offers just once, every week and every two weeks, with just once checked', () => {
    expect(radiosOf(page, 'frequency')).toEqual([
      { id: 'frequency', value: 'once', checked: true },
      { id: 'frequency-2', value: 'weekly', checked: false },
      { id: 'frequency-3', value: 'fortnightly', checked: false },
    ]);
    expect(labelFor(page, 'frequency')).toBe('Just once');
    expect(labelFor(page, 'frequency-2')).toBe('Every week');
    expect(labelFor(page, 'frequency-3')).toBe('Every two weeks');
  });

  it('asks it in a fieldset with a legend and a hint about stopping, right after the kind of help', () => {
    expect(page).toMatch(
      /<fieldset\s+class="nhsuk-fieldset"\s+aria-describedby="frequency-hint"\s*>\s*<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">How often is this help needed\?<\/legend>/,
    );
    expect(text(page)).toContain('You can stop it at any time from your confirmation email');
    const helpType = page.indexOf('name="helpType"');
    const frequency = page.indexOf('name="frequency"');
    const details = page.indexOf('name="details"');
    expect(helpType).toBeGreaterThan(-1);
    expect(frequency).toBeGreaterThan(helpType);
    expect(frequency).toBeLessThan(details);
  });

  it('posts values the schema accepts, and the schema defaults to just once when nothing is sent', () => {
    const base = {
      name: 'Mary',
      onBehalf: 'no',
      phone: '07700900982',
      addressLine1: '1 High Street',
      postcode: 'GL50 1AB',
      helpType: 'shopping',
      neededBy: '2026-11-25',
      consent: 'yes',
    };
    for (const { value } of radiosOf(page, 'frequency')) {
      const parsed = parseHelpRequest({ ...base, frequency: value }, TODAY);
      expect(parsed.ok && parsed.value.frequency, value).toBe(value);
    }
    const without = parseHelpRequest(base, TODAY);
    expect(without.ok && without.value.frequency).toBe('once');
  });

  it('keeps the chosen answer when the page comes back with errors', () => {
    const again = renderRequestForm({
      contact,
      idempotencyKey: 'key-1',
      today: TODAY,
      values: { frequency: 'fortnightly' },
      errors: [{ field: 'name', message: 'Enter the name of the person who needs help' }],
    });
    expect(radiosOf(again, 'frequency').filter((r) => r.checked)).toEqual([
      { id: 'frequency-3', value: 'fortnightly', checked: true },
    ]);
  });

  it('links its error in the summary to the first answer, and marks the question', () => {
    const withError = renderRequestForm({
      contact,
      idempotencyKey: 'key-1',
      today: TODAY,
      values: { helpType: 'shopping', frequency: 'hourly' },
      errors: [
        {
          field: 'consent',
          message: 'Select yes to agree that we can share these details with the volunteer who helps',
        },
        { field: 'frequency', message: 'Select how often help is needed' },
        { field: 'name', message: 'Enter the name of the person who needs help' },
      ],
    });
    const links = errorSummaryLinks(withError);
    expect(links[1]).toBe('#frequency Select how often help is needed');
    expect(links.map((link) => link.split(' ')[0])).toEqual(['#name', '#frequency', '#consent']);
    expect(withError).toMatch(
      /<fieldset\s+class="nhsuk-fieldset"\s+aria-describedby="frequency-hint frequency-error"/,
    );
    expect(withError).toMatch(
      /id="frequency-error"\s*><span class="nhsuk-u-visually-hidden">Error: <\/span>Select how often help is needed/,
    );
    // A value the schema refused matches no answer, so none is shown as chosen: the person picks one.
    expect(
      radiosOf(withError, 'frequency')
        .filter((r) => r.checked)
        .map((r) => r.value),
    ).toEqual([]);
  });

  it('asks it in Arabic, with the error in Arabic', () => {
    const arabic = renderRequestForm({
      contact,
      idempotencyKey: 'key-1',
      today: TODAY,
      lang: 'ar',
      errors: [{ field: 'frequency', message: 'Select how often help is needed' }],
    });
    expect(arabic).toContain('ما مدى تكرار المساعدة المطلوبة؟');
    expect(labelFor(arabic, 'frequency')).toBe('مرة واحدة فقط');
    expect(labelFor(arabic, 'frequency-2')).toBe('كل أسبوع');
    expect(labelFor(arabic, 'frequency-3')).toBe('كل أسبوعين');
    expect(errorSummaryLinks(arabic)).toEqual(['#frequency اختر مدى تكرار المساعدة المطلوبة']);
    expect(arabic).not.toContain('Every week');
  });
});

describe('the prescriber’s phone-request form asks how often too', () => {
  it('offers the same three answers with just once checked, and keeps a chosen one', () => {
    const page = renderNewRequest({ contact, idempotencyKey: 'k', today: TODAY });
    expect(radiosOf(page, 'frequency')).toEqual([
      { id: 'frequency', value: 'once', checked: true },
      { id: 'frequency-2', value: 'weekly', checked: false },
      { id: 'frequency-3', value: 'fortnightly', checked: false },
    ]);
    expect(labelFor(page, 'frequency-2')).toBe('Every week');
    const again = renderNewRequest({
      contact,
      idempotencyKey: 'k',
      today: TODAY,
      values: { frequency: 'weekly' },
      errors: [{ field: 'frequency', message: 'Select how often help is needed' }],
    });
    expect(
      radiosOf(again, 'frequency')
        .filter((r) => r.checked)
        .map((r) => r.value),
    ).toEqual(['weekly']);
    expect(errorSummaryLinks(again)).toEqual(['#frequency Select how often help is needed']);
  });
});

describe('the volunteer’s respond page for recurring help', () => {
  const render = (view: RespondView) => renderRespondPage(view, { token: 'tok_en-1', contact });

  it('keeps one-off help to yes and no, with no "how often" row', () => {
    for (const frequency of [undefined, 'once'] as const) {
      const page = render({ kind: 'open', summary: { ...summary, frequency }, volunteerFirstName: 'Sam' });
      expect(buttonsOf(page)).toEqual([
        { value: 'accept', text: 'Yes, I can help', secondary: false },
        { value: 'decline', text: 'No, I cannot help this time', secondary: true },
      ]);
      expect(page).not.toContain('How often');
      expect(page).not.toContain('accept-series');
    }
  });

  it('offers every week, just this once and no, all in the one form', () => {
    const page = render({
      kind: 'open',
      summary: { ...summary, frequency: 'weekly' },
      volunteerFirstName: 'Sam',
    });
    expect([...page.matchAll(/<form\b/g)]).toHaveLength(1);
    const form = /<form\b[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
    expect(buttonsOf(form)).toEqual([
      { value: 'accept-series', text: 'Yes, I can help every week', secondary: false },
      { value: 'accept', text: 'Yes, just this once', secondary: true },
      { value: 'decline', text: 'No, I cannot help this time', secondary: true },
    ]);
    expect([...form.matchAll(/<button\b[^>]*\sname="action"/g)]).toHaveLength(3);
    expect(page).toMatch(
      /<dt class="nhsuk-summary-list__key">How often<\/dt>\s*<dd class="nhsuk-summary-list__value">Every week<\/dd>/,
    );
    expect(text(page)).toContain(
      'If you say yes every week, we will email you the details before each visit and ask nobody else. You can stop at any time.',
    );
  });

  it('says every two weeks for fortnightly help', () => {
    const page = render({
      kind: 'open',
      summary: { ...summary, frequency: 'fortnightly' },
      volunteerFirstName: 'Sam',
    });
    expect(buttonsOf(page)[0]).toEqual({
      value: 'accept-series',
      text: 'Yes, I can help every two weeks',
      secondary: false,
    });
    expect(page).toMatch(/How often<\/dt>\s*<dd class="nhsuk-summary-list__value">Every two weeks<\/dd>/);
    expect(page).not.toContain('every week');
  });

  it('tells a volunteer who said every week that each visit’s details will come by email', () => {
    const page = render({
      kind: 'accepted',
      details: { ...details, frequency: 'weekly' },
      committedToSeries: true,
    });
    expect(text(page)).toContain(
      'You have said you will help every week: we will email you the details before each visit.',
    );
    expect(page).toMatch(/How often<\/dt>\s*<dd class="nhsuk-summary-list__value">Every week<\/dd>/);
  });

  it('tells a volunteer who said just this once that we will ask again next time', () => {
    const page = render({ kind: 'accepted', details: { ...details, frequency: 'fortnightly' } });
    expect(text(page)).not.toContain('You have said you will help');
    expect(text(page)).toContain(
      'You said yes to this visit only, so we will ask volunteers again for the next one.',
    );
  });

  it('says nothing about visits on one-off help', () => {
    const page = render({ kind: 'accepted', details });
    expect(text(page)).not.toMatch(/every week|visit/i);
  });
});

describe('the prescriber’s request page for one visit of recurring help', () => {
  const detailOf = (overrides: Parameters<typeof aRequest>[0]): RequestDetail => ({
    request: aRequest(overrides),
    audit: [],
    invites: [],
    volunteerNames: {},
    candidates: [],
    offering: 0,
    newToAsk: 0,
    waves: [],
  });
  const render = (detail: RequestDetail) => renderRequestPage(detail, { contact, prescriberId: 'p-1' });

  it('says which visit it is and links to every visit', () => {
    const page = render(detailOf({ seriesId: 'req/1 &2', occurrence: 3, frequency: 'weekly' }));
    expect(text(page)).toContain('Visit 3 of weekly help. See every visit');
    expect(page).toContain('<a href="/admin/series/req%2F1%20%262">See every visit</a>');
    expect(page.indexOf('See every visit')).toBeLessThan(page.indexOf('nhsuk-summary-list'));
  });

  it('says fortnightly for help every two weeks', () => {
    const page = render(detailOf({ seriesId: 'req-9', occurrence: 1, frequency: 'fortnightly' }));
    expect(text(page)).toContain('Visit 1 of fortnightly help.');
  });

  it('has no series line for one-off help', () => {
    const page = render(detailOf({}));
    expect(page).not.toContain('See every visit');
    expect(page).not.toContain('/admin/series/');
  });
});
