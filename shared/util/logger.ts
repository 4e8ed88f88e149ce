import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per function. The rule for every call site: ids, counts and enumerations only;
 * never names, addresses, phone numbers, emails or free text (a test greps the logs for them).
 */
export const logger = new Logger({ serviceName: 'community-kindness' });

type Extra = Record<string, unknown>;

/**
 * The domain's Log port over Powertools: structured keys become top-level fields of the JSON line.
 * Shaped like the port rather than naming it, so this low-level module does not reach up into the
 * domain; the runtime, which hands it to the domain as its Log, is where the types are checked.
 */
export const log = {
  info: (message: string, extra?: Extra) => (extra ? logger.info(message, extra) : logger.info(message)),
  warn: (message: string, extra?: Extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
  error: (message: string, extra?: Extra) => (extra ? logger.error(message, extra) : logger.error(message)),
};
