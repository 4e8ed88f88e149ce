import { runtimeConfig, type RuntimeConfig } from './config.js';
import type { MatchingPorts, MatchingSettings } from './domain/matching.js';
import type { Clock } from './domain/ports.js';
import { createSesMailer } from './mail/ses.js';
import { createDynamoStore } from './store/dynamo.js';
import { createIds } from './util/ids.js';
import { log } from './util/logger.js';

const systemClock: Clock = { now: () => new Date() };

export interface Runtime {
  config: RuntimeConfig;
  settings: MatchingSettings;
  ports: MatchingPorts;
}

let runtime: Runtime | undefined;

/**
 * Adapters are built on first use, not at import: a cold start pays only for what the first
 * invocation needs, and the same code runs against AWS or the sandbox's local endpoints.
 */
export function getRuntime(): Runtime {
  if (runtime) return runtime;
  const config = runtimeConfig();
  const built: Runtime = {
    config,
    settings: config,
    ports: {
      store: createDynamoStore({
        tableName: config.tableName,
        endpoint: config.dynamoDbEndpoint,
        region: config.region,
      }),
      mailer: createSesMailer({
        sender: config.senderEmail,
        endpoint: config.sesEndpoint,
        region: config.region,
      }),
      clock: systemClock,
      ids: createIds(),
      log,
    },
  };
  runtime = built;
  return built;
}

/** Tests and the sandbox swap in their own ports (a fixed clock, a failing mailer). */
export function setRuntimeForTests(next: Runtime | undefined): void {
  runtime = next;
}
