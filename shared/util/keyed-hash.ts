import { createHmac } from 'node:crypto';

/**
 * A lookup key for a personal value (an email address, a phone number) that reveals nothing without
 * the secret: HMAC-SHA256, base64url. A plain SHA-256 of an address could be reversed by hashing a
 * list of likely addresses; the keyed hash cannot without the secret. Callers normalise the value
 * (a lowercased email, an E.164 phone) so the same person always gets the same key.
 */
export function keyedHash(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('base64url');
}
