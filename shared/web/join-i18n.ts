/**
 * The join form's own words, in locales/join/<code>.json beside the main files and edited the same way.
 * They are kept apart because only the join pages show them: every other function's bundle carries the
 * main locale files, and would otherwise carry these too.
 */
import ar from '../../locales/join/ar.json' with { type: 'json' };
import en from '../../locales/join/en.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, type Language } from '../domain/language.js';
import { join, type HtmlValue, type SafeHtml } from './html.js';

export type JoinMessageKey = keyof typeof en;

export const JOIN_LOCALES = { en, ar } satisfies Record<Language, Record<JoinMessageKey, string>>;

const PLACEHOLDER = /\{([a-zA-Z0-9]+)\}/g;

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
  return message(language, key).replace(PLACEHOLDER, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Markup: the message's text is escaped; placeholders may be markup (a phone link kept left to right). */
export function tJoinHtml(
  language: Language,
  key: JoinMessageKey,
  params: Readonly<Record<string, HtmlValue>> = {},
): SafeHtml {
  const parts: HtmlValue[] = [];
  let last = 0;
  const text = message(language, key);
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    parts.push(params[match[1] ?? ''] ?? match[0]);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return join(parts);
}
