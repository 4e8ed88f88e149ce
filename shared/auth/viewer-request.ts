import { REFRESH_COOKIE, SESSION_COOKIE, SIGN_IN_PATH, SIGN_OUT_PATH } from './session.js';

/**
 * A CloudFront Function (cloudfront-js-2.0) on /admin*, run on every viewer request. API Gateway's JWT
 * authorizer reads a token only from a header, and a no-JavaScript dashboard can only send a cookie:
 * this copies the session cookie into `Authorization: Bearer …` when the request has no Authorization
 * of its own (API clients keep sending theirs).
 *
 * The refresh token's cookie is removed from every request except sign-in and sign-out, the only
 * function that uses it. A browser navigation with no access token is sent to the sign-in page rather
 * than shown API Gateway's bare 401. A navigation is what Sec-Fetch-Mode says is one or, from a browser
 * too old to send that header, a request that accepts a page (text/html); API clients ask for JSON and
 * still get the 401. When it still holds a refresh token, the sign-in page is told which page to
 * return to once it has refreshed the access token (the path only: a query string can hold a search
 * for a name, and this URL is logged). A form posted just after the access token expired goes the
 * same way with 307, which keeps the method and the form, so the browser posts it again once
 * refreshed and nothing typed is lost.
 *
 * The sandbox runs this same source in a VM context, so the two cannot drift apart. Plain ES5-style
 * code: CloudFront's runtime is not Node.
 */
export const ADMIN_VIEWER_REQUEST_CODE = `
function handler(event) {
  var request = event.request;
  var headers = request.headers;
  var cookies = request.cookies;
  var cookie = cookies['${SESSION_COOKIE}'];
  var token = cookie && cookie.value ? cookie.value : '';
  var refresh = cookies['${REFRESH_COOKIE}'];
  var canRefresh = refresh && refresh.value ? true : false;
  var isSignIn = request.uri === '${SIGN_IN_PATH}' || request.uri === '${SIGN_OUT_PATH}';
  if (!isSignIn) {
    delete cookies['${REFRESH_COOKIE}'];
  }
  if (!headers.authorization && token) {
    headers.authorization = { value: 'Bearer ' + token };
  }
  var mode = headers['sec-fetch-mode'] ? headers['sec-fetch-mode'].value : '';
  var accept = headers.accept ? headers.accept.value : '';
  var navigating = mode === 'navigate' || (!mode && accept.indexOf('text/html') !== -1);
  if (headers.authorization || isSignIn || !navigating) {
    return request;
  }
  var resume = '${SIGN_IN_PATH}?next=' + encodeURIComponent(request.uri);
  if (request.method === 'GET') {
    return redirect(303, 'See Other', canRefresh ? resume : '${SIGN_IN_PATH}');
  }
  if (canRefresh) {
    return redirect(307, 'Temporary Redirect', resume);
  }
  return request;
}

function redirect(statusCode, statusDescription, location) {
  return {
    statusCode: statusCode,
    statusDescription: statusDescription,
    headers: {
      location: { value: location },
      'cache-control': { value: 'no-store' }
    }
  };
}
`;
