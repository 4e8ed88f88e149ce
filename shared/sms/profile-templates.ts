import type { MessageViews } from '../domain/messages.js';

/**
 * Texts about a volunteer's own details page, beside shared/mail's emails: plain GSM-7, the scheme's
 * name first, and only the link (the page itself asks nothing a text could leak).
 */
export function volunteerProfileLinkText(input: MessageViews['volunteer-profile-link']): string {
  return `${input.contact.schemeName}: your details page, as you asked: ${input.profileUrl} Please do not share it.`;
}

export function volunteerContactConfirmText(input: MessageViews['volunteer-contact-confirm']): string {
  return `${input.contact.schemeName}: to use this number for our texts, confirm it here: ${input.confirmUrl}`;
}
