import { afterEach, describe, expect, it, vi } from 'vitest';
import { emfLine, metrics, metricsDisabled } from '../../../shared/util/metrics.js';

describe('business metrics as Embedded Metric Format lines', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one EMF document per metric, in the namespace, with the service as its dimension', () => {
    expect(JSON.parse(emfLine('Accepted', 'Count', 1, 1_700_000_000_000))).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'CommunityKindness',
            Dimensions: [['service']],
            Metrics: [{ Name: 'Accepted', Unit: 'Count' }],
          },
        ],
      },
      service: 'community-kindness',
      Accepted: 1,
    });
  });

  it('prints a line to standard output when enabled, nothing when Powertools would be off', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.stubEnv('POWERTOOLS_DEV', '');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    metrics.seconds('TimeToAcceptSeconds', 42);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    metrics.count('Escalated');
    vi.unstubAllEnvs();
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0]?.[0]);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ TimeToAcceptSeconds: 42, service: 'community-kindness' });
  });

  it('reads the switches as Powertools does: the explicit switch first, then development mode', () => {
    expect(metricsDisabled({})).toBe(false);
    expect(metricsDisabled({ POWERTOOLS_DEV: 'true' })).toBe(true);
    expect(metricsDisabled({ POWERTOOLS_DEV: '1', POWERTOOLS_METRICS_DISABLED: 'false' })).toBe(false);
    expect(metricsDisabled({ POWERTOOLS_METRICS_DISABLED: 'yes' })).toBe(true);
  });
});
