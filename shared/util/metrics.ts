import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '../domain/ports.js';

/**
 * Business metrics as CloudWatch Embedded Metric Format lines: counts of requests, invites,
 * accepts and escalations, and the time from request to acceptance. No personal data: names only.
 */
export const powertoolsMetrics = new PowertoolsMetrics({
  namespace: 'CommunityKindness',
  serviceName: 'community-kindness',
});

export const metrics: Metrics = {
  count: (name, value = 1) => powertoolsMetrics.addMetric(name, MetricUnit.Count, value),
  seconds: (name, value) => powertoolsMetrics.addMetric(name, MetricUnit.Seconds, value),
};
