import type { EmailContent, EmailKind, MessageViews, Renderers } from '../domain/messages.js';
import { prescriberSeriesReviewEmail, volunteerSeriesEndedEmail } from './series-templates.js';
import { volunteerReminderEmail } from './digest-templates.js';
import {
  applicantConfirmationEmail,
  applicantDeclinedEmail,
  applicantWelcomeEmail,
} from './applicant-templates.js';
import {
  prescriberConcernEmail,
  prescriberDuplicateEmail,
  prescriberEscalationEmail,
  prescriberVolunteerPausedEmail,
  requesterAcceptedEmail,
  requesterConfirmationEmail,
  requesterReleasedEmail,
  volunteerDetailsEmail,
  volunteerInviteEmail,
  volunteerNoLongerNeededEmail,
  volunteerContactConfirmEmail,
  volunteerProfileLinkEmail,
  volunteerTakenEmail,
} from './templates.js';

/** One template per kind of message: the sender's views, written once as blocks, rendered to HTML and text. */
const TEMPLATES: { [K in EmailKind]: (view: MessageViews[K]) => EmailContent } = {
  'requester-confirmation': requesterConfirmationEmail,
  'prescriber-duplicate': prescriberDuplicateEmail,
  'volunteer-invite': volunteerInviteEmail,
  'volunteer-details': volunteerDetailsEmail,
  'requester-accepted': requesterAcceptedEmail,
  'volunteer-taken': volunteerTakenEmail,
  'volunteer-no-longer-needed': volunteerNoLongerNeededEmail,
  'requester-released': requesterReleasedEmail,
  'prescriber-escalation': prescriberEscalationEmail,
  'prescriber-concern': prescriberConcernEmail,
  'prescriber-series-review': prescriberSeriesReviewEmail,
  'volunteer-series-ended': volunteerSeriesEndedEmail,
  'volunteer-reminder': volunteerReminderEmail,
  'prescriber-volunteer-paused': prescriberVolunteerPausedEmail,
  'applicant-confirmation': applicantConfirmationEmail,
  'applicant-welcome': applicantWelcomeEmail,
  'applicant-declined': applicantDeclinedEmail,
  'volunteer-profile-link': volunteerProfileLinkEmail,
  'volunteer-contact-confirm': volunteerContactConfirmEmail,
};

export function renderEmail<K extends EmailKind>(kind: K, view: MessageViews[K]): EmailContent {
  return TEMPLATES[kind](view);
}

/** The email half of the sender's renderers; the SMS module adds its own beside it. */
export const emailRenderers: Renderers = { email: renderEmail };
