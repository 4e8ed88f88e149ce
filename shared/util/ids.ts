import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ulid } from 'ulid';
import type { Ids } from '../domain/ports.js';

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

export function createIds(): Ids {
  return {
    requestId: () => ulid(),
    volunteerId: () => ulid(),
    reference: newReference,
    inviteToken: newInviteToken,
    actionToken: newInviteToken,
  };
}
