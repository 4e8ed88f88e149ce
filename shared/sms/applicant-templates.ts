import type { DeclineReason } from '../domain/model.js';
import type { SchemeContact } from '../domain/views.js';
import { DEFAULT_LANGUAGE, type Language } from '../web/i18n.js';

/**
 * Texts to a person who applied to join, beside shared/mail/applicant-templates.ts: short, plain GSM-7
 * where the language allows, no details, the scheme's name first so people know who is texting.
 */
function text(contact: SchemeContact, body: string): string {
  return `${contact.schemeName}: ${body}`.replace(/\s+/g, ' ').trim();
}

export function applicantConfirmationText(input: {
  firstName: string;
  contact: SchemeContact;
  language?: Language;
}): string {
  if ((input.language ?? DEFAULT_LANGUAGE) === 'ar')
    return text(input.contact, 'شكرا لعرضك التطوع معنا. وصلنا طلبك وسنتواصل معك قريبا.');
  return text(
    input.contact,
    'thank you for offering to volunteer. We have your application and will be in touch soon.',
  );
}

export function applicantDeclinedText(input: {
  firstName: string;
  reason: DeclineReason;
  contact: SchemeContact;
  language?: Language;
}): string {
  const phone = input.contact.schemePhone;
  if ((input.language ?? DEFAULT_LANGUAGE) === 'ar')
    return text(
      input.contact,
      `شكرا لعرضك التطوع. نأسف لأننا لا نستطيع قبولك الآن. لمزيد من المعلومات اتصل على \u2066${phone}\u2069.`,
    );
  return text(
    input.contact,
    `thank you for offering to volunteer. We are sorry we cannot take you on at the moment. To talk about it, call ${phone}.`,
  );
}

export function applicantWelcomeText(input: { volunteerFirstName: string; contact: SchemeContact }): string {
  return text(
    input.contact,
    `welcome to the team, ${input.volunteerFirstName}! We will ask you when someone near you needs help at a time you can do. You can always say no.`,
  );
}
