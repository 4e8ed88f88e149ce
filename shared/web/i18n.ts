/**
 * The public pages and the requester's emails in more than one language.
 *
 * The words live in locales/<code>.json, one flat file per language that a volunteer translator can
 * edit: keys on the left, the text on the right, {placeholders} filled in by the code. To add a
 * language, copy locales/en.json to locales/<code>.json, translate the right-hand side, and add one
 * line to LOCALES below (and the same for each book beside it). The unit test checks that every key
 * is in every file with the same placeholders.
 *
 * The main files hold each language's name and direction and the words the pages share with the
 * messages (a help type, the "what happens next" steps); locales/pages/<code>.json the words only
 * pages show (the header and footer, the error pages). The sender renders every message and no page,
 * so it bundles the main files alone.
 */
import ar from '../../locales/ar.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import pagesAr from '../../locales/pages/ar.json' with { type: 'json' };
import pagesEn from '../../locales/pages/en.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../vocabulary/language.js';
import { bothBooks, wordBook } from './word-book.js';
import type { HtmlValue, SafeHtml } from './html.js';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language };

/** The main files' keys: the only words an email may use from here. */
export type MainKey = keyof typeof en;
export type PageKey = keyof typeof pagesEn;
/** The words a page may show: the main files' and the pages' own. */
export type MessageKey = MainKey | PageKey;
export type Messages = Record<MainKey, string>;

/** The registry. English first: it is the default and the fallback. */
const LOCALES = {
  en,
  ar,
} satisfies Record<Language, Messages>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

export function messagesFor(language: Language): Messages {
  return LOCALES[language];
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return LOCALES[language]['meta.dir'] === 'rtl' ? 'rtl' : 'ltr';
}

/** The language's name in itself ("العربية"), for the link that switches to it. */
export function nativeName(language: Language): string {
  return LOCALES[language]['meta.nativeName'];
}

/** The language's name in English ("Arabic"), for volunteers and staff. */
export function englishName(language: Language): string {
  return LOCALES[language]['meta.englishName'];
}

/** The main files' words: the emails read these alone. */
export const MAIN_WORDS = wordBook<MainKey>(LOCALES);

/** The words only pages show. */
export const PAGE_WORDS = /* @__PURE__ */ wordBook<PageKey>({ en: pagesEn, ar: pagesAr });

/** A page's words: the pages' own book and the main one. */
export const EVERY_PAGE_WORDS = /* @__PURE__ */ bothBooks(PAGE_WORDS, MAIN_WORDS);

// Functions rather than constants bound to EVERY_PAGE_WORDS: a bundle that never calls them (the
// sender's) then leaves the pages' words out.

/** A page's words as plain text, {placeholders} filled in; for titles and attribute values. */
export function t(
  language: Language,
  key: MessageKey,
  params?: Readonly<Record<string, string | number>>,
): string {
  return EVERY_PAGE_WORDS.t(language, key, params);
}

/**
 * A page's words as markup: the message's own text is escaped, and placeholders may be filled with
 * markup (a link, a phone number kept left-to-right). The translator's text can never inject HTML.
 */
export function tHtml(
  language: Language,
  key: MessageKey,
  params?: Readonly<Record<string, HtmlValue>>,
): SafeHtml {
  return EVERY_PAGE_WORDS.tHtml(language, key, params);
}

/**
 * Wraps a left-to-right token (a phone number) for plain text in a right-to-left language, with
 * Unicode isolates (LRI … PDI). Without them "01632 960 000" shows as "000 960 01632" in Arabic text.
 */
export function isolateLtr(language: Language, text: string): string {
  return textDirection(language) === 'rtl' ? `\u2066${text}\u2069` : text;
}

/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, as typed on Arabic and Persian keyboards, as 0-9. */
export function westernDigits(value: string): string {
  return value.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/** Accept-Language ("ar-SY,ar;q=0.9,en;q=0.8") → the supported language the browser prefers most. */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return {
        primary: range.trim().toLowerCase().split('-')[0] ?? '',
        q: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLanguage);
}

/**
 * Which language to answer in: an explicit choice (the ?lang link, or the form's hidden field) wins,
 * then the browser's Accept-Language, then English. Unknown codes are ignored, never an error.
 */
export function chooseLanguage(input: {
  explicit?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  if (isLanguage(input.explicit)) return input.explicit;
  return fromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LANGUAGE;
}
