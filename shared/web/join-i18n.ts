/**
 * The join form's own words, and those of a volunteer's own details pages (which show the same
 * fields), in locales/join/<code>.json beside the main files and edited the same way.
 * They are kept apart because only those pages show them: every other function's bundle carries the
 * main locale files, and would otherwise carry these too.
 */
import ar from '../../locales/join/ar.json' with { type: 'json' };
import en from '../../locales/join/en.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, type Language } from '../vocabulary/language.js';
import type { HtmlValue, SafeHtml } from './html.js';
import { fillHtml, fillText } from './i18n.js';

export type JoinMessageKey = keyof typeof en;

export const JOIN_LOCALES = { en, ar } satisfies Record<Language, Record<JoinMessageKey, string>>;

/** A message left empty by a translator falls back to English rather than showing nothing. */
function message(language: Language, key: JoinMessageKey): string {
  const text = JOIN_LOCALES[language][key];
  return text === '' ? JOIN_LOCALES[DEFAULT_LANGUAGE][key] : text;
}

/** Plain text with {placeholders} filled in. */
export function tJoin(
  language: Language,
  key: JoinMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return fillText(message(language, key), params);
}

/** Markup: the message's text is escaped; placeholders may be markup (a phone link kept left to right). */
export function tJoinHtml(
  language: Language,
  key: JoinMessageKey,
  params: Readonly<Record<string, HtmlValue>> = {},
): SafeHtml {
  return fillHtml(message(language, key), params);
}
