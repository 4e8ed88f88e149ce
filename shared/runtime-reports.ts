import type { ReportStore } from './domain/ports.js';
import { getCoreRuntime, lazyPort } from './runtime-core.js';
import { runtimeGeneration, runtimeOverride } from './runtime-settings.js';
import { createDynamoReportStore } from './store/reports-dynamo.js';

let built: { generation: number; store: ReportStore } | undefined;

/**
 * The reports' record, for the two functions that use it (the report page and the stream consumer that
 * keeps it): built here, not in the core runtime, so no other function bundles it.
 */
export function getReportStore(): ReportStore {
  const override = runtimeOverride();
  if (override?.reports) return override.reports;
  if (built?.generation === runtimeGeneration()) return built.store;
  const { config } = getCoreRuntime();
  const store = lazyPort<ReportStore>(() =>
    createDynamoReportStore({
      tableName: config.tableName,
      endpoint: config.dynamoDbEndpoint,
      region: config.region,
    }),
  );
  built = { generation: runtimeGeneration(), store };
  return store;
}
