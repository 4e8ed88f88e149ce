import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { runDailyDigest, type DigestResult } from '../shared/domain/digest.js';
import { dailyDigestEmail } from '../shared/mail/digest-templates.js';
import { getRuntime } from '../shared/runtime.js';
import { logger } from '../shared/util/logger.js';

/** Run once a day by EventBridge Scheduler (the sandbox runs it on its own clock). The event carries nothing. */
export const handler = middy(async (): Promise<DigestResult> => {
  const { settings, ports } = getRuntime();
  return runDailyDigest(settings, { ...ports, renderDigest: dailyDigestEmail });
}).use(injectLambdaContext(logger, { resetKeys: true }));
