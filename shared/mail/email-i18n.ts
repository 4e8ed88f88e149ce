/**
 * The words of the emails sent in a requester's or applicant's language: only the sender writes them.
 */
import ar from '../../locales/email/ar.json' with { type: 'json' };
import en from '../../locales/email/en.json' with { type: 'json' };
import { wordBook } from '../web/word-book.js';

export type EmailKey = keyof typeof en;

export const EMAIL_WORDS = wordBook<EmailKey>({ en, ar });
