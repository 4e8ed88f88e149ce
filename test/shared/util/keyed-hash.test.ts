import { describe, expect, it, vi } from 'vitest';
import { emailLookupHash, keyedHash, phoneLookupHash } from '../../../shared/util/keyed-hash.js';
import { lookupSecretSource } from '../../../shared/util/lookup-secret.js';
import { isUkMobile, toE164 } from '../../../shared/util/phone.js';

const SECRET = 'a-test-secret-of-enough-length';

describe('keyed hashes for lookup keys', () => {
  it('is HMAC-SHA256 in base64url: 43 characters, stable, and different with another secret', () => {
    const hash = keyedHash('+447700900123', SECRET);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyedHash('+447700900123', SECRET)).toBe(hash);
    expect(keyedHash('+447700900123', `${SECRET}-2`)).not.toBe(hash);
    expect(hash).not.toContain('7700900123');
  });

  it('matches an email whatever its case or surrounding spaces', () => {
    expect(emailLookupHash('  Asha.Patel@Example.org ', SECRET)).toBe(
      emailLookupHash('asha.patel@example.org', SECRET),
    );
  });

  it('refuses a secret too short to be one', () => {
    expect(() => keyedHash('x', 'short')).toThrow(/too short/);
  });

  it('hashes phones in the E.164 form replies arrive in', () => {
    expect(phoneLookupHash(toE164('07700 900123') ?? '', SECRET)).toBe(
      phoneLookupHash('+447700900123', SECRET),
    );
  });
});

describe('UK phone numbers', () => {
  it('turns every way a UK number is written into E.164', () => {
    for (const written of ['07700 900123', '07700900123', '+44 7700 900123', '(07700) 900-123'])
      expect(toE164(written)).toBe('+447700900123');
    expect(toE164('01632 960001')).toBe('+441632960001');
    expect(toE164('+1 555 0100')).toBeUndefined();
  });

  it('tells mobiles from landlines', () => {
    expect(isUkMobile('07700 900123')).toBe(true);
    expect(isUkMobile('01632 960001')).toBe(false);
  });
});

describe('the lookup hash secret', () => {
  it('uses a configured value as it is (sandbox and tests)', async () => {
    await expect(lookupSecretSource({ lookupHashSecret: SECRET })()).resolves.toBe(SECRET);
  });

  it('reads the Secrets Manager secret through the extension once per container, and again after a failure', async () => {
    const fetchSecret = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(new Response('nope', { status: 500 }))
      .mockResolvedValue(new Response(JSON.stringify({ SecretString: SECRET })));
    const read = lookupSecretSource({ lookupHashSecretId: 'arn:secret' }, fetchSecret);

    await expect(read()).rejects.toThrow(/could not be read \(500\)/);
    await expect(read()).resolves.toBe(SECRET);
    await expect(read()).resolves.toBe(SECRET);

    expect(fetchSecret).toHaveBeenCalledTimes(2);
    expect(String(fetchSecret.mock.calls[0]?.[0])).toBe(
      'http://localhost:2773/secretsmanager/get?secretId=arn%3Asecret',
    );
  });

  it('refuses to run without a secret rather than hash with none', async () => {
    await expect(lookupSecretSource({})()).rejects.toThrow(/LOOKUP_HASH_SECRET/);
  });
});
