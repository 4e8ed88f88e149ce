import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RuntimeConfig } from '../shared/config.js';
import { contactOf } from '../shared/domain/views.js';
import {
  ORIGIN_VERIFY_HEADER,
  originVerifierFor,
  type OriginVerifier,
} from '../shared/http/origin-verify.js';
import { header, mediaType } from '../shared/http/requests.js';
import { htmlResponse, jsonResponse, SECURITY_HEADERS, type HttpResult } from '../shared/http/responses.js';
import { getSettingsRuntime } from '../shared/runtime-settings.js';
import { logger } from '../shared/util/logger.js';
import { chooseLanguage, type Language } from '../shared/web/i18n.js';
import { linkPageLanguage } from '../shared/web/link-pages.js';
import { renderErrorPage } from '../shared/web/pages.js';
import { branchFor } from './route-table.js';

/**
 * The language of a page that has no stored one: ?lang= (the visible language link) wins over the
 * browser's Accept-Language, then English.
 */
export function languageOf(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters'>,
): Language {
  return chooseLanguage({
    explicit: event.queryStringParameters?.lang,
    acceptLanguage: header(event, 'accept-language'),
  });
}

/**
 * The language of a page reached from a link in a message: ?lang= (the page's own language link), then
 * the language stored with the request when there is one, then the browser's. Volunteers have no
 * language on record, so their pages pass none.
 */
export function linkLanguageOf(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters'>,
  stored?: string,
): Language {
  return linkPageLanguage({
    stored,
    explicit: event.queryStringParameters?.lang,
    acceptLanguage: header(event, 'accept-language'),
  });
}

export type HttpRoute = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/** One verifier per configuration (a container has one; tests swap the runtime): its cache lives with it. */
const verifiers = new WeakMap<RuntimeConfig, OriginVerifier | undefined>();

function verifierFor(config: RuntimeConfig): OriginVerifier | undefined {
  if (!verifiers.has(config)) verifiers.set(config, originVerifierFor(config));
  return verifiers.get(config);
}

/** No page and no detail for a caller that went around CloudFront: it is not a person using the form. */
const notThroughTheFrontDoor: HttpResult = {
  statusCode: 403,
  headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Forbidden',
};

/**
 * Every HTTP function first checks that the request came through CloudFront and its WAF (the origin
 * secret header, shared/http/origin-verify.ts), before the route reads, stores or sends anything.
 *
 * An HTTP handler never shows a stack trace: an unexpected error is logged by name (no payload,
 * which may hold personal data) and the person sees a kind page with the scheme's phone number.
 */
export function httpHandler(route: HttpRoute) {
  return middy(async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    try {
      const verifier = verifierFor(getSettingsRuntime().config);
      if (verifier && !(await verifier.accepts(header(event, ORIGIN_VERIFY_HEADER)))) {
        logger.warn('request refused: not through the front door', { route: event.routeKey });
        return notThroughTheFrontDoor;
      }
      return await route(event);
    } catch (error) {
      logger.error('unhandled error', {
        error: error instanceof Error ? error.name : 'unknown',
        route: event.routeKey,
      });
      const contact = contactOf(getSettingsRuntime().settings);
      // An API client sent JSON and reads JSON: the same kind words, without a page around them.
      if (mediaType(event) === 'application/json') {
        return jsonResponse(500, {
          message: `Sorry, there is a problem with the service. Please try again later, or call ${contact.schemePhone}.`,
        });
      }
      return htmlResponse(500, renderErrorPage({ status: 500, contact, lang: languageOf(event) }), {
        Vary: 'Accept-Language',
      });
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

/**
 * Dispatches on the route the event came through (API Gateway's routeKey, which the sandbox sets the
 * same way). API Gateway sends a function only its own routes; anything else is a 404 page.
 */
export function byRouteKey(table: Readonly<Record<string, HttpRoute>>): HttpRoute {
  return async (event) => {
    const branch = branchFor(table, event);
    if (branch) return branch(event);
    const contact = contactOf(getSettingsRuntime().settings);
    return htmlResponse(404, renderErrorPage({ status: 404, contact, lang: languageOf(event) }));
  };
}
