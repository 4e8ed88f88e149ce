import { SESSION_COOKIE } from './session.js';

/**
 * A CloudFront Function (cloudfront-js-2.0) on /admin*, run on every viewer request. API Gateway's JWT
 * authorizer reads a token only from a header, and a no-JavaScript dashboard can only send a cookie:
 * this copies the session cookie into `Authorization: Bearer …` when the request has no Authorization
 * of its own (API clients keep sending theirs). A browser navigation with neither is sent to the
 * sign-in page rather than shown API Gateway's bare 401.
 *
 * The sandbox runs this same source in a VM context, so the two cannot drift apart. Plain ES5-style
 * code: CloudFront's runtime is not Node.
 */
export const ADMIN_VIEWER_REQUEST_CODE = `
function handler(event) {
  var request = event.request;
  var headers = request.headers;
  var cookie = request.cookies['${SESSION_COOKIE}'];
  var token = cookie && cookie.value ? cookie.value : '';
  if (!headers.authorization && token) {
    headers.authorization = { value: 'Bearer ' + token };
  }
  var isSignIn = request.uri === '/admin/sign-in' || request.uri === '/admin/sign-out';
  var navigating = headers['sec-fetch-mode'] && headers['sec-fetch-mode'].value === 'navigate';
  if (!headers.authorization && !isSignIn && navigating && request.method === 'GET') {
    return {
      statusCode: 303,
      statusDescription: 'See Other',
      headers: {
        location: { value: '/admin/sign-in' },
        'cache-control': { value: 'no-store' }
      }
    };
  }
  return request;
}
`;
