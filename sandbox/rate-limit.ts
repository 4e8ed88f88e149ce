/**
 * What the deployed WAF rate-based rule does, for the sandbox: at most `limit` public POSTs from one
 * address in any five minutes; the rest are answered 429 and never reach a handler.
 */
export function createRateLimiter(limit: number, windowMs = 5 * 60_000, now: () => number = Date.now) {
  const hits = new Map<string, number[]>();
  return {
    /** True when this request from `source` may go through. */
    allow(source: string): boolean {
      const since = now() - windowMs;
      const recent = (hits.get(source) ?? []).filter((t) => t > since);
      if (recent.length >= limit) {
        hits.set(source, recent);
        return false;
      }
      recent.push(now());
      hits.set(source, recent);
      return true;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
