import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../domain/ports.js';

/**
 * One logger per function. The rule for every call site: ids, counts and enumerations only;
 * never names, addresses, phone numbers, emails or free text (a test greps the logs for them).
 */
export const logger = new Logger({ serviceName: 'community-kindness' });

/** The domain's Log port over Powertools: structured keys become top-level fields of the JSON line. */
export const log: Log = {
  info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
  warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
  error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
};
