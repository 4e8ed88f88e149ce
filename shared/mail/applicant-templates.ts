import type { DeclineReason } from '../domain/model.js';
import type { EmailContent } from '../domain/messages.js';
import type { SchemeContact } from '../domain/views.js';
import { DEFAULT_LANGUAGE, type Language } from '../web/i18n.js';
import { composeEmail, emailButton, emailPhone, emailSignOff, paragraph } from './templates.js';
import { EMAIL_WORDS, type EmailKey } from './email-i18n.js';

/**
 * Messages to a person who applied to join the team. The confirmation and a decline are in the
 * language they applied in; the welcome goes to a volunteer, and volunteers read English.
 */
/** An applicant's email in their language: greeted by first name, these paragraphs, then signed off. */
function applicantEmail(
  input: { firstName: string; contact: SchemeContact; language?: Language },
  subjectKey: EmailKey,
  paragraphs: (language: Language) => string[],
): EmailContent {
  const language = input.language ?? DEFAULT_LANGUAGE;
  return composeEmail(
    EMAIL_WORDS.t(language, subjectKey, { schemeName: input.contact.schemeName }),
    [
      paragraph(EMAIL_WORDS.t(language, 'email.applicant.hello', { name: input.firstName })),
      ...paragraphs(language).map((text) => paragraph(text)),
      ...emailSignOff(input.contact, language),
    ],
    language,
  );
}

export function applicantConfirmationEmail(input: {
  firstName: string;
  contact: SchemeContact;
  language?: Language;
}): EmailContent {
  const phone = emailPhone(input.contact.schemePhone);
  return applicantEmail(input, 'email.applicant.confirmation.subject', (language) => [
    EMAIL_WORDS.t(language, 'email.applicant.confirmation.body'),
    EMAIL_WORDS.t(language, 'email.applicant.confirmation.next'),
    EMAIL_WORDS.t(language, 'email.applicant.questions', { phone }),
  ]);
}

export function applicantDeclinedEmail(input: {
  firstName: string;
  reason: DeclineReason;
  contact: SchemeContact;
  language?: Language;
}): EmailContent {
  const phone = emailPhone(input.contact.schemePhone);
  return applicantEmail(input, 'email.applicant.declined.subject', (language) => [
    EMAIL_WORDS.t(language, 'email.applicant.declined.body'),
    EMAIL_WORDS.t(language, `email.applicant.declined.reason.${input.reason}`),
    EMAIL_WORDS.t(language, 'email.applicant.declined.again', { phone }),
  ]);
}

export function applicantWelcomeEmail(input: {
  volunteerFirstName: string;
  contact: SchemeContact;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { contact } = input;
  return composeEmail(`Welcome to the ${contact.schemeName} team`, [
    paragraph(`Hello ${input.volunteerFirstName},`),
    paragraph('Thank you for joining us: you are now one of our volunteers.'),
    paragraph(
      'When someone near you needs the help you offer, at a time you said you can usually help, we will ask you by email (or text, if you chose texts). Each request says what is needed, the area and when. You can always say no.',
    ),
    ...(input.profileUrl
      ? [
          paragraph(
            'You can see and change your details, areas, the times you can help and how many jobs a week you would like on your own page. Each email we send you carries a fresh link to it.',
          ),
          emailButton('See or change your details', input.profileUrl),
        ]
      : []),
    paragraph(
      `If your details, areas or the times you can help change, or you would like a break, you can also call us on ${emailPhone(contact.schemePhone)}.`,
    ),
    ...emailSignOff(contact),
  ]);
}
