/**
 * The request form's words, with its error messages and the pages that answer its post (received,
 * outside the area): only the public pages' and the submit functions show them.
 */
import ar from '../../locales/request/ar.json' with { type: 'json' };
import en from '../../locales/request/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type RequestKey = keyof typeof en;

export const REQUEST_WORDS = /* @__PURE__ */ wordBook<RequestKey>({ en, ar });
