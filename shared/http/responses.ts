import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Every response carries these. Invite tokens live in URLs, so no Referer may take them to another
 * site: same-origin, rather than no-referrer, because under no-referrer a browser sends "Origin: null"
 * on our own form posts, and browsers too old to send Sec-Fetch-Site would then be refused as
 * cross-site (shared/http/requests.ts). Pages hold personal data, so nothing is cached; no inline
 * script or style is ever needed.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

export type HttpResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

export function htmlResponse(
  statusCode: number,
  body: string,
  extraHeaders: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...extraHeaders },
    body,
  };
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...extraHeaders },
    body: JSON.stringify(body),
  };
}

export function redirect(location: string): HttpResult {
  return { statusCode: 303, headers: { ...SECURITY_HEADERS, Location: location }, body: '' };
}
