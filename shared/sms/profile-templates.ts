import type { MessageViews } from '../domain/messages.js';

/**
 * Texts about a volunteer's own details page, beside shared/mail's emails: plain GSM-7, the scheme's
 * name first, and only the link (the page itself asks nothing a text could leak). Worded to fit one
 * segment with a scheme name and address of the usual length: the link alone is over 80 characters.
 */
export function volunteerProfileLinkText(input: MessageViews['volunteer-profile-link']): string {
  return `${input.contact.schemeName}: your details page: ${input.profileUrl}`;
}

export function volunteerContactConfirmText(input: MessageViews['volunteer-contact-confirm']): string {
  return `${input.contact.schemeName}: to use this number for texts, confirm: ${input.confirmUrl}`;
}
