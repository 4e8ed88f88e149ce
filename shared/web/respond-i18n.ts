/**
 * The respond page's words (a volunteer's answer to an invite, and the details they get on a yes):
 * only the respond function and a texted volunteer's details page show them. The rows an invite
 * email shows too (help, area, date, reference) stay in the main book.
 */
import ar from '../../locales/respond/ar.json' with { type: 'json' };
import en from '../../locales/respond/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type RespondKey = keyof typeof en;

export const RESPOND_WORDS = /* @__PURE__ */ wordBook<RespondKey>({ en, ar });
