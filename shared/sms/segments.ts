/**
 * How a text is billed: End User Messaging charges per segment. A message in the GSM-7 alphabet fits
 * 160 characters in one segment (153 each once split, the rest carries the joining header); one
 * character outside it makes the whole message UCS-2: 70 in one, 67 each once split. The extension
 * characters (^ { } \ [ ~ ] | €, and form feed) are GSM-7 but take two places (an escape, then the
 * character).
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2): what the segment limits count. */
  units: number;
  segments: number;
}

export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multipart: number }>;

export function encodingOf(text: string): SmsEncoding {
  for (const character of text) if (!BASIC.has(character) && !EXTENSION.has(character)) return 'UCS-2';
  return 'GSM-7';
}

export function countSegments(text: string): SegmentCount {
  const encoding = encodingOf(text);
  let units = 0;
  if (encoding === 'GSM-7') for (const character of text) units += EXTENSION.has(character) ? 2 : 1;
  // UTF-16 code units: a character beyond the Basic Multilingual Plane (an emoji) takes two.
  else units = text.length;
  const limits = SEGMENT_LIMITS[encoding];
  const segments = units === 0 ? 0 : units <= limits.single ? 1 : Math.ceil(units / limits.multipart);
  return { encoding, units, segments };
}

/** The characters that pushed a text out of GSM-7 (a curly apostrophe, an en dash…), for tests and reviews. */
export function nonGsmCharacters(text: string): string[] {
  return [...new Set([...text].filter((c) => !BASIC.has(c) && !EXTENSION.has(c)))];
}
