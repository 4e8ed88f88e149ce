/**
 * The dashboard is server-rendered and works without JavaScript, so the browser holds the access
 * token in a cookie that script cannot read (HttpOnly), that no other site can make it send
 * (SameSite=Strict), and only over HTTPS in AWS (Secure). Path=/admin keeps it off public pages.
 */
export const SESSION_COOKIE = 'ck_admin';
/**
 * The refresh token, in a cookie of its own with the same protections. The browser sends it on every
 * /admin request (a cookie path cannot name two sibling routes), but the viewer-request function drops
 * it from every request except sign-in and sign-out, so no other function ever receives it.
 */
export const REFRESH_COOKIE = 'ck_admin_refresh';
export const ADMIN_PATH = '/admin';
export const SIGN_IN_PATH = '/admin/sign-in';
export const SIGN_OUT_PATH = '/admin/sign-out';

/**
 * Token lifetimes, read by the user pool's app client and by the cookies that carry the tokens. An hour
 * bounds how long a token taken from a device stays usable (API Gateway's JWT authorizer checks tokens
 * offline, so revoking one at sign-out cannot stop it before it expires); the refresh token lets a
 * working day go on without typing the password and a code every hour.
 */
export const ACCESS_TOKEN_MINUTES = 60;
export const REFRESH_TOKEN_HOURS = 12;

function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${name}=${value}`,
    `Path=${ADMIN_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The access token's cookie expires with the token, so the browser stops sending a token that is dead. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return cookie(SESSION_COOKIE, token, maxAgeSeconds, secure);
}

export function refreshCookie(token: string, secure: boolean): string {
  return cookie(REFRESH_COOKIE, token, REFRESH_TOKEN_HOURS * 3600, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

export function clearedRefreshCookie(secure: boolean): string {
  return cookie(REFRESH_COOKIE, '', 0, secure);
}

/** Secure cookies need HTTPS; the sandbox runs on http://localhost. */
export function isSecureBase(publicBaseUrl: string): boolean {
  return publicBaseUrl.startsWith('https://');
}

/** Reads one cookie from a Cookie header (or API Gateway's `cookies` array). */
export function readCookie(cookies: readonly string[] | undefined, name: string): string | undefined {
  for (const header of cookies ?? []) {
    for (const part of header.split(';')) {
      const [key, ...rest] = part.trim().split('=');
      if (key === name) return rest.join('=');
    }
  }
  return undefined;
}

/**
 * Where to go back to after a silent refresh: a dashboard path on this site only, so the parameter
 * cannot send a prescriber anywhere else ("//evil.example", "/admin/../x", "/admin\\x" are refused).
 */
export function safeAdminPath(next: string | undefined): string {
  if (!next || next.length > 512) return ADMIN_PATH;
  if (!/^\/admin(?:[/?][\w\-./?=&%+~]*)?$/.test(next)) return ADMIN_PATH;
  if (next.includes('..') || next.includes('//')) return ADMIN_PATH;
  if (next.startsWith(SIGN_IN_PATH) || next.startsWith(SIGN_OUT_PATH)) return ADMIN_PATH;
  return next;
}
