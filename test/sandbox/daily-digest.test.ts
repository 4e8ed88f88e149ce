import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDigestClock } from '../../sandbox/daily-digest.js';

/** The sandbox's stand-in for EventBridge Scheduler, on fake timers (no real waiting). */
describe('the sandbox digest clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs first after the start delay, then at every interval, until stopped', async () => {
    const run = vi.fn(async () => undefined);
    const clock = startDigestClock({ run, firstDelayMs: 60_000, everyMs: 86_400_000, log: () => undefined });

    await vi.advanceTimersByTimeAsync(59_999);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(run).toHaveBeenCalledTimes(2);

    clock.stop();
    await vi.advanceTimersByTimeAsync(3 * 86_400_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('never runs on its own without a start delay, but runs on demand', async () => {
    const run = vi.fn(async () => undefined);
    const clock = startDigestClock({ run, everyMs: 1000, log: () => undefined });

    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(0);
    await clock.runNow();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps its schedule after a failed run, and says so', async () => {
    const lines: string[] = [];
    const run = vi.fn().mockRejectedValueOnce(new Error('table unavailable')).mockResolvedValue(undefined);
    startDigestClock({ run, firstDelayMs: 10, everyMs: 100, log: (line) => lines.push(line) });

    await vi.advanceTimersByTimeAsync(110);

    expect(run).toHaveBeenCalledTimes(2);
    expect(lines).toEqual([
      'Daily digest failed: table unavailable',
      'Daily digest sent to the prescriber (see the outbox)',
    ]);
  });
});
