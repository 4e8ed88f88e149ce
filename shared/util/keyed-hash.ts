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
