/**
 * UK numbers as the forms store them (digits, with 0 or +44 in front) and as End User Messaging
 * writes them (E.164). One place, so a number typed on a form finds the reply sent from it.
 */
const UK_NUMBER = /^(?:\+44|0)(\d{9,10})$/;

/** +447700900123 from 07700 900123, (07700) 900-123 or +44 7700 900123; undefined if it is not a UK number. */
export function toE164(phone: string): string | undefined {
  const digits = phone.replace(/[\s()-]/g, '');
  const match = UK_NUMBER.exec(digits);
  return match?.[1] ? `+44${match[1]}` : undefined;
}

/** A UK mobile (07…, +447…): the only numbers a text can reach. */
export function isUkMobile(phone: string): boolean {
  return /^\+447\d{9}$/.test(toE164(phone) ?? '');
}
