/**
 * The accessibility statement's words: only the public pages' function shows it.
 */
import ar from '../../locales/statement/ar.json' with { type: 'json' };
import en from '../../locales/statement/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type StatementKey = keyof typeof en;

export const STATEMENT_WORDS = wordBook<StatementKey>({ en, ar });
