import type { Requester, Volunteer } from './model.js';
import type { ContactBy } from '../vocabulary/choices.js';
import { isUkMobile } from '../util/phone.js';

/**
 * How each person is reached: their choice (email, text or both), within what they gave us. One
 * place, so the form's promise, the confirmation page and the sender agree.
 */
export type Channel = 'email' | 'text';

/** A requester who did not choose (the API, older requests): email when they gave one, else texts to a mobile. */
export function requesterContactBy(
  requester: Pick<Requester, 'contactBy' | 'email' | 'phone'>,
): ContactBy | undefined {
  if (requester.contactBy) return requester.contactBy;
  if (requester.email) return 'email';
  return requester.phone && isUkMobile(requester.phone) ? 'text' : undefined;
}

export function requesterChannels(requester: Pick<Requester, 'contactBy' | 'email' | 'phone'>): Channel[] {
  const canText = requester.phone !== undefined && isUkMobile(requester.phone);
  const canEmail = requester.email !== undefined;
  switch (requester.contactBy ?? requesterContactBy(requester)) {
    case 'email':
      return canEmail ? ['email'] : canText ? ['text'] : [];
    case 'text':
      return canText ? ['text'] : canEmail ? ['email'] : [];
    case 'both':
      return [...(canEmail ? (['email'] as const) : []), ...(canText ? (['text'] as const) : [])];
    case undefined:
      return [];
  }
}

/**
 * Volunteers always have an email. Texts need a UK mobile and no STOP: a volunteer who asked for texts
 * only but cannot be texted is emailed rather than left out.
 */
export function volunteerChannels(
  volunteer: Pick<Volunteer, 'contactBy' | 'phone' | 'smsOptedOutAt'>,
): Channel[] {
  const canText = volunteer.phone !== undefined && isUkMobile(volunteer.phone) && !volunteer.smsOptedOutAt;
  switch (volunteer.contactBy ?? 'email') {
    case 'email':
      return ['email'];
    case 'both':
      return canText ? ['email', 'text'] : ['email'];
    case 'text':
      return canText ? ['text'] : ['email'];
  }
}

/**
 * A volunteer's details: the person's name and address never go in a text, so the email always goes,
 * and a volunteer who reads texts gets one beside it pointing to the details.
 */
export function volunteerDetailsChannels(
  volunteer: Pick<Volunteer, 'contactBy' | 'phone' | 'smsOptedOutAt'>,
): Channel[] {
  const wanted = volunteerChannels(volunteer);
  return wanted.includes('email') ? wanted : ['email', ...wanted];
}
