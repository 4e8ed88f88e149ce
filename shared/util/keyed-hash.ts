import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256, base64url, of a value in one canonical form. Lookup keys (a volunteer by email or phone)
 * are made with it, so the table and its stream carry no address or number, and, unlike a plain
 * SHA-256, nobody without the secret can test a guessed number against a key.
 */
export function keyedHash(value: string, secret: string): string {
  if (secret.length < 16) throw new Error('the lookup hash secret is too short');
  return createHmac('sha256', secret).update(value.normalize('NFC'), 'utf8').digest('base64url');
}

/** Emails are matched without regard to case or surrounding spaces, as people type them. */
export function emailLookupHash(email: string, secret: string): string {
  return keyedHash(email.trim().toLowerCase(), secret);
}

/** Phones are matched in E.164 (+447700900123), the form End User Messaging reports a reply's number in. */
export function phoneLookupHash(e164: string, secret: string): string {
  return keyedHash(e164, secret);
}

/**
 * A person's name as the search matches it: accents, case, punctuation and runs of spaces do not
 * count ("Zoë  O'Neill" and "zoe oneill" are the same), but every word must be there: exact, not partial.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What a dashboard search can find a person by; each kind hashes its own canonical form. */
export type FindKind = 'name' | 'email' | 'phone';

/** The search key of one value: the kind is hashed in, so a name never finds a number that spells it. */
export function findLookupHash(kind: FindKind, canonical: string, secret: string): string {
  return keyedHash(`${kind}:${canonical}`, secret);
}
