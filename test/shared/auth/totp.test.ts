import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  newTotpSecret,
  otpauthUri,
  totp,
  verifyTotp,
} from '../../../shared/auth/totp.js';

// RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to each hash's length.
const SEED_SHA1 = Buffer.from('12345678901234567890');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

const RFC6238_VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC6238_VECTORS)(
    'at %i s gives the RFC test vectors for SHA-1, SHA-256 and SHA-512',
    (time, sha1, sha256, sha512) => {
      expect(totp(SEED_SHA1, time, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
      expect(totp(SEED_SHA256, time, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
      expect(totp(SEED_SHA512, time, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
    },
  );

  it('gives the RFC 4226 HOTP test values for the first counters', () => {
    expect([0, 1, 2, 3, 9].map((counter) => hotp(SEED_SHA1, counter))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '520489',
    ]);
  });

  it('accepts the current code and one step either side, and nothing further or malformed', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_015;
    expect(verifyTotp(secret, totp(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now - 30), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now + 30), now)).toBe(true);
    expect(verifyTotp(secret, totp(secret, now - 90), now)).toBe(false);
    expect(verifyTotp(secret, totp(secret, now + 90), now)).toBe(false);
    expect(verifyTotp(secret, '12345', now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
    const wrong = String((Number(totp(secret, now)) + 1) % 1_000_000).padStart(6, '0');
    const neighbours = [now - 30, now, now + 30].map((t) => totp(secret, t));
    if (!neighbours.includes(wrong)) expect(verifyTotp(secret, wrong, now)).toBe(false);
  });
});

describe('base32 and the otpauth URI', () => {
  it('round-trips a secret and matches RFC 4648 test vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    const secret = newTotpSecret();
    expect(base32Decode(base32Encode(secret))).toEqual(secret);
    expect(() => base32Decode('not-base32!')).toThrow('not base32');
  });

  it('builds the key URI authenticator apps read', () => {
    expect(
      otpauthUri({
        secret: 'JBSWY3DPEHPK3PXP',
        account: 'sam@practice.nhs.uk',
        issuer: 'Community Kindness',
      }),
    ).toBe(
      'otpauth://totp/Community%20Kindness:sam%40practice.nhs.uk?secret=JBSWY3DPEHPK3PXP&issuer=Community%20Kindness&algorithm=SHA1&digits=6&period=30',
    );
  });
});
