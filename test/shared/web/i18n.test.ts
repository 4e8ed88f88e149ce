import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP_TYPE_LABELS, HELP_TYPES } from '../../../shared/vocabulary/help-types.js';
import { LIMITS, parseHelpRequest } from '../../../shared/schema/request.js';
import { KNOWN_SCHEMA_MESSAGES, translateFieldError } from '../../../shared/web/field-errors.js';
import { normaliseDigits } from '../../../shared/web/form.js';
import { REQUEST_WORDS } from '../../../shared/web/request-i18n.js';
import {
  chooseLanguage,
  englishName,
  fromAcceptLanguage,
  isolateLtr,
  LANGUAGES,
  messagesFor,
  nativeName,
  t,
  textDirection,
  tHtml,
  westernDigits,
} from '../../../shared/web/i18n.js';
import { placeholdersOf } from '../../../shared/web/word-book.js';

const files = readdirSync('locales').filter((file) => file.endsWith('.json'));
const locales = Object.fromEntries(
  files.map((file) => [
    file.replace(/\.json$/, ''),
    JSON.parse(readFileSync(`locales/${file}`, 'utf8')) as Record<string, string>,
  ]),
);
const english = locales.en ?? {};
const others = Object.entries(locales).filter(([code]) => code !== 'en');

describe('the message files', () => {
  it('has a file for every registered language and a registered language for every file', () => {
    expect(Object.keys(locales).sort()).toEqual([...LANGUAGES].sort());
    expect(LANGUAGES[0]).toBe('en');
    expect(others.length).toBeGreaterThan(0);
  });

  it.each(others)('%s has every English key, and no others', (_code, messages) => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(Object.entries(locales))(
    '%s leaves no message empty and every value is text',
    (_code, messages) => {
      for (const [key, value] of Object.entries(messages)) {
        expect(typeof value, key).toBe('string');
        expect(value.trim(), key).not.toBe('');
      }
    },
  );

  it.each(others)('%s uses exactly the placeholders English uses, in every message', (_code, messages) => {
    for (const [key, value] of Object.entries(english)) {
      expect(placeholdersOf(messages[key] ?? ''), key).toEqual(placeholdersOf(value));
    }
  });

  it.each(Object.entries(locales))(
    '%s has balanced braces (a typo there would show on the page)',
    (_c, m) => {
      for (const [key, value] of Object.entries(m)) {
        expect(value.replace(/\{[a-zA-Z0-9]+\}/g, ''), key).not.toMatch(/[{}]/);
      }
    },
  );

  it('says which way each language is written and what it is called', () => {
    expect(textDirection('en')).toBe('ltr');
    expect(textDirection('ar')).toBe('rtl');
    expect(nativeName('ar')).toBe('العربية');
    expect(englishName('ar')).toBe('Arabic');
    for (const code of LANGUAGES) expect(['ltr', 'rtl']).toContain(messagesFor(code)['meta.dir']);
  });

  it('names the help types in English exactly as the rest of the system does', () => {
    for (const helpType of HELP_TYPES)
      expect(t('en', `helpType.${helpType}`)).toBe(HELP_TYPE_LABELS[helpType]);
  });

  it('writes Arabic in Arabic script', () => {
    expect(REQUEST_WORDS.t('ar', 'form.heading')).toMatch(/[\u0600-\u06ff]/);
    for (const helpType of HELP_TYPES) expect(t('ar', `helpType.${helpType}`)).toMatch(/[\u0600-\u06ff]/);
  });
});

describe('t and tHtml', () => {
  it('fills placeholders and leaves unknown ones visible rather than blank', () => {
    expect(REQUEST_WORDS.t('en', 'form.privacy.retention', { days: 90 })).toBe(
      'We delete your details 90 days after the date you need help by.',
    );
    expect(REQUEST_WORDS.t('en', 'form.privacy.retention')).toContain('{days}');
  });

  it('escapes the message and its plain values, but keeps markup values', async () => {
    const { html } = await import('../../../shared/web/html.js');
    const out = REQUEST_WORDS.tHtml('en', 'outside.again', {
      link: html`<a href="/">ask for help again</a>`,
    }).toString();
    expect(out).toBe(
      'If you think the postcode you gave was wrong, you can <a href="/">ask for help again</a>.',
    );
    expect(tHtml('en', 'layout.footer.call', { phone: '<b>1</b>' }).toString()).toBe(
      'To speak to someone, call &lt;b&gt;1&lt;/b&gt;.',
    );
  });

  it('keeps a phone number in order inside Arabic plain text, and leaves English alone', () => {
    expect(isolateLtr('ar', '01632 960 000')).toBe('\u206601632 960 000\u2069');
    expect(isolateLtr('en', '01632 960 000')).toBe('01632 960 000');
  });
});

describe('choosing the language', () => {
  it('prefers the explicit choice, then Accept-Language, then English', () => {
    expect(chooseLanguage({ explicit: 'ar', acceptLanguage: 'en-GB' })).toBe('ar');
    expect(chooseLanguage({ explicit: 'en', acceptLanguage: 'ar' })).toBe('en');
    expect(chooseLanguage({ acceptLanguage: 'ar-SY,ar;q=0.9,en;q=0.8' })).toBe('ar');
    expect(chooseLanguage({})).toBe('en');
  });

  it('ignores codes it does not have, rather than failing', () => {
    expect(chooseLanguage({ explicit: 'fr', acceptLanguage: 'de' })).toBe('en');
    expect(chooseLanguage({ explicit: '<script>' })).toBe('en');
    expect(chooseLanguage({ explicit: 'toString' })).toBe('en');
  });

  it('reads Accept-Language weights and order', () => {
    expect(fromAcceptLanguage('fr-FR, en;q=0.5, ar;q=0.8')).toBe('ar');
    expect(fromAcceptLanguage('en-GB,ar')).toBe('en');
    expect(fromAcceptLanguage('ar;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('*')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('digits typed on an Arabic keyboard', () => {
  it('become 0-9', () => {
    expect(westernDigits('٠٧٧٠٠ ٩٠٠ ٩٨٢')).toBe('07700 900 982');
    expect(westernDigits('۱۲۳')).toBe('123');
    expect(normaliseDigits({ phone: '٠٧٧٠٠٩٠٠٩٨٢', 'neededBy-day': '٢٧', name: 'ليلى' })).toEqual({
      phone: '07700900982',
      'neededBy-day': '27',
      name: 'ليلى',
    });
  });
});

describe('the schema’s messages on the page', () => {
  const today = '2026-11-25';
  const long = (n: number) => 'x'.repeat(n + 1);
  const payloads: Record<string, unknown>[] = [
    {},
    { onBehalf: 'yes', helpType: 'other', neededBy: '2026-02-30', postcode: 'nonsense', email: 'bad' },
    { phone: 'abc', neededBy: '2026-11-01', postcode: long(LIMITS.postcode) },
    { neededBy: '2027-12-01', helpType: 'juggling', onBehalf: 'maybe', consent: 'no', frequency: 'daily' },
    // How to contact them: an unknown choice, texts without a mobile, emails without an address.
    { contactBy: 'pigeon' },
    { contactBy: 'text', phone: '01632 960 001' },
    { contactBy: 'email', phone: '07700 900 982' },
    { nameInEnglishLetters: 'فاطمة' },
    {
      name: long(LIMITS.name),
      nameInEnglishLetters: long(LIMITS.name),
      requesterName: long(LIMITS.name),
      relationship: long(LIMITS.relationship),
      phone: long(LIMITS.phone),
      email: long(LIMITS.email),
      addressLine1: long(LIMITS.addressLine),
      addressLine2: long(LIMITS.addressLine),
      town: long(LIMITS.town),
      details: long(LIMITS.details),
    },
  ];
  const produced = new Set(
    payloads.flatMap((payload) => {
      const result = parseHelpRequest(payload, today);
      return result.ok ? [] : result.errors.filter((e) => e.field !== 'form').map((e) => e.message);
    }),
  );

  it('knows every message the form can get from the schema', () => {
    expect(produced.size).toBeGreaterThan(20);
    for (const message of produced) expect(KNOWN_SCHEMA_MESSAGES, message).toContain(message);
  });

  it.each(others)('translates each of them into %s', (code) => {
    for (const message of produced) {
      const translated = translateFieldError(code as 'ar', { field: 'name', message }).message;
      expect(translated, message).not.toBe(message);
      expect(translated, message).toMatch(/[\u0600-\u06ff]/);
    }
  });

  it('fills in the limits and examples', () => {
    expect(
      translateFieldError('ar', {
        field: 'details',
        message: `Details must be ${LIMITS.details} characters or fewer`,
      }).message,
    ).toContain(String(LIMITS.details));
    expect(
      translateFieldError('en', {
        field: 'phone',
        message: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
      }).message,
    ).toBe('Enter a UK phone number, like 01632 960 001 or 07700 900 982');
  });

  it('shows a message it does not know as the schema wrote it', () => {
    expect(translateFieldError('ar', { field: 'form', message: 'Unexpected field: colour' })).toEqual({
      field: 'form',
      message: 'Unexpected field: colour',
    });
  });
});
