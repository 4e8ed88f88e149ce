import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as submitRequest } from '../../functions/submit-request.js';
import { LIMITS } from '../../shared/schema/request.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { MAX_BODY_BYTES } from '../../shared/http/requests.js';
import { aValidPayload, type TestPorts } from '../support/memory-store.js';
import { httpEvent, installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';

/**
 * Promise 5 of the security issue: generated bad payloads, in JSON and as form posts, are all answered
 * 4xx with a message, none is stored, none causes a 5xx. Each payload is a valid request broken in
 * exactly one way, so "4xx" is the only right answer for every one of them.
 */
const RUNS = 10_000;
let ports: TestPorts;
const tally = { tried: 0, status4xx: 0, status5xx: 0, other: 0 };

beforeAll(() => {
  ports = installMemoryRuntime();
  // The memory clock's today is 2026-03-10; aValidPayload is valid on that day.
});

afterAll(() => {
  setRuntimeForTests(undefined);
  console.warn(
    `bad-input: ${tally.tried} payloads tried, ${tally.status4xx} answered 4xx, ${tally.status5xx} 5xx, ${tally.other} other; ${ports.store.writes().length} writes`,
  );
});

const ALL_FIELDS = Object.keys(aValidPayload());
const REQUIRED = ['name', 'onBehalf', 'addressLine1', 'postcode', 'helpType', 'neededBy', 'consent'];
const TRICKS = [
  '<script>alert(1)</script>',
  '\u202Egl50 1ab',
  'ＧＬ５０ １ＡＢ',
  // Arabic-Indic digits are a real phone number once normalised; too few of them is not.
  '٠٧٧٠٠٩',
  '\u0000',
  '../../etc/passwd',
  "' OR 1=1 --",
  '{{7*7}}',
  '${jndi:ldap://x}',
];

/** One way of breaking a valid payload; every one of them must be refused. */
const breakage: fc.Arbitrary<{ how: string; payload: unknown; jsonOnly?: boolean }> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((field) => {
    const payload: Record<string, unknown> = { ...aValidPayload() };
    Reflect.deleteProperty(payload, field);
    return { how: `missing ${field}`, payload };
  }),
  fc
    .tuple(
      fc.constantFrom(...ALL_FIELDS),
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object()),
    )
    .map(([field, value]) => ({
      how: `wrong type for ${field}`,
      payload: aValidPayload({ [field]: value }),
      // A form post carries only strings: a wrong type exists in JSON alone.
      jsonOnly: true,
    })),
  fc
    .tuple(
      fc.constantFrom('name', 'addressLine1', 'details', 'town', 'relationship', 'addressLine2'),
      fc.integer({ min: 0, max: 5000 }),
    )
    .map(([field, extra]) => ({
      how: `too long ${field}`,
      payload: aValidPayload({ [field]: 'x'.repeat(LIMITS.name + LIMITS.details + 1 + extra) }),
    })),
  fc
    .tuple(
      fc.constantFrom('postcode', 'phone', 'email', 'neededBy', 'helpType', 'onBehalf', 'consent'),
      fc.constantFrom(...TRICKS),
    )
    .map(([field, value]) => ({ how: `trick in ${field}`, payload: aValidPayload({ [field]: value }) })),
  fc
    .tuple(
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter(
          (k) =>
            !ALL_FIELDS.includes(k) &&
            k !== 'website' &&
            k !== 'idempotencyKey' &&
            k !== 'requesterName' &&
            k !== 'relationship' &&
            k !== 'addressLine2' &&
            k !== 'town' &&
            k !== 'language' &&
            k !== '__proto__',
        ),
      fc.string(),
    )
    .map(([key, value]) => ({ how: `extra field`, payload: { ...aValidPayload(), [key]: value } })),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything())).map((payload) => ({
    how: 'not an object',
    payload,
  })),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
    .map((s) => ({
      how: 'unicode postcode',
      payload: aValidPayload({ postcode: `${s}${s}` }),
    }))
    .filter(
      ({ payload }) =>
        !/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/.test(
          String((payload as { postcode: string }).postcode).trim(),
        ),
    ),
  fc.constant({ how: 'neither phone nor email', payload: aValidPayload({ phone: '', email: '' }) }),
  fc.constant({ how: 'date in the past', payload: aValidPayload({ neededBy: '2026-03-09' }) }),
);

function asForm(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return String(payload);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) {
    // Form posts carry strings only: a wrong type arrives as its text.
    params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params.toString();
}

async function post(body: string, contentType: string) {
  const result = await submitRequest(
    httpEvent('POST', '/requests', { body, headers: { 'content-type': contentType } }),
    lambdaContext(),
  );
  tally.tried++;
  if (result.statusCode >= 400 && result.statusCode < 500) tally.status4xx++;
  else if (result.statusCode >= 500) tally.status5xx++;
  else tally.other++;
  return result;
}

describe('generated bad payloads at the request API', () => {
  it(`answers ${RUNS} broken JSON and form payloads with 4xx and a message, storing nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(breakage, fc.boolean(), async ({ payload, jsonOnly }, preferJson) => {
        const asJson = preferJson || jsonOnly === true;
        const result = asJson
          ? await post(JSON.stringify(payload), 'application/json')
          : await post(asForm(payload), 'application/x-www-form-urlencoded');
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
        expect(result.statusCode).toBeLessThan(500);
        expect(String(result.body).length).toBeGreaterThan(0);
        if (asJson) expect(JSON.parse(String(result.body))).toHaveProperty('message');
      }),
      { numRuns: RUNS },
    );
    expect(ports.store.writes()).toEqual([]);
  }, 120_000);

  it('refuses oversized bodies, malformed JSON and other content types without storing', async () => {
    const big = JSON.stringify(aValidPayload({ details: 'x'.repeat(MAX_BODY_BYTES) }));
    expect((await post(big, 'application/json')).statusCode).toBe(413);
    expect((await post('{"name": "unterminated', 'application/json')).statusCode).toBe(400);
    expect((await post(JSON.stringify(aValidPayload()), 'text/plain')).statusCode).toBe(415);
    expect((await post('<xml/>', 'application/xml')).statusCode).toBe(415);
    expect(ports.store.writes()).toEqual([]);
  });

  it('still stores a valid request, so the refusals above are not a broken handler', async () => {
    const result = await post(JSON.stringify(aValidPayload()), 'application/json');
    expect(result.statusCode).toBe(201);
    expect(ports.store.writes()).toContain('createRequest');
  });
});
