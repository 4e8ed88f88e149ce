import { DEFAULT_LANGUAGE, type Language } from '../vocabulary/language.js';
import { join, type HtmlValue, type SafeHtml } from './html.js';

/**
 * One set of words in every language: locales/<book>/<code>.json, flat files a volunteer translator
 * edits (keys on the left, text on the right, {placeholders} filled in by the code). The words are
 * kept in books by who reads them, so a function's bundle carries only the books its pages and
 * messages use. A book's module marks its wordBook call with esbuild's `@__PURE__` annotation: a
 * bundle whose code never reads the book then leaves it (and its JSON) out, even where the module
 * that holds it is imported for something else.
 */
export interface WordBook<K extends string> {
  readonly locales: Readonly<Record<Language, Readonly<Record<K, string>>>>;
  /** Plain text with {placeholders} filled in; for emails, titles and attribute values. */
  t(language: Language, key: K, params?: Readonly<Record<string, string | number>>): string;
  /**
   * Markup: the message's own text is escaped, and placeholders may be filled with markup (a link, a
   * phone number kept left-to-right). The translator's text can never inject HTML.
   */
  tHtml(language: Language, key: K, params?: Readonly<Record<string, HtmlValue>>): SafeHtml;
}

export function wordBook<K extends string>(
  locales: Readonly<Record<Language, Readonly<Record<K, string>>>>,
): WordBook<K> {
  // A message left empty by a translator falls back to English rather than showing nothing.
  const message = (language: Language, key: K): string => {
    const text = locales[language][key];
    return text === '' ? locales[DEFAULT_LANGUAGE][key] : text;
  };
  return {
    locales,
    t: (language, key, params = {}) => fillText(message(language, key), params),
    tHtml: (language, key, params = {}) => fillHtml(message(language, key), params),
  };
}

/**
 * Two books read as one, for pages that show a book's own words beside words the main book shares
 * with other pages and the messages: each key is looked up in the book that holds it (the tests keep
 * every key in one book only).
 */
export function bothBooks<A extends string, B extends string>(
  own: WordBook<A>,
  shared: Pick<WordBook<B>, 't' | 'tHtml'>,
): Pick<WordBook<A | B>, 't' | 'tHtml'> {
  const isOwn = (key: A | B): key is A => Object.hasOwn(own.locales[DEFAULT_LANGUAGE], key);
  return {
    t: (language, key, params) =>
      isOwn(key) ? own.t(language, key, params) : shared.t(language, key, params),
    tHtml: (language, key, params) =>
      isOwn(key) ? own.tHtml(language, key, params) : shared.tHtml(language, key, params),
  };
}

export const PLACEHOLDER = /\{([a-zA-Z0-9]+)\}/g;

/** A message's {placeholders} filled in as plain text; unknown ones are left as written. */
export function fillText(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message as markup: its own text escaped, its {placeholders} filled with the given values or markup. */
export function fillHtml(text: string, params: Readonly<Record<string, HtmlValue>>): SafeHtml {
  const parts: HtmlValue[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    parts.push(text.slice(last, match.index));
    parts.push(name in params ? params[name] : match[0]);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return join(parts);
}

/** The placeholders a message uses, sorted: the tests compare them across languages. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}
