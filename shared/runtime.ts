import { runtimeConfig, type RuntimeConfig } from './config.js';
import type { MatchingPorts, MatchingSettings } from './domain/matching.js';
import type { Clock, Mailer, Store } from './domain/ports.js';
import { createIds } from './util/ids.js';
import { log } from './util/logger.js';
import { metrics } from './util/metrics.js';

const systemClock: Clock = { now: () => new Date() };

export interface Runtime {
  config: RuntimeConfig;
  settings: MatchingSettings;
  ports: MatchingPorts;
}

let runtime: Runtime | undefined;

type AsyncMethods = Record<PropertyKey, (...args: unknown[]) => Promise<unknown>>;

/**
 * A port whose adapter module (and with it the AWS SDK client) is loaded on its first call. Every
 * Store and Mailer method is async, so a stand-in that awaits the real one is indistinguishable from
 * it. A function that never sends email never evaluates the SES client, and none pays for a client
 * during its cold start's import phase.
 */
export function lazyPort<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a promise, and not inspectable by symbol: only the port's own methods are offered.
      if (key === 'then' || typeof key === 'symbol') return undefined;
      return async (...args: unknown[]) => {
        loaded ??= load();
        const port = (await loaded) as unknown as AsyncMethods;
        const method = port[key];
        if (typeof method !== 'function') throw new TypeError(`port has no method ${String(key)}`);
        return method.apply(port, args);
      };
    },
  });
}

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
      store: lazyPort<Store>(async () =>
        (await import('./store/dynamo.js')).createDynamoStore({
          tableName: config.tableName,
          endpoint: config.dynamoDbEndpoint,
          region: config.region,
        }),
      ),
      mailer: lazyPort<Mailer>(async () =>
        (await import('./mail/ses.js')).createSesMailer({
          sender: config.senderEmail,
          endpoint: config.sesEndpoint,
          region: config.region,
        }),
      ),
      clock: systemClock,
      ids: createIds(),
      log,
      metrics,
    },
  };
  runtime = built;
  return built;
}

/** Tests and the sandbox swap in their own ports (a fixed clock, a failing mailer). */
export function setRuntimeForTests(next: Runtime | undefined): void {
  runtime = next;
}
