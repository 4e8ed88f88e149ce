import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/vocabulary/language.js';
import { placeholdersOf } from '../../../shared/web/word-book.js';
import { JOIN_LOCALES, tJoin, tJoinHtml } from '../../../shared/web/join-i18n.js';
import { html } from '../../../shared/web/html.js';

/** The join form's words (locales/join/*.json) follow the main files' rules. */
describe('the join form’s translations', () => {
  const english = JOIN_LOCALES.en;

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every English key, with the same placeholders, and nothing left empty',
    (language) => {
      const other: Record<string, string> = JOIN_LOCALES[language];
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(placeholdersOf(other[key] ?? ''), key).toEqual(placeholdersOf(text));
        expect(other[key]?.trim(), key).not.toBe('');
      }
    },
  );

  it('fills placeholders, and escapes the translator’s text while keeping markup given for a placeholder', () => {
    expect(tJoin('en', 'join.privacy.retention', { days: 60 })).toBe(
      'If you do not become a volunteer, we delete your application 60 days after we last dealt with it.',
    );
    expect(
      tJoinHtml('en', 'join.received.questions', {
        phone: html`<a href="tel:01632960000">01632 960 000</a>`,
      }).toString(),
    ).toBe('If you have any questions, call <a href="tel:01632960000">01632 960 000</a>.');
  });
});
