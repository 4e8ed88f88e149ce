/**
 * The words of the pages reached from a link in a message (cancel, done, release, pause, a concern):
 * only the functions behind those links show them.
 */
import ar from '../../locales/links/ar.json' with { type: 'json' };
import en from '../../locales/links/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type LinkKey = keyof typeof en;

export const LINK_WORDS = wordBook<LinkKey>({ en, ar });
