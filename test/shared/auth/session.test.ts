import { describe, expect, it } from 'vitest';
import { runAdminViewerRequest } from '../../../sandbox/auth.js';
import {
  clearedRefreshCookie,
  REFRESH_COOKIE,
  REFRESH_TOKEN_HOURS,
  refreshCookie,
  safeAdminPath,
  SESSION_COOKIE,
} from '../../../shared/auth/session.js';

describe('the refresh token cookie', () => {
  it('is HttpOnly, SameSite=Strict, Secure over HTTPS, and lasts as long as the refresh token', () => {
    expect(refreshCookie('opaque', true)).toBe(
      `${REFRESH_COOKIE}=opaque; Path=/admin; Max-Age=${REFRESH_TOKEN_HOURS * 3600}; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(clearedRefreshCookie(false)).toBe(
      `${REFRESH_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict`,
    );
  });
});

describe('where a silent refresh returns to', () => {
  it.each(['/admin', '/admin/requests/abc-123', '/admin/volunteers', '/admin/reports?from=2026-01'])(
    'keeps the dashboard path %s',
    (path) => {
      expect(safeAdminPath(path)).toBe(path);
    },
  );

  it.each([
    undefined,
    '',
    'https://evil.example/admin',
    '//evil.example/admin',
    '/admin//evil.example',
    '/admin/../public',
    '/adminx',
    '/admin\\evil',
    '/admin/sign-in',
    '/admin/sign-out',
    `/admin/${'a'.repeat(600)}`,
  ])('sends %s to the dashboard home instead', (path) => {
    expect(safeAdminPath(path)).toBe('/admin');
  });
});

describe('the viewer-request function on /admin* (the deployed source, run as the sandbox runs it)', () => {
  const cookies = `${SESSION_COOKIE}=access.jwt; ${REFRESH_COOKIE}=refresh-opaque; other=1`;

  it('copies the access token into Authorization and keeps the refresh token from every other function', () => {
    const result = runAdminViewerRequest({
      method: 'GET',
      uri: '/admin/requests/r1',
      headers: { cookie: cookies },
    });
    expect(result).toMatchObject({ kind: 'request', headers: { authorization: 'Bearer access.jwt' } });
    const forwarded = result.kind === 'request' ? (result.headers.cookie ?? '') : '';
    expect(forwarded).toContain(`${SESSION_COOKIE}=access.jwt`);
    expect(forwarded).toContain('other=1');
    expect(forwarded).not.toContain('refresh-opaque');
  });

  it.each(['/admin/sign-in', '/admin/sign-out'])('lets the refresh token through to %s', (uri) => {
    const result = runAdminViewerRequest({ method: 'POST', uri, headers: { cookie: cookies } });
    expect(result.kind === 'request' ? result.headers.cookie : '').toContain(
      `${REFRESH_COOKIE}=refresh-opaque`,
    );
  });

  it('sends a navigation whose access token has expired to the sign-in page, to refresh and come back', () => {
    const result = runAdminViewerRequest({
      method: 'GET',
      uri: '/admin/requests/r1',
      headers: { cookie: `${REFRESH_COOKIE}=refresh-opaque`, 'sec-fetch-mode': 'navigate' },
    });
    expect(result).toEqual({
      kind: 'response',
      statusCode: 303,
      headers: { location: '/admin/sign-in?next=%2Fadmin%2Frequests%2Fr1', 'cache-control': 'no-store' },
    });
  });

  it('sends a form posted after the access token expired to be refreshed, keeping method and form (307)', () => {
    const result = runAdminViewerRequest({
      method: 'POST',
      uri: '/admin/volunteers/v1/pause',
      headers: { cookie: `${REFRESH_COOKIE}=refresh-opaque`, 'sec-fetch-mode': 'navigate' },
    });
    expect(result).toMatchObject({
      kind: 'response',
      statusCode: 307,
      headers: { location: '/admin/sign-in?next=%2Fadmin%2Fvolunteers%2Fv1%2Fpause' },
    });
  });

  it('lets a post with no tokens through, for the authorizer to refuse', () => {
    const result = runAdminViewerRequest({
      method: 'POST',
      uri: '/admin/volunteers/v1/pause',
      headers: { 'sec-fetch-mode': 'navigate' },
    });
    expect(result.kind).toBe('request');
    expect(result.kind === 'request' ? result.headers.authorization : 'none').toBeUndefined();
  });

  it('sends a page request from a browser that sends no Sec-Fetch-Mode (Accept: text/html) to sign in', () => {
    const result = runAdminViewerRequest({
      method: 'GET',
      uri: '/admin',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(result).toMatchObject({
      kind: 'response',
      statusCode: 303,
      headers: { location: '/admin/sign-in' },
    });
  });

  it.each([
    ['asks for JSON', { accept: 'application/json' }],
    ['sends no Accept at all', {}],
    ['is a fetch() from a page, not a navigation', { accept: 'text/html', 'sec-fetch-mode': 'cors' }],
  ])('lets an API client through to the authorizer (and its 401) when it %s', (_label, headers) => {
    const result = runAdminViewerRequest({ method: 'GET', uri: '/admin', headers });
    expect(result.kind).toBe('request');
  });

  it('sends a navigation with no tokens at all to the plain sign-in page', () => {
    const result = runAdminViewerRequest({
      method: 'GET',
      uri: '/admin/requests/r1',
      headers: { 'sec-fetch-mode': 'navigate' },
    });
    expect(result).toMatchObject({ kind: 'response', headers: { location: '/admin/sign-in' } });
  });
});
