import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { createRateLimiter } from '../../sandbox/rate-limit.js';
import { testSandbox, validRequest } from '../support/sandbox.js';

/** Promise 7: a flood from one source is slowed, not stored. */
describe('the rate limit on public posts', () => {
  it('lets `limit` posts through in five minutes, then refuses until the window moves on', () => {
    let now = 0;
    const limiter = createRateLimiter(3, 300_000, () => now);
    expect([1, 2, 3, 4].map(() => limiter.allow('192.0.2.1'))).toEqual([true, true, true, false]);
    expect(limiter.allow('192.0.2.2')).toBe(true);
    now = 300_001;
    expect(limiter.allow('192.0.2.1')).toBe(true);
  });
});

describe('a request flood in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await testSandbox({ submitRateLimit: 20 });
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('answers 429 past the limit and stores only what it let through', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`${sandbox.url}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validRequest({ details: `flood ${i}` })),
      });
      statuses.push(response.status);
    }
    const stored = statuses.filter((s) => s === 201).length;
    const refused = statuses.filter((s) => s === 429).length;
    console.warn(`flood: 60 posts, ${stored} stored, ${refused} refused with 429`);
    expect(stored).toBe(20);
    expect(refused).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await sandbox.idle();
    expect(sandbox.workflow.executions.size).toBe(20);
  });
});
