/**
 * The dashboard is server-rendered and works without JavaScript, so the browser holds the access
 * token in a cookie that script cannot read (HttpOnly), that no other site can make it send
 * (SameSite=Strict), and only over HTTPS in AWS (Secure). Path=/admin keeps it off public pages.
 */
export const SESSION_COOKIE = 'ck_admin';
export const ADMIN_PATH = '/admin';

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    `Path=${ADMIN_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
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
