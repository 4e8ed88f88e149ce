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

/**
 * Lengths of the area code (after the 0) by prefix, longest prefix first: Ofcom's national numbering
 * plan. 02x numbers are 02x xxxx xxxx; 011x and 01x1 cities are 01xx xxx xxxx; a few places keep
 * five-digit area codes (Sedbergh, Brampton and friends); every other geographic number is 01xxx xxxxxx.
 */
const FIVE_DIGIT_AREA_CODES = [
  '13873',
  '15242',
  '15394',
  '15395',
  '15396',
  '16973',
  '16974',
  '17683',
  '17684',
  '17687',
  '19467',
  '19755',
  '19756',
];

function groups(national: string, sizes: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(national.slice(at, at + size));
    at += size;
  }
  if (at < national.length) parts.push(national.slice(at));
  return parts.filter(Boolean).join(' ');
}

/**
 * A UK number as people read and say it: "07700 900666", "01747 859202", "020 7946 0000",
 * "0161 496 0000", "0800 123 4567". Anything that is not a UK number comes back as it was typed,
 * trimmed, so nothing anyone wrote is lost.
 */
export function formatUkPhone(phone: string): string {
  const e164 = toE164(phone);
  if (!e164) return phone.trim();
  const national = `0${e164.slice(3)}`;
  if (national.length === 10) return groups(national, [5]); // the few ten-digit 01xxx numbers
  if (/^07/.test(national)) return groups(national, [5]);
  if (/^02/.test(national)) return groups(national, [3, 4]);
  if (/^01\d1|^011/.test(national)) return groups(national, [4, 3]);
  if (FIVE_DIGIT_AREA_CODES.some((code) => national.startsWith(`0${code}`))) return groups(national, [6]);
  if (/^01/.test(national)) return groups(national, [5]);
  // Non-geographic (03, 05, 08, 09): 0800 123 4567.
  return groups(national, [4, 3]);
}

/** What a tel: link dials: E.164 for a UK number, otherwise only the digits and a leading +. */
export function telHref(phone: string): string {
  return `tel:${toE164(phone) ?? phone.replace(/[^\d+]/g, '')}`;
}
