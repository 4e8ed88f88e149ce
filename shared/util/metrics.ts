import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '../domain/ports.js';

/**
 * Business metrics as CloudWatch Embedded Metric Format lines: counts of requests, invites,
 * accepts and escalations, and the time from request to acceptance. No personal data: names only.
 */
const powertoolsMetrics = new PowertoolsMetrics({
  namespace: 'CommunityKindness',
  serviceName: 'community-kindness',
});

/**
 * Each metric is written as it happens (a single-metric line), not buffered for a middleware to flush:
 * most invocations record none, and a flush of nothing logs a warning on every one of them.
 */
export const metrics: Metrics = {
  count: (name, value = 1) => powertoolsMetrics.singleMetric().addMetric(name, MetricUnit.Count, value),
  seconds: (name, value) => powertoolsMetrics.singleMetric().addMetric(name, MetricUnit.Seconds, value),
};
