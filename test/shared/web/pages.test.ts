import { describe, expect, it } from 'vitest';
import { HELP_TYPES, HELP_TYPE_LABELS } from '../../../shared/vocabulary/help-types.js';
import type {
  AcceptedDetails,
  InviteSummary,
  RespondView,
  SchemeContact,
} from '../../../shared/domain/views.js';
import { LIMITS, requestSchema, type FieldError } from '../../../shared/schema/request.js';
import { renderRequestPage } from '../../../shared/web/admin/pages.js';
import { translateFieldError } from '../../../shared/web/field-errors.js';
import {
  renderErrorPage,
  renderOutsideArea,
  renderRequestForm,
  renderRequestReceived,
  renderRespondPage,
} from '../../../shared/web/pages.js';
import { aRequest } from '../../support/builders.js';

const contact: SchemeContact = { schemeName: 'Community Kindness', schemePhone: '01632 960 000' };
const TODAY = '2026-11-20';

const summary: InviteSummary = {
  reference: 'GCK-7F3K2',
  helpType: 'shopping',
  area: 'GL50',
  neededBy: '2026-11-26',
  urgent: true,
  details: 'Milk and bread from the corner shop',
};

const details: AcceptedDetails = {
  ...summary,
  requester: {
    name: 'Mary Testperson',
    askedBy: { name: 'John Testperson', relationship: 'son' },
    phone: '07700 900 982',
    email: 'mary@example.com',
    addressLine1: '12 Acacia Avenue',
    addressLine2: 'Flat 3',
    town: 'Cheltenham',
    postcode: 'GL50 1AB',
  },
};

/** Each of the person's details as a page shows them: the phone spaced as people say it, and dialled. */
const requesterValues = [
  'Mary Testperson',
  'John Testperson',
  '07700 900982',
  '07700900982',
  'mary@example.com',
  '12 Acacia Avenue',
  'Flat 3',
  'GL50 1AB',
];

// --- tiny HTML readers: enough for these assertions without a DOM dependency ---

function tagWithId(page: string, id: string): string | undefined {
  const match = new RegExp(`<(input|textarea|select|button|div|fieldset)\\b[^>]*\\bid="${id}"[^>]*>`).exec(
    page,
  );
  return match?.[0];
}

function attribute(tag: string | undefined, name: string): string | undefined {
  return tag ? new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
}

function allIds(page: string): string[] {
  return [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? '');
}

function count(page: string, pattern: RegExp): number {
  return [...page.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length;
}

function errorSummaryOf(page: string): string {
  const start = page.indexOf('nhsuk-error-summary"');
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</ul>', start));
}

const formWithErrors = (errors: FieldError[], values: Record<string, string | undefined> = {}) =>
  renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY, errors, values });

const allPages: [string, string][] = [
  ['request form', renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY })],
  ['request form with errors', formWithErrors([{ field: 'name', message: 'Enter a name' }])],
  ['request received', renderRequestReceived({ reference: 'GCK-7F3K2', contact })],
  ['outside area', renderOutsideArea({ contact })],
  ...(
    [
      { kind: 'open', summary, volunteerFirstName: 'Sam' },
      { kind: 'accepted', details },
      { kind: 'already-accepted', summary },
      { kind: 'declined', summary },
      { kind: 'already-declined', summary },
      { kind: 'taken', summary },
      { kind: 'closed', summary },
      { kind: 'expired' },
      { kind: 'invalid' },
    ] satisfies RespondView[]
  ).map((view): [string, string] => [
    `respond ${view.kind}`,
    renderRespondPage(view, { token: 'tok_en-1', contact }),
  ]),
  ...([400, 403, 404, 500] as const).map((status): [string, string] => [
    `error ${status}`,
    renderErrorPage({ status, contact }),
  ]),
];

describe('every page', () => {
  it.each(allPages)('%s uses the NHS.UK layout with the scheme name, skip link and assets', (_name, page) => {
    expect(page).toMatch(/^\s*<!DOCTYPE html>/);
    expect(page).toContain('<html lang="en" dir="ltr">');
    expect(page).toMatch(/<title>(Error: )?[^<]+ – Community Kindness<\/title>/);
    expect(page).toMatch(
      /<a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent"\s*>\s*Skip to main content\s*<\/a/,
    );
    expect(page).toMatch(/<main class="nhsuk-main-wrapper" id="maincontent">/);
    expect(page).toMatch(/<a class="nhsuk-header__service-name" href="\/"[^>]*>\s*Community Kindness\s*<\/a/);
    expect(page).toContain('<link rel="stylesheet" href="/assets/nhsuk-frontend.min.css"');
    expect(page).toContain('<link rel="stylesheet" href="/assets/site.css"');
    expect(page).toMatch(/<script type="module" src="\/assets\/init\.js"><\/script>/);
    expect(page).toContain('href="/assets/favicon.ico"');
  });

  it.each(allPages)('%s has no inline script or inline style, so a strict CSP allows it', (_name, page) => {
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    for (const script of scripts) {
      expect(script[1]).toContain('src=');
      expect(script[2]?.trim()).toBe('');
    }
    expect(page).not.toMatch(/\sstyle=/);
    expect(page).not.toMatch(/<style\b/);
    expect(page).not.toMatch(/\son[a-z]+=/);
  });

  it.each(allPages)('%s has exactly one h1 and unique ids', (_name, page) => {
    expect(count(page, /<h1\b/)).toBe(1);
    const ids = allIds(page);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(allPages)('%s gives the scheme phone number as a link people can tap', (_name, page) => {
    expect(page).toContain('<a href="tel:01632960000" class="nhsuk-u-nowrap" dir="ltr">01632 960 000</a>');
  });

  it.each(allPages)('%s points every label and aria-describedby at an element that exists', (_name, page) => {
    const ids = new Set(allIds(page));
    for (const match of page.matchAll(/<label\b[^>]*\bfor="([^"]+)"/g)) expect(ids).toContain(match[1]);
    for (const match of page.matchAll(/aria-describedby="([^"]+)"/g)) {
      for (const id of (match[1] ?? '').split(' ')) expect(ids).toContain(id);
    }
  });
});

describe('renderRequestForm', () => {
  const page = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });

  it('posts form-encoded to /requests without browser validation', () => {
    const form = /<form\b[^>]*>/.exec(page)?.[0] ?? '';
    expect(attribute(form, 'method')).toBe('post');
    expect(attribute(form, 'action')).toBe('/requests');
    expect(attribute(form, 'enctype')).toBe('application/x-www-form-urlencoded');
    expect(form).toMatch(/\snovalidate\b/);
  });

  it('names every field exactly as the schema does, with the date as three boxes', () => {
    const names = new Set([...page.matchAll(/\sname="([^"]+)"/g)].map((match) => match[1]));
    const schemaFields = Object.keys(requestSchema(TODAY).shape);
    for (const field of schemaFields) {
      if (field === 'neededBy') continue;
      // Asked only on forms in a language not written in English letters (checked on the Arabic form).
      if (field === 'nameInEnglishLetters') continue;
      expect(names).toContain(field);
    }
    expect(names).toContain('neededBy-day');
    expect(names).toContain('neededBy-month');
    expect(names).toContain('neededBy-year');
    expect(names).not.toContain('neededBy');
  });

  it('gives every input an id equal to its name (the first radio of a group included)', () => {
    for (const id of [
      'name',
      'requesterName',
      'relationship',
      'phone',
      'email',
      'addressLine1',
      'addressLine2',
      'town',
      'postcode',
      'details',
      'neededBy-day',
      'neededBy-month',
      'neededBy-year',
      'website',
      'onBehalf',
      'helpType',
      'frequency',
      'consent',
    ]) {
      const expectedName = id;
      expect(attribute(tagWithId(page, id), 'name'), id).toBe(expectedName);
    }
  });

  it('uses the right input types and autocomplete values', () => {
    expect(attribute(tagWithId(page, 'phone'), 'type')).toBe('tel');
    expect(attribute(tagWithId(page, 'phone'), 'autocomplete')).toBe('tel');
    expect(attribute(tagWithId(page, 'email'), 'type')).toBe('email');
    expect(attribute(tagWithId(page, 'email'), 'autocomplete')).toBe('email');
    expect(attribute(tagWithId(page, 'postcode'), 'autocomplete')).toBe('postal-code');
    expect(attribute(tagWithId(page, 'postcode'), 'class')).toContain('nhsuk-input--width-10');
    expect(attribute(tagWithId(page, 'addressLine1'), 'autocomplete')).toBe('address-line1');
    expect(attribute(tagWithId(page, 'neededBy-day'), 'inputmode')).toBe('numeric');
  });

  it('offers the help types as radios in the configured order', () => {
    const values = [...page.matchAll(/name="helpType"\s+type="radio"\s+value="([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(values).toEqual([...HELP_TYPES]);
    for (const helpType of HELP_TYPES) expect(page).toContain(HELP_TYPE_LABELS[helpType]);
  });

  it('asks yes or no about asking for someone else, with the extra questions always visible', () => {
    const values = [...page.matchAll(/name="onBehalf"\s+type="radio"\s+value="([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(values).toEqual(['yes', 'no']);
    expect(page).toMatch(/<legend[^>]*>\s*If you are asking for someone else\s*<\/legend>/);
    expect(page).not.toContain('nhsuk-radios__conditional');
    expect(page).not.toMatch(/\shidden\b/);
  });

  it('limits the details box and warns not to put personal details in it', () => {
    expect(attribute(tagWithId(page, 'details'), 'maxlength')).toBe(String(LIMITS.details));
    expect(page.replace(/\s+/g, ' ')).toContain(
      'Do not include names, addresses or phone numbers here. We only share those with the volunteer who says yes.',
    );
    expect(attribute(tagWithId(page, 'details'), 'aria-describedby')).toBe('details-hint');
  });

  it('asks for the date in a fieldset with a legend and an example date after today', () => {
    const group = tagWithId(page, 'neededBy');
    expect(group).toContain('nhsuk-date-input');
    expect(page).toMatch(/<fieldset[^>]*role="group"[^>]*aria-describedby="neededBy-hint"/);
    expect(page).toContain('For example, 27 11 2026');
  });

  it('asks for consent with a single checkbox worth "yes"', () => {
    expect(count(page, /type="checkbox"/)).toBe(1);
    expect(attribute(tagWithId(page, 'consent'), 'value')).toBe('yes');
    expect(page).toContain('I agree that my details can be shared with the volunteer who takes this request');
  });

  it('hides the honeypot from people, screen readers and the keyboard', () => {
    const wrapper = /<div class="nhsuk-u-visually-hidden" aria-hidden="true">([\s\S]*?)<\/div>/.exec(page);
    expect(wrapper).not.toBeNull();
    const input = tagWithId(wrapper?.[1] ?? '', 'website');
    expect(attribute(input, 'tabindex')).toBe('-1');
    expect(attribute(input, 'autocomplete')).toBe('off');
    expect(wrapper?.[1]).toContain('Leave this field blank');
  });

  it('carries the idempotency key in a hidden field', () => {
    expect(page).toMatch(/<input type="hidden" name="idempotencyKey" value="key-1"/);
  });

  it('explains what happens next and who sees the details before the form', () => {
    const beforeForm = page.slice(0, page.indexOf('<form')).replace(/\s+/g, ' ');
    expect(beforeForm).toContain('What happens next');
    expect(beforeForm).toMatch(/volunteer who says yes gets in touch with you, usually within a day/);
    expect(beforeForm).toMatch(/social prescriber will call you/);
    expect(beforeForm).toMatch(
      /Only the volunteer who says yes and our social prescriber see the name, address/,
    );
    expect(beforeForm).toContain('We delete your details 90 days after the date you need help by.');
  });

  it('shows no error summary and no error title when there are no errors', () => {
    expect(page).not.toContain('nhsuk-error-summary');
    expect(page).not.toContain('nhsuk-form-group--error');
    expect(page).toContain('<title>Ask for help – Community Kindness</title>');
  });
});

describe('renderRequestForm with errors', () => {
  const errors: FieldError[] = [
    {
      field: 'consent',
      message: 'Select yes to agree that we can share these details with the volunteer who helps',
    },
    { field: 'neededBy', message: 'Enter the date help is needed by' },
    { field: 'name', message: 'Enter the name of the person who needs help' },
    { field: 'helpType', message: 'Select the kind of help needed' },
    { field: 'phone', message: 'Enter a phone number or an email address so the volunteer can contact you' },
    { field: 'onBehalf', message: 'Select yes if you are asking for someone else' },
    { field: 'details', message: 'Tell us what help is needed' },
  ];
  const page = formWithErrors(errors);

  it('puts "Error: " before the page title', () => {
    expect(page).toContain('<title>Error: Ask for help – Community Kindness</title>');
  });

  it('shows an error summary that takes focus and is announced', () => {
    expect(page).toMatch(/<div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex="-1">/);
    expect(errorSummaryOf(page)).toContain('role="alert"');
    expect(page.indexOf('nhsuk-error-summary')).toBeLessThan(page.indexOf('<h1'));
  });

  it('links each error in the summary to its field', () => {
    const links = [...errorSummaryOf(page).matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)];
    expect(links).toHaveLength(errors.length);
    for (const [, target, message] of links) {
      expect(tagWithId(page, target ?? ''), target).toBeDefined();
      const error = errors.find((candidate) => translateFieldError('en', candidate).message === message);
      expect(error, message).toBeDefined();
    }
  });

  it('links a date error to the day box', () => {
    expect(errorSummaryOf(page)).toContain('<a href="#neededBy-day">Enter the date help is needed by</a>');
  });

  it('lists errors in the order the questions appear on the page', () => {
    const order = [...errorSummaryOf(page).matchAll(/<a href="#([^"]+)">/g)].map((match) => match[1]);
    expect(order).toEqual(['name', 'onBehalf', 'phone', 'helpType', 'details', 'neededBy-day', 'consent']);
  });

  it('shows each message next to its field, tied to it with aria-describedby', () => {
    const name = tagWithId(page, 'name');
    expect(attribute(name, 'class')).toContain('nhsuk-input--error');
    expect(attribute(name, 'aria-describedby')).toContain('name-error');
    expect(page).toMatch(
      /<span class="nhsuk-error-message" id="name-error"\s*><span class="nhsuk-u-visually-hidden">Error: <\/span>Enter the name of the person who needs help<\/span/,
    );
    expect(attribute(tagWithId(page, 'details'), 'class')).toContain('nhsuk-textarea--error');
    expect(attribute(tagWithId(page, 'neededBy-year'), 'class')).toContain('nhsuk-input--error');
    expect(page).toMatch(/<fieldset[^>]*aria-describedby="helpType-error"/);
    expect(page).toMatch(/<fieldset[^>]*aria-describedby="consent-error"/);
    expect(count(page, /nhsuk-error-message"/)).toBe(errors.length);
  });

  it('leaves fields without errors unmarked', () => {
    expect(attribute(tagWithId(page, 'email'), 'class')).toBe('nhsuk-input nhsuk-u-width-two-thirds');
    expect(attribute(tagWithId(page, 'email'), 'aria-describedby')).toBeUndefined();
  });

  it('lists a problem not tied to a field without a broken link', () => {
    const withFormError = formWithErrors([{ field: 'form', message: 'Unexpected field: colour' }]);
    expect(errorSummaryOf(withFormError)).toContain('<li>Unexpected field: colour</li>');
  });
});

describe('renderRequestForm re-filling values', () => {
  it('escapes a script tag in a re-filled value', () => {
    const page = formWithErrors([{ field: 'phone', message: 'Enter a UK phone number' }], {
      name: '"><script>alert(1)</script>',
      details: '</textarea><script>alert(2)</script>',
    });
    expect(page).not.toContain('<script>alert');
    expect(attribute(tagWithId(page, 'name'), 'value')).toBe(
      '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(page).toMatch(/>\s*&lt;\/textarea&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;<\/textarea>/);
  });

  it('keeps what the person typed in every box', () => {
    const page = formWithErrors([{ field: 'postcode', message: 'Enter a real postcode, like GL50 1AB' }], {
      name: 'Mary',
      phone: '07700 900 982',
      addressLine1: '12 Acacia Avenue',
      postcode: 'XX1',
      'neededBy-day': '3',
      'neededBy-month': 'Dec',
      'neededBy-year': '2026',
    });
    expect(attribute(tagWithId(page, 'name'), 'value')).toBe('Mary');
    expect(attribute(tagWithId(page, 'phone'), 'value')).toBe('07700 900 982');
    expect(attribute(tagWithId(page, 'addressLine1'), 'value')).toBe('12 Acacia Avenue');
    expect(attribute(tagWithId(page, 'postcode'), 'value')).toBe('XX1');
    expect(attribute(tagWithId(page, 'neededBy-day'), 'value')).toBe('3');
    expect(attribute(tagWithId(page, 'neededBy-month'), 'value')).toBe('Dec');
    expect(attribute(tagWithId(page, 'neededBy-year'), 'value')).toBe('2026');
  });

  it('fills the date boxes from a combined date when the parts are gone', () => {
    const page = formWithErrors([], { neededBy: '2026-12-03' });
    expect(attribute(tagWithId(page, 'neededBy-day'), 'value')).toBe('3');
    expect(attribute(tagWithId(page, 'neededBy-month'), 'value')).toBe('12');
    expect(attribute(tagWithId(page, 'neededBy-year'), 'value')).toBe('2026');
  });

  it('keeps the chosen radios and the consent tick', () => {
    const page = formWithErrors([], {
      onBehalf: 'no',
      helpType: 'lift',
      frequency: 'weekly',
      consent: 'yes',
    });
    expect(tagWithId(page, 'onBehalf-2')).toMatch(/value="no"\s+checked/);
    expect(tagWithId(page, 'onBehalf')).not.toMatch(/\schecked/);
    expect(page).toMatch(/value="lift"\s+checked/);
    expect(tagWithId(page, 'frequency-2')).toMatch(/value="weekly"\s+checked/);
    expect(count(page, /\schecked\b/)).toBe(4);
    expect(tagWithId(page, 'consent')).toMatch(/\schecked/);
  });

  it('does not re-fill the honeypot', () => {
    const page = formWithErrors([], { website: 'http://spam.example' });
    expect(page).not.toContain('spam.example');
  });
});

describe('renderRequestReceived', () => {
  const page = renderRequestReceived({ reference: 'GCK-7F3K2', contact });

  it('confirms with an NHS panel carrying the reference', () => {
    expect(page).toMatch(
      /<div class="nhsuk-panel">\s*<h1 class="nhsuk-panel__heading">Request received<\/h1>/,
    );
    expect(page).toContain('<strong dir="ltr">GCK-7F3K2</strong>');
  });

  it('explains what happens next, who to call and what to do in an emergency', () => {
    const text = page.replace(/\s+/g, ' ');
    expect(text).toContain('We are contacting volunteers near you.');
    expect(text).toContain('The first volunteer who says yes will contact you, usually within a day.');
    expect(text).toContain('If nobody can help, our social prescriber will call you.');
    expect(text).toMatch(/If it is urgent or you are worried, call <a href="tel:01632960000"/);
    expect(text).toContain('In an emergency, call 999');
    expect(text).toContain('NHS 111');
  });

  it('escapes the reference', () => {
    expect(renderRequestReceived({ reference: '<b>x</b>', contact })).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('says where the confirmation went, by the channel they chose, and no longer only mentions email', () => {
    const said = (contactBy?: 'text' | 'email' | 'both') =>
      renderRequestReceived({ reference: 'GCK-7F3K2', contact, ...(contactBy ? { contactBy } : {}) }).replace(
        /\s+/g,
        ' ',
      );
    expect(said('text')).toContain('We have sent you a confirmation by text message.');
    expect(said('email')).toContain('We have sent you a confirmation email.');
    expect(said('both')).toContain('We have sent you a confirmation by text message and by email.');
    expect(said()).toContain(
      'If you gave us a mobile number or an email address, we have sent you a confirmation.',
    );
    expect(said('text')).not.toContain('If you gave us an email address');
  });

  it('keeps the channel when switching language', () => {
    expect(renderRequestReceived({ reference: 'GCK-7F3K2', contact, contactBy: 'text' })).toContain(
      'href="/requests/received?ref=GCK-7F3K2&amp;by=text&amp;lang=ar"',
    );
  });
});

describe('the form asks how to contact them', () => {
  const contactByRadios = (page: string) =>
    [...page.matchAll(/<input[^>]*name="contactBy"[^>]*>/g)].map((m) => attribute(m[0], 'value'));

  it('offers text, email or both, with none chosen for them', () => {
    const page = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });
    expect(contactByRadios(page)).toEqual(['text', 'email', 'both']);
    expect(page).not.toMatch(/name="contactBy"[^>]*checked/);
    const text = page.replace(/\s+/g, ' ');
    expect(text).toContain('How should we send you updates?');
    expect(text).toContain('By text message');
    expect(text).toContain('Text messages need a mobile number.');
  });

  it('asks in Arabic on the Arabic form', () => {
    const page = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY, lang: 'ar' });
    expect(contactByRadios(page)).toEqual(['text', 'email', 'both']);
    expect(page).toContain('برسالة نصية');
  });

  it('keeps the choice and shows the missing detail’s message, linked from the summary', () => {
    const page = renderRequestForm({
      contact,
      idempotencyKey: 'key-1',
      today: TODAY,
      values: { contactBy: 'text', phone: '01632 960 001' },
      errors: [
        { field: 'phone', message: 'Enter a UK mobile number so we can text you, like 07700 900 982' },
      ],
    });
    expect(page).toMatch(/value="text"[^>]*checked|checked[^>]*value="text"/);
    expect(page).toContain('href="#phone"');
    expect(page).toContain('Enter a UK mobile number so we can text you, like 07700 900 982');
  });
});

describe('renderOutsideArea', () => {
  const page = renderOutsideArea({ contact });

  it('says sorry, gives the phone number and links back to the form', () => {
    expect(page).toMatch(/<h1[^>]*>Sorry, our volunteers do not cover your area<\/h1>/);
    expect(page).toMatch(
      /Call <a href="tel:01632960000"[^>]*>01632 960 000<\/a> and we will try to find help near you/,
    );
    expect(page).toContain('<a href="/">ask for help again</a>');
  });
});

describe('renderRespondPage', () => {
  const render = (view: RespondView, token = 'abc_DEF-123') => renderRespondPage(view, { token, contact });

  describe('open', () => {
    const page = render({ kind: 'open', summary, volunteerFirstName: 'Sam' });

    it('shows the help, area, formatted date, urgency and details', () => {
      expect(page).toContain('Shopping');
      expect(page).toContain('GL50');
      expect(page).toContain('Thursday 26 November 2026');
      expect(page).toContain('<strong class="nhsuk-tag nhsuk-tag--red">Urgent</strong>');
      expect(page).toContain('Milk and bread from the corner shop');
      expect(page).toContain('Hello Sam');
    });

    it('has one form that posts to the same respond link with a yes and a no button', () => {
      expect(count(page, /<form\b/)).toBe(1);
      const form = /<form\b[^>]*>/.exec(page)?.[0];
      expect(attribute(form, 'method')).toBe('post');
      expect(attribute(form, 'action')).toBe('/respond/abc_DEF-123');
      expect(page).toMatch(
        /<button\s+class="nhsuk-button"[^>]*name="action"\s+value="accept"\s*>\s*Yes, I can help\s*<\/button>/,
      );
      expect(page).toMatch(
        /<button\s+class="nhsuk-button nhsuk-button--secondary"[^>]*name="action"\s+value="decline"\s*>\s*No, I cannot help this time\s*<\/button>/,
      );
    });

    it('does nothing on its own: no script, no auto-submit, no refresh', () => {
      expect(page).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(page).not.toMatch(/http-equiv/i);
      expect(page).not.toMatch(/autofocus/);
    });

    it('says the address and contact details come only after saying yes', () => {
      expect(page).toContain('name, address and contact details are shown only after you say yes');
    });

    it('keeps a hostile token inside the form action', () => {
      const hostile = render({ kind: 'open', summary, volunteerFirstName: 'Sam' }, '"><script>x</script>');
      expect(hostile).not.toContain('<script>x');
      expect(attribute(/<form\b[^>]*>/.exec(hostile)?.[0], 'action')).toBe(
        '/respond/%22%3E%3Cscript%3Ex%3C%2Fscript%3E',
      );
    });

    it('escapes the volunteer name and the details', () => {
      const hostile = render({
        kind: 'open',
        summary: { ...summary, details: '<img src=x onerror=alert(1)>' },
        volunteerFirstName: '<b>Sam</b>',
      });
      expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(hostile).toContain('&lt;b&gt;Sam&lt;/b&gt;');
      expect(hostile).not.toContain('<img');
    });
  });

  describe('accepted', () => {
    const page = render({ kind: 'accepted', details });

    it('shows everything the volunteer needs to get in touch', () => {
      expect(page).toContain('Mary Testperson');
      expect(page).toContain('John Testperson (son)');
      expect(page).toContain('<a href="tel:07700900982" class="nhsuk-u-nowrap" dir="ltr">07700 900982</a>');
      expect(page).toContain('<a href="mailto:mary@example.com">mary@example.com</a>');
      expect(page).toMatch(/12 Acacia Avenue<br\s*\/?>Flat 3<br\s*\/?>Cheltenham<br\s*\/?>GL50 1AB/);
      expect(page).toContain('Shopping');
      expect(page).toContain('Thursday 26 November 2026');
      expect(page).toContain('Milk and bread from the corner shop');
    });

    it('says the details were emailed and what to do if they can no longer help', () => {
      const text = page.replace(/\s+/g, ' ');
      expect(text).toContain('We have also emailed you these details.');
      expect(text).toMatch(/contact them soon/);
      expect(text).toMatch(/If you can no longer help.*Call <a href="tel:01632960000"/);
    });

    it('leaves out the asked-by row when the person asked for themselves', () => {
      const own = render({
        kind: 'accepted',
        details: { ...details, requester: { ...details.requester, askedBy: undefined } },
      });
      expect(own).not.toContain('Asked by');
    });

    it('escapes everything the requester typed', () => {
      const hostile = render({
        kind: 'accepted',
        details: { ...details, requester: { ...details.requester, name: '<script>alert(1)</script>' } },
      });
      expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(hostile).not.toContain('<script>alert');
    });
  });

  it('tells a volunteer who already said yes that the details were emailed', () => {
    const page = render({ kind: 'already-accepted', summary });
    expect(page).toContain('You have already said yes to this request. We emailed you the details.');
  });

  it('shows a volunteer who pressed yes again their accepted page: already said yes, with the details', () => {
    const page = render({ kind: 'already-accepted', summary, details });
    expect(page).toMatch(/<h1[^>]*>You have already said yes<\/h1>/);
    for (const value of requesterValues) expect(page).toContain(value);
  });

  it.each(['declined', 'already-declined'] as const)('thanks a volunteer who said no (%s)', (kind) => {
    const page = render({ kind, summary });
    expect(page).toMatch(/<h1[^>]*>Thank you for letting us know<\/h1>/);
    expect(page).toContain('no problem');
  });

  it('tells a volunteer who was too late that someone has already said yes', () => {
    const page = render({ kind: 'taken', summary });
    expect(page.toLowerCase()).toContain('someone has already said yes');
    expect(page).toContain('thank you');
  });

  it('says a closed request no longer needs a volunteer', () => {
    expect(render({ kind: 'closed', summary })).toContain('This request no longer needs a volunteer');
  });

  it('explains an expired link and an invalid link', () => {
    expect(render({ kind: 'expired' })).toMatch(/<h1[^>]*>This link has expired<\/h1>/);
    expect(render({ kind: 'invalid' })).toMatch(/<h1[^>]*>This link is not valid<\/h1>/);
  });

  it('never shows the requester’s details before a volunteer has won the request, even if the view carries them', () => {
    // AcceptedDetails is an InviteSummary with more in it: a careless caller could pass one.
    const leaky: InviteSummary = details;
    const views: RespondView[] = [
      { kind: 'open', summary: leaky, volunteerFirstName: 'Sam' },
      { kind: 'already-accepted', summary: leaky },
      { kind: 'declined', summary: leaky },
      { kind: 'already-declined', summary: leaky },
      { kind: 'taken', summary: leaky },
      { kind: 'closed', summary: leaky },
    ];
    for (const view of views) {
      const page = render(view);
      // As typed, too: a page that showed the raw value would slip past the list above.
      for (const value of [...requesterValues, '07700 900 982'])
        expect(page, `${view.kind} shows ${value}`).not.toContain(value);
    }
  });

  it('keeps respond pages out of search engines', () => {
    expect(render({ kind: 'open', summary, volunteerFirstName: 'Sam' })).toContain(
      '<meta name="robots" content="noindex, nofollow"',
    );
  });
});

describe('renderErrorPage', () => {
  it('says page not found for 404', () => {
    const page = renderErrorPage({ status: 404, contact });
    expect(page).toMatch(/<h1[^>]*>Page not found<\/h1>/);
    expect(page).toContain('<title>Page not found – Community Kindness</title>');
  });

  it('apologises and gives the phone number for 500', () => {
    const page = renderErrorPage({ status: 500, contact });
    expect(page).toMatch(/<h1[^>]*>Sorry, there is a problem with the service<\/h1>/);
    expect(page).toMatch(/If you need help now, call <a href="tel:01632960000"/);
  });

  it.each([400, 403, 404, 500] as const)('shows no technical detail for %i', (status) => {
    const page = renderErrorPage({ status, contact });
    expect(page).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(page).not.toMatch(/Error:|stack|exception/i);
  });
});

describe('the public pages in Arabic', () => {
  const form = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY, lang: 'ar' });
  const arabicPages: [string, string][] = [
    ['request form', form],
    [
      'request form with errors',
      renderRequestForm({
        contact,
        idempotencyKey: 'key-1',
        today: TODAY,
        lang: 'ar',
        errors: [{ field: 'name', message: 'Enter the name of the person who needs help' }],
      }),
    ],
    ['request received', renderRequestReceived({ reference: 'GCK-7F3K2', contact, lang: 'ar' })],
    ['outside area', renderOutsideArea({ contact, lang: 'ar' })],
    ['not found', renderErrorPage({ status: 404, contact, lang: 'ar' })],
  ];

  it.each(arabicPages)('%s is marked as Arabic, right to left, with a link to English', (_name, page) => {
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page.replace(/<[^>]+>/g, ' ')).toMatch(/[\u0600-\u06ff]{3}/);
    expect(page).toMatch(/<a class="nhsuk-skip-link"[^>]*>\s*انتقل إلى المحتوى الرئيسي\s*<\/a/);
    expect(page).toContain('<a href="tel:01632960000" class="nhsuk-u-nowrap" dir="ltr">01632 960 000</a>');
    expect(count(page, /<h1\b/)).toBe(1);
    expect(page).not.toMatch(/\sstyle=/);
  });

  it('offers the other language with a visible link in that language', () => {
    expect(form).toMatch(/<a\s+class="ck-language__link"\s+href="\/\?lang=en"\s+hreflang="en"\s+lang="en"/);
    const english = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });
    expect(english).toMatch(
      /<a\s+class="ck-language__link"\s+href="\/\?lang=ar"\s+hreflang="ar"\s+lang="ar"/,
    );
    expect(english).toContain('>العربية</a');
  });

  it('keeps the reference when switching the confirmation page', () => {
    const page = renderRequestReceived({ reference: 'GCK-7F3K2', contact, lang: 'ar' });
    expect(page).toContain('href="/requests/received?ref=GCK-7F3K2&amp;lang=en"');
  });

  it('posts the language back in a hidden field, and keeps every field name the schema knows', () => {
    expect(form).toContain('<input type="hidden" name="language" value="ar" />');
    for (const name of [
      'name',
      'nameInEnglishLetters',
      'onBehalf',
      'phone',
      'email',
      'postcode',
      'helpType',
      'details',
      'consent',
    ]) {
      expect(form).toContain(`name="${name}"`);
    }
  });

  it('asks the questions in Arabic, with the help types and date boxes translated', () => {
    expect(form).toContain('اطلب المساعدة من متطوع');
    expect(form).toContain('>التسوّق</label>');
    expect(form).toMatch(/for="neededBy-day">\s*اليوم\s*</);
    expect(form).toContain('<title>اطلب المساعدة – Community Kindness</title>');
  });

  it('shows the schema’s messages in Arabic, in the summary and by the field, with an Arabic title', () => {
    const page = arabicPages[1]?.[1] ?? '';
    expect(page).toContain('<title>خطأ: اطلب المساعدة – Community Kindness</title>');
    expect(errorSummaryOf(page)).toContain('<a href="#name">اكتب اسم الشخص الذي يحتاج المساعدة</a>');
    expect(page).toContain('هناك مشكلة');
    expect(page).toMatch(/<span class="nhsuk-u-visually-hidden">خطأ: <\/span>اكتب اسم الشخص/);
  });

  it('says what happens next and how long it may take, in both languages', () => {
    expect(form).toContain('عادةً خلال يوم واحد');
    expect(form).toContain('نحو 5 دقائق');
    const english = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });
    expect(english).toContain('usually within a day');
    expect(english).toContain('It takes about 5 minutes to fill in this form.');
  });
});

describe('the name in English letters', () => {
  const arabicForm = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY, lang: 'ar' });
  const withFatima = {
    ...details,
    requester: { ...details.requester, name: 'فاطمة حسن', nameInEnglishLetters: 'Fatima Hassan' },
  };

  it('is asked for on the Arabic form, in Arabic, right after the name, typed left to right', () => {
    expect(arabicForm).toMatch(
      /<label class="nhsuk-label" for="nameInEnglishLetters">\s*الاسم نفسه بالحروف الإنجليزية \(اختياري\)\s*<\/label>/,
    );
    expect(tagWithId(arabicForm, 'nameInEnglishLetters')).toMatch(/dir="ltr"/);
    expect(arabicForm.indexOf('id="nameInEnglishLetters"')).toBeGreaterThan(arabicForm.indexOf('id="name"'));
    expect(arabicForm.indexOf('id="nameInEnglishLetters"')).toBeLessThan(
      arabicForm.indexOf('name="onBehalf"'),
    );
  });

  it('is not asked for on the English form, where the name is already in English letters', () => {
    const english = renderRequestForm({ contact, idempotencyKey: 'key-1', today: TODAY });
    expect(english).not.toContain('nameInEnglishLetters');
  });

  it('keeps what was typed and says in Arabic what to fix, linked from the summary', () => {
    const page = renderRequestForm({
      contact,
      idempotencyKey: 'key-1',
      today: TODAY,
      lang: 'ar',
      values: { nameInEnglishLetters: 'فاطمة' },
      errors: [
        { field: 'nameInEnglishLetters', message: 'Write the name in English letters, like Fatima Hassan' },
      ],
    });
    expect(errorSummaryOf(page)).toContain('<a href="#nameInEnglishLetters">اكتب الاسم بالحروف الإنجليزية');
    expect(tagWithId(page, 'nameInEnglishLetters')).toContain('value="فاطمة"');
  });

  it('is shown to the volunteer beside the name on the details page', () => {
    const page = renderRespondPage({ kind: 'accepted', details: withFatima }, { token: 'tok', contact });
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Name فاطمة حسن Name in English letters Fatima Hassan');
  });

  it('is left out when not given', () => {
    const page = renderRespondPage({ kind: 'accepted', details }, { token: 'tok', contact });
    expect(page).not.toContain('Name in English letters');
  });

  it('is shown to the prescriber beside the name on the dashboard', () => {
    const request = aRequest({ requester: withFatima.requester });
    const page = renderRequestPage(
      {
        request,
        audit: [],
        invites: [],
        volunteerNames: {},
        candidates: [],
        offering: 0,
        newToAsk: 0,
        waves: [],
      },
      { contact, prescriberId: 'p-1' },
    );
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Name فاطمة حسن Name in English letters Fatima Hassan');
  });
});

describe('plain English on the page for the schema’s messages', () => {
  it('asks people to tick the consent box, since it is a box, not a yes or no', () => {
    const page = formWithErrors([
      {
        field: 'consent',
        message: 'Select yes to agree that we can share these details with the volunteer who helps',
      },
    ]);
    expect(page).toContain(
      'Tick the box to agree that we can share your details with the volunteer who helps',
    );
  });
});

describe('the respond page tells the volunteer the requester’s language', () => {
  it('shows a row for a language other than English', () => {
    const page = renderRespondPage(
      { kind: 'open', summary: { ...summary, language: 'ar' }, volunteerFirstName: 'Sam' },
      { token: 'tok', contact },
    );
    expect(page).toContain('The person prefers to speak Arabic');
    expect(page).toContain('<html lang="en" dir="ltr">');
  });
});
