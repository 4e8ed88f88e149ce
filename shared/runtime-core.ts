import { runtimeConfig, type RuntimeConfig } from './config.js';
import type { MatchingPorts, MatchingSettings } from './domain/matching.js';
import type { Store } from './domain/ports.js';
import { runtimeGeneration, runtimeOverride, systemClock } from './runtime-settings.js';
import { lookupSecretSource } from './util/lookup-secret.js';
import { createDynamoStore } from './store/dynamo.js';
import { createIds } from './util/ids.js';
import { log } from './util/logger.js';
import { metrics } from './util/metrics.js';

export { runtimeOverride, setRuntimeForTests, type Runtime, type RuntimePorts } from './runtime-settings.js';

/**
 * What a function that sends nothing itself needs (the dashboard: its messages go through the outbox).
 * Built without the SES and SMS adapters, so their SDK clients stay out of its bundle.
 */
export interface CoreRuntime {
  config: RuntimeConfig;
  settings: MatchingSettings;
  ports: MatchingPorts;
}

let core: CoreRuntime | undefined;
/** The tests' swap the core was built for (runtimeGeneration). */
let coreGeneration: number | undefined;

type Methods = Record<PropertyKey, (...args: unknown[]) => unknown>;

/**
 * A port whose adapter (and with it the AWS SDK client) is built on its first call, not at import:
 * the cold start's import phase pays for no client, and a function that never sends email never
 * constructs the SES client. The adapter modules are imported statically: a bundle is one file
 * either way, and a dynamic import() defeats esbuild's tree-shaking of the SDK barrels (every
 * command, waiter and paginator of DynamoDB and SES was in every bundle, about 80 KB).
 */
export function lazyPort<T extends object>(build: () => T): T {
  let built: Methods | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a promise, and not inspectable by symbol: only the port's own methods are offered.
      if (key === 'then' || typeof key === 'symbol') return undefined;
      return (...args: unknown[]) => {
        built ??= build() as unknown as Methods;
        const method = built[key];
        if (typeof method !== 'function')
          return Promise.reject(new TypeError(`port has no method ${String(key)}`));
        return method.apply(built, args);
      };
    },
  });
}

/** The configuration, the store and the plain ports, built once per container (or the tests' runtime). */
export function getCoreRuntime(): CoreRuntime {
  const override = runtimeOverride();
  if (override) return override;
  if (core && coreGeneration === runtimeGeneration()) return core;
  const config = runtimeConfig();
  coreGeneration = runtimeGeneration();
  core = {
    config,
    settings: config,
    ports: {
      store: lazyPort<Store>(() =>
        createDynamoStore({
          tableName: config.tableName,
          endpoint: config.dynamoDbEndpoint,
          region: config.region,
          lookupHashSecret: lookupSecretSource(config),
        }),
      ),
      clock: systemClock,
      ids: createIds(),
      log,
      metrics,
    },
  };
  return core;
}
