import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Crockford base32 without I, L, O, U: a reference read out over the phone cannot be misheard as a digit. */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_PATTERN = /^GCK-[0-9A-HJKMNP-TV-Z]{5}$/;

export function newReference(): string {
  let code = '';
  for (let i = 0; i < 5; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `GCK-${code}`;
}

export function newInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored: a leaked table or backup cannot be turned back into working links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A base64url encoding of exactly 32 bytes is 43 characters. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A ULID (https://github.com/ulid/spec): 48 bits of milliseconds then 80 random bits, 26 characters
 * of Crockford base32, sortable by time. Written here rather than taken from the `ulid` package, which
 * asks the operating system for one random byte per character (16 calls a ULID): a third of the submit
 * handler's own CPU time (`node --cpu-prof`). Here the 80 bits come from one call.
 */
export function newUlid(now: number = Date.now()): string {
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = REFERENCE_ALPHABET[t % 32] + time;
  let random = '';
  let buffered = 0;
  let bits = 0;
  for (const byte of randomBytes(10)) {
    buffered = (buffered << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      random += REFERENCE_ALPHABET[(buffered >> bits) & 31];
    }
    buffered &= (1 << bits) - 1;
  }
  return time + random;
}

export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The domain's Ids port (checked where the runtime hands it over). */
export function createIds() {
  return {
    requestId: () => newUlid(),
    volunteerId: () => newUlid(),
    reference: newReference,
    inviteToken: newInviteToken,
    actionToken: newInviteToken,
  };
}
