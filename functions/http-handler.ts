import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { contactOf } from '../shared/domain/matching.js';
import { htmlResponse, type HttpResult } from '../shared/http/responses.js';
import { getRuntime } from '../shared/runtime.js';
import { logger } from '../shared/util/logger.js';
import { renderErrorPage } from '../shared/web/pages.js';

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

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
      return htmlResponse(500, renderErrorPage({ status: 500, contact: contactOf(getRuntime().settings) }));
    }
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
