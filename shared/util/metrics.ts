/**
 * Business metrics as CloudWatch Embedded Metric Format lines: counts of requests, invites,
 * accepts and escalations, and the time from request to acceptance. No personal data: names only.
 *
 * Each metric is written as it happens, one line per metric (what Powertools calls a single metric),
 * not buffered for a middleware to flush: most invocations record none. The line is the one
 * Powertools Metrics writes for `singleMetric().addMetric(name, unit, value)` with the service as its
 * default dimension, written here directly: Powertools Metrics was 13 KB of every bundle (`npm run
 * bench`, section 1) and built a new Metrics instance, with its own Console, for every metric.
 */
export const NAMESPACE = 'CommunityKindness';
export const SERVICE = 'community-kindness';

type Unit = 'Count' | 'Seconds';

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on']);
const FALSY = new Set(['0', 'n', 'no', 'f', 'false', 'off']);

/**
 * Powertools' switches, read the same way: POWERTOOLS_METRICS_DISABLED wins when set; otherwise
 * POWERTOOLS_DEV (local development) turns metrics off.
 */
export function metricsDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const disabled = env.POWERTOOLS_METRICS_DISABLED?.trim().toLowerCase();
  if (disabled !== undefined && (TRUTHY.has(disabled) || FALSY.has(disabled))) return TRUTHY.has(disabled);
  return TRUTHY.has(env.POWERTOOLS_DEV?.trim().toLowerCase() ?? '');
}

/** One EMF document: CloudWatch turns `name` into a metric in NAMESPACE with the dimension `service`. */
export function emfLine(name: string, unit: Unit, value: number, timestamp = Date.now()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: name, Unit: unit }] },
      ],
    },
    service: SERVICE,
    [name]: value,
  });
}

function emit(name: string, unit: Unit, value: number): void {
  if (metricsDisabled()) return;
  process.stdout.write(`${emfLine(name, unit, value)}\n`);
}

/** The domain's Metrics port, which names the metrics (checked where the runtime hands it over). */
export const metrics = {
  count: (name: string, value = 1) => emit(name, 'Count', value),
  seconds: (name: string, value: number) => emit(name, 'Seconds', value),
};
