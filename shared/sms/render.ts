import type { MessageKind, MessageViews, TextRenderer } from '../domain/messages.js';
import {
  requesterAcceptedText,
  requesterConfirmationText,
  requesterReleasedText,
  volunteerDetailsText,
  volunteerInviteText,
  volunteerTakenText,
  volunteerTextReplyText,
} from './templates.js';
import {
  applicantConfirmationText,
  applicantDeclinedText,
  applicantWelcomeText,
} from './applicant-templates.js';
import { volunteerContactConfirmText, volunteerProfileLinkText } from './profile-templates.js';

/**
 * The messages that have a text wording; every other kind goes by email only. The volunteer's details
 * text says only that the name, address and what to do are in their email, which always goes too.
 */
const TEXTS: { [K in MessageKind]?: (view: MessageViews[K]) => string } = {
  'requester-confirmation': requesterConfirmationText,
  'requester-accepted': requesterAcceptedText,
  'requester-released': requesterReleasedText,
  'volunteer-invite': volunteerInviteText,
  'volunteer-details': volunteerDetailsText,
  'volunteer-taken': volunteerTakenText,
  'volunteer-text-reply': volunteerTextReplyText,
  'applicant-confirmation': applicantConfirmationText,
  'applicant-welcome': applicantWelcomeText,
  'applicant-declined': applicantDeclinedText,
  'volunteer-profile-link': volunteerProfileLinkText,
  'volunteer-contact-confirm': volunteerContactConfirmText,
};

/** The SMS half of the sender's renderers, beside shared/mail's email half. */
export const textRenderer: TextRenderer = {
  renders: (kind) => TEXTS[kind] !== undefined,
  render<K extends MessageKind>(kind: K, view: MessageViews[K]): string {
    const template = TEXTS[kind] as ((view: MessageViews[K]) => string) | undefined;
    if (!template) throw new Error(`no text wording for ${kind}`);
    return template(view);
  },
};
