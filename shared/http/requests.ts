import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { INVITE_TOKEN_PATTERN } from '../util/ids.js';

/** Far more than the longest valid request (about 1.5 KB); anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

export type ParsedBody =
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'json'; value: unknown }
  | { kind: 'too-large' }
  | { kind: 'unsupported-type' }
  | { kind: 'malformed' };

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * A link's token from the path, or '' when it cannot be one. However the path arrived (a malformed
 * percent-escape left as typed, a lone surrogate, a replacement character), the handler then shows
 * its "link not recognised" page, and nothing built from the token (a form's action) can fail.
 */
export function tokenParameter(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>): string {
  const token = event.pathParameters?.token ?? '';
  return INVITE_TOKEN_PATTERN.test(token) ? token : '';
}

function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** The request's media type, lower case, without its parameters ("multipart/form-data; boundary=…"). */
export function mediaType(event: Pick<APIGatewayProxyEventV2, 'headers'>): string {
  return (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * A form post as URLSearchParams, so repeated fields (ticked boxes) keep every value: 'too-large' over
 * `maxBytes`, undefined when the body is not a form.
 */
export function urlEncodedForm(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
  maxBytes = MAX_BODY_BYTES,
): URLSearchParams | 'too-large' | undefined {
  if (mediaType(event) !== 'application/x-www-form-urlencoded') return undefined;
  const body = rawBody(event);
  if (body.length > maxBytes) return 'too-large';
  return new URLSearchParams(body.toString('utf8'));
}

/**
 * Form posts and JSON share one schema, so both become plain objects here. A repeated form field
 * keeps its first value; JSON stays as sent so the schema can reject wrong types.
 */
export function parseBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
): ParsedBody {
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES) return { kind: 'too-large' };
  const contentType = mediaType(event);
  const text = body.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    // A Map, not `key in {}`: a field named toString or __proto__ must neither vanish nor touch a prototype.
    const fields = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(text)) if (!fields.has(key)) fields.set(key, value);
    return { kind: 'form', fields: Object.fromEntries(fields) };
  }
  if (contentType === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'malformed' };
    }
  }
  return { kind: 'unsupported-type' };
}

/**
 * A multipart/form-data post (a form with a file input) as its fields, each file read as UTF-8 text.
 * Node's own fetch Request parses it, so no parser is bundled. Undefined for another content type,
 * an unreadable body, or one over `maxBytes`.
 */
export async function multipartFields(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
  maxBytes: number,
): Promise<Map<string, string> | undefined> {
  if (mediaType(event) !== 'multipart/form-data') return undefined;
  const body = rawBody(event);
  if (body.length > maxBytes) return undefined;
  let form: FormData;
  try {
    form = await new Request('http://form.invalid/', {
      method: 'POST',
      headers: { 'content-type': header(event, 'content-type') ?? '' },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return undefined;
  }
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => entries.push([name, value]));
  const fields = new Map<string, string>();
  for (const [name, value] of entries) {
    if (fields.has(name)) continue;
    fields.set(name, typeof value === 'string' ? value : await value.text());
  }
  return fields;
}

/**
 * Refuses a cross-site POST. Browsers send Sec-Fetch-Site (which pages cannot forge) and Origin on
 * form posts; an email scanner or a hostile page on another site gets a 403. Sec-Fetch-Site wins
 * when present; Origin is there for browsers too old to send it (the same-origin referrer policy
 * keeps Origin on our own posts, where no-referrer would make it "null"). A client
 * that sends neither (curl) shows no sign of being cross-site and is let through: the token is
 * still required.
 */
export function isCrossSite(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  allowedOrigins: string[],
): boolean {
  const fetchSite = header(event, 'sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin';
  const origin = header(event, 'origin');
  if (origin === undefined) return false;
  const host = header(event, 'host');
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
  if (host) {
    allowed.add(`https://${host}`);
    allowed.add(`http://${host}`);
  }
  return !allowed.has(origin);
}
