import { describe, expect, it } from 'vitest';
import { header, isCrossSite, MAX_BODY_BYTES, parseBody } from '../../../shared/http/requests.js';

type BodyEvent = Parameters<typeof parseBody>[0];

function event(body: string | undefined, contentType?: string, isBase64Encoded = false): BodyEvent {
  return { body, isBase64Encoded, headers: contentType === undefined ? {} : { 'content-type': contentType } };
}

describe('reading a request body', () => {
  it('reads a form post into fields', () => {
    expect(
      parseBody(
        event('name=Mary+Testperson&postcode=GL50%201AB&consent=yes', 'application/x-www-form-urlencoded'),
      ),
    ).toEqual({
      kind: 'form',
      fields: { name: 'Mary Testperson', postcode: 'GL50 1AB', consent: 'yes' },
    });
  });

  it('keeps the first value of a repeated form field', () => {
    expect(parseBody(event('action=accept&action=decline', 'application/x-www-form-urlencoded'))).toEqual({
      kind: 'form',
      fields: { action: 'accept' },
    });
  });

  it('ignores a charset parameter and the case of the content type', () => {
    expect(parseBody(event('a=1', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8'))).toEqual({
      kind: 'form',
      fields: { a: '1' },
    });
  });

  it('finds the Content-Type header whatever its case', () => {
    const result = parseBody({
      body: '{"a":1}',
      isBase64Encoded: false,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result).toEqual({ kind: 'json', value: { a: 1 } });
  });

  it('reads JSON as sent, leaving types for the schema to check', () => {
    expect(parseBody(event('{"name":"Mary","phone":7700900982,"extra":[1]}', 'application/json'))).toEqual({
      kind: 'json',
      value: { name: 'Mary', phone: 7700900982, extra: [1] },
    });
  });

  it('decodes a base64-encoded body', () => {
    const body = Buffer.from('name=Zo%C3%AB&helpType=shopping', 'utf8').toString('base64');
    expect(parseBody(event(body, 'application/x-www-form-urlencoded', true))).toEqual({
      kind: 'form',
      fields: { name: 'Zoë', helpType: 'shopping' },
    });
  });

  it('decodes a base64-encoded JSON body', () => {
    const body = Buffer.from(JSON.stringify({ name: 'Mary' })).toString('base64');
    expect(parseBody(event(body, 'application/json', true))).toEqual({
      kind: 'json',
      value: { name: 'Mary' },
    });
  });

  it('refuses a body over the limit before parsing it', () => {
    expect(parseBody(event(`a=${'x'.repeat(MAX_BODY_BYTES)}`, 'application/x-www-form-urlencoded'))).toEqual({
      kind: 'too-large',
    });
  });

  it('measures the limit in bytes, not characters', () => {
    // 6,000 three-byte characters: 18,000 bytes, but only 6,000 characters.
    expect(parseBody(event(`{"d":"${'€'.repeat(6000)}"}`, 'application/json'))).toEqual({
      kind: 'too-large',
    });
  });

  it('measures a base64 body after decoding', () => {
    const decoded = 'x'.repeat(MAX_BODY_BYTES - 10);
    const encoded = Buffer.from(`a=${decoded}`).toString('base64');
    expect(encoded.length).toBeGreaterThan(MAX_BODY_BYTES);
    expect(parseBody(event(encoded, 'application/x-www-form-urlencoded', true)).kind).toBe('form');
  });

  it.each([['text/plain'], ['multipart/form-data; boundary=x'], ['application/xml']])(
    'refuses the content type %s',
    (contentType) => {
      expect(parseBody(event('a=1', contentType))).toEqual({ kind: 'unsupported-type' });
    },
  );

  it('refuses a body without a content type', () => {
    expect(parseBody(event('a=1'))).toEqual({ kind: 'unsupported-type' });
  });

  it.each([['{"name":'], ['not json'], ['']])('reports malformed JSON %j', (body) => {
    expect(parseBody(event(body, 'application/json'))).toEqual({ kind: 'malformed' });
  });

  it('reads an empty form post as no fields', () => {
    expect(parseBody(event(undefined, 'application/x-www-form-urlencoded'))).toEqual({
      kind: 'form',
      fields: {},
    });
  });
});

describe('reading a header', () => {
  it('matches names case-insensitively and copes with no headers', () => {
    expect(header({ headers: { 'X-Thing': 'a' } }, 'x-thing')).toBe('a');
    expect(header({ headers: {} }, 'x-thing')).toBeUndefined();
  });
});

describe('spotting a cross-site post', () => {
  const allowed = ['https://help.example.org'];
  const withHeaders = (headers: Record<string, string>) => ({ headers });

  it('lets a same-origin post through', () => {
    expect(isCrossSite(withHeaders({ 'sec-fetch-site': 'same-origin' }), allowed)).toBe(false);
  });

  it('refuses a cross-site post', () => {
    expect(isCrossSite(withHeaders({ 'sec-fetch-site': 'cross-site' }), allowed)).toBe(true);
  });

  it('refuses a post from a sibling subdomain (same-site is not same-origin)', () => {
    expect(isCrossSite(withHeaders({ 'sec-fetch-site': 'same-site' }), allowed)).toBe(true);
  });

  it('refuses a post with Sec-Fetch-Site none (typed or bookmarked, not from our page)', () => {
    expect(isCrossSite(withHeaders({ 'sec-fetch-site': 'none' }), allowed)).toBe(true);
  });

  it('trusts Sec-Fetch-Site over Origin when both are present', () => {
    expect(isCrossSite(withHeaders({ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }), allowed)).toBe(
      false,
    );
    expect(
      isCrossSite(
        withHeaders({ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://help.example.org' }),
        allowed,
      ),
    ).toBe(true);
  });

  it('lets a post from an allowed origin through', () => {
    expect(isCrossSite(withHeaders({ origin: 'https://help.example.org' }), allowed)).toBe(false);
  });

  it('tolerates a trailing slash on a configured origin', () => {
    expect(
      isCrossSite(withHeaders({ origin: 'https://help.example.org' }), ['https://help.example.org/']),
    ).toBe(false);
  });

  it('lets a post from the request’s own host through', () => {
    expect(
      isCrossSite(
        withHeaders({
          origin: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
          host: 'abc123.execute-api.eu-west-2.amazonaws.com',
        }),
        allowed,
      ),
    ).toBe(false);
  });

  it('refuses a post from another origin', () => {
    expect(isCrossSite(withHeaders({ origin: 'https://evil.example.com' }), allowed)).toBe(true);
    expect(isCrossSite(withHeaders({ origin: 'http://help.example.org' }), allowed)).toBe(true);
    expect(isCrossSite(withHeaders({ origin: 'https://help.example.org.evil.example.com' }), allowed)).toBe(
      true,
    );
  });

  it('refuses Origin null when there is no Sec-Fetch-Site to vouch for it', () => {
    expect(isCrossSite(withHeaders({ origin: 'null' }), allowed)).toBe(true);
  });

  it('lets a client that sends neither header through (the token is still required)', () => {
    expect(isCrossSite(withHeaders({}), allowed)).toBe(false);
  });
});
