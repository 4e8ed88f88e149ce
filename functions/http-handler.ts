import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { contactOf } from '../shared/domain/matching.js';
import { header } from '../shared/http/requests.js';
import { htmlResponse, jsonResponse, type HttpResult } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { logger } from '../shared/util/logger.js';
import { renderErrorPage } from '../shared/web/pages.js';

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

const isJson = (contentType: string | undefined) =>
  contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/**
 * An HTTP handler never shows a stack trace: an unexpected error is logged by name (no payload,
 * which may hold personal data) and the person sees a kind page with the scheme's phone number.
 */
export function httpHandler(route: Route) {
  return middy(async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    try {
      return await route(event);
    } catch (error) {
      logger.error('unhandled error', {
        error: error instanceof Error ? error.name : 'unknown',
        route: event.routeKey,
      });
      const contact = contactOf(getRuntime().settings);
      // An API client sent JSON and reads JSON: the same kind words, without a page around them.
      if (isJson(header(event, 'content-type'))) {
        return jsonResponse(500, {
          message: `Sorry, there is a problem with the service. Please try again later, or call ${contact.schemePhone}.`,
        });
      }
      return htmlResponse(500, renderErrorPage({ status: 500, contact }));
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
