/**
 * The join form's own words (a volunteer's own details pages show the same fields with them), in
 * locales/join/<code>.json beside the main files and edited the same way. They are kept apart because
 * only those pages show them: every other function's bundle carries the main locale files, and would
 * otherwise carry these too. The details pages' own words are in locales/profile (profile-i18n.ts).
 */
import ar from '../../locales/join/ar.json' with { type: 'json' };
import en from '../../locales/join/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type JoinMessageKey = keyof typeof en;

const JOIN_WORDS = wordBook<JoinMessageKey>({ en, ar });

export const JOIN_LOCALES = JOIN_WORDS.locales;

/** Plain text with {placeholders} filled in. */
export const tJoin = JOIN_WORDS.t;

/** Markup: the message's text is escaped; placeholders may be markup (a phone link kept left to right). */
export const tJoinHtml = JOIN_WORDS.tHtml;
