import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { runDailyDigest, type DigestResult } from '../shared/domain/digest.js';
import type { Mailer } from '../shared/domain/ports.js';
import { dailyDigestEmail } from '../shared/mail/digest-templates.js';
import { createSesMailer } from '../shared/mail/ses.js';
import { getCoreRuntime, lazyPort, runtimeOverride } from '../shared/runtime-core.js';
import { logger } from '../shared/util/logger.js';

/** One mailer per core runtime: a new core (tests and the sandbox reset it) gets a new one. */
const mailers = new WeakMap<object, Mailer>();

/**
 * Run once a day by EventBridge Scheduler (the sandbox runs it on its own clock). The event carries
 * nothing. It sends email only: the core runtime and an SES mailer, without the SMS client.
 */
export const handler = middy(async (): Promise<DigestResult> => {
  const core = getCoreRuntime();
  const { settings, ports, config } = core;
  let mailer = runtimeOverride()?.ports.mailer ?? mailers.get(core);
  if (!mailer) {
    mailer = lazyPort<Mailer>(() =>
      createSesMailer({ sender: config.senderEmail, endpoint: config.sesEndpoint, region: config.region }),
    );
    mailers.set(core, mailer);
  }
  return runDailyDigest(settings, { ...ports, mailer, renderDigest: dailyDigestEmail });
}).use(injectLambdaContext(logger, { resetKeys: true }));
