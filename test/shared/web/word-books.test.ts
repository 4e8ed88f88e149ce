import { describe, expect, it } from 'vitest';
import { EMAIL_WORDS } from '../../../shared/mail/email-i18n.js';
import { LANGUAGES } from '../../../shared/vocabulary/language.js';
import { messagesFor, PAGE_WORDS } from '../../../shared/web/i18n.js';
import { JOIN_LOCALES } from '../../../shared/web/join-i18n.js';
import { LINK_WORDS } from '../../../shared/web/links-i18n.js';
import { PROFILE_WORDS } from '../../../shared/web/profile-i18n.js';
import { REQUEST_WORDS } from '../../../shared/web/request-i18n.js';
import { RESPOND_WORDS } from '../../../shared/web/respond-i18n.js';
import { STATEMENT_WORDS } from '../../../shared/web/statement-i18n.js';
import { placeholdersOf } from '../../../shared/web/word-book.js';

/** Every book of words beside the main files (locales/<book>/*.json) follows the main files' rules. */
const BOOKS: [string, Readonly<Record<string, Readonly<Record<string, string>>>>][] = [
  ['pages', PAGE_WORDS.locales],
  ['join', JOIN_LOCALES],
  ['profile', PROFILE_WORDS.locales],
  ['statement', STATEMENT_WORDS.locales],
  ['links', LINK_WORDS.locales],
  ['email', EMAIL_WORDS.locales],
  ['request', REQUEST_WORDS.locales],
  ['respond', RESPOND_WORDS.locales],
];

describe.each(BOOKS)('the %s book', (_name, locales) => {
  const english = locales.en ?? {};

  it('has words', () => {
    expect(Object.keys(english).length).toBeGreaterThan(0);
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every English key, with the same placeholders, and nothing left empty',
    (language) => {
      const other = locales[language] ?? {};
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(placeholdersOf(other[key] ?? ''), key).toEqual(placeholdersOf(text));
        expect(other[key]?.trim(), key).not.toBe('');
      }
    },
  );
});

it('has each key in one book only, so a word is translated once', () => {
  const seen = new Map<string, string>();
  for (const [name, locales] of [['main', { en: messagesFor('en') }] as const, ...BOOKS])
    for (const key of Object.keys(locales.en ?? {})) {
      expect(seen.get(key), `${key} is in ${name} and ${seen.get(key)}`).toBeUndefined();
      seen.set(key, name);
    }
});

it('fills a placeholder with markup and escapes the translator’s text', () => {
  const page = LINK_WORDS.tHtml('en', 'selfService.cancel.title').toString();
  expect(page).toBe(LINK_WORDS.locales.en['selfService.cancel.title'].replace(/&/g, '&amp;'));
  expect(
    STATEMENT_WORDS.t('en', 'accessibility.heading', { schemeName: 'Gillingham Community Kindness' }),
  ).toContain('Gillingham Community Kindness');
});
