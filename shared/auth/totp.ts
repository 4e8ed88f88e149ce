import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), with node:crypto only. Cognito checks
 * the codes in AWS; the sandbox's local user pool uses this to check them the same way, and the dashboard
 * uses the otpauth:// URI builder to show the secret to an authenticator app.
 */

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Seconds per code; authenticator apps and Cognito use 30. */
  step?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form authenticator apps and Cognito's SecretCode use. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Accepts lower case, spaces and padding, as people type a secret; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret (RFC 4226 recommends at least 128 bits; 160 matches SHA-1's block). */
export function newTotpSecret(): Buffer {
  return randomBytes(20);
}

/** RFC 4226 HOTP: HMAC of the 8-byte counter, dynamic truncation, the last `digits` digits. */
export function hotp(
  secret: Uint8Array,
  counter: number,
  digits = 6,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP at a time in Unix seconds. */
export function totp(secret: Uint8Array, unixSeconds: number, options: TotpOptions = {}): string {
  const step = options.step ?? 30;
  return hotp(secret, Math.floor(unixSeconds / step), options.digits ?? 6, options.algorithm ?? 'sha1');
}

/**
 * True when the code matches the current step or one either side (clocks on phones drift, and a code
 * typed at the end of its 30 seconds arrives in the next). Compared in constant time.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  unixSeconds: number,
  options: TotpOptions & { window?: number } = {},
): boolean {
  const digits = options.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return false;
  const step = options.step ?? 30;
  const window = options.window ?? 1;
  let matched = false;
  for (let drift = -window; drift <= window; drift++) {
    const expected = totp(secret, unixSeconds + drift * step, options);
    // Every candidate is compared, so the time taken says nothing about which one matched.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code))) matched = true;
  }
  return matched;
}

/**
 * The otpauth:// URI (Google Authenticator's key URI format) that authenticator apps read from a QR code
 * or a link: the label is "issuer:account", and the issuer is repeated as a parameter.
 */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const params = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}
