/**
 * The words of a volunteer's own details pages (their details, a new address confirmed, "send me a
 * link"): only the volunteer profile function shows them. The fields' labels are the join form's.
 */
import ar from '../../locales/profile/ar.json' with { type: 'json' };
import en from '../../locales/profile/en.json' with { type: 'json' };
import { wordBook } from './word-book.js';

export type ProfileKey = keyof typeof en;

export const PROFILE_WORDS = /* @__PURE__ */ wordBook<ProfileKey>({ en, ar });
