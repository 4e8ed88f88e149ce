/**
 * The sandbox's stand-in for EventBridge Scheduler: the digest runs on the sandbox's own clock, once
 * shortly after start and then every `everyMs` (a day by default), through the same function module.
 */
export interface DigestClock {
  /** Runs the digest now (tests, and the `npm run digest` command's in-process twin). */
  runNow: () => Promise<void>;
  stop: () => void;
}

export function startDigestClock(options: {
  run: () => Promise<unknown>;
  /** Unset: only `runNow` runs it (tests, which must not get an email they did not ask for). */
  firstDelayMs?: number;
  everyMs: number;
  log: (line: string) => void;
}): DigestClock {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = async () => {
    try {
      await options.run();
      options.log('Daily digest sent to the prescriber (see the outbox)');
    } catch (error) {
      options.log(`Daily digest failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runNow().then(() => schedule(options.everyMs));
    }, delayMs);
    // The digest must never keep the process alive on its own.
    timer.unref();
  };
  if (options.firstDelayMs !== undefined) schedule(options.firstDelayMs);
  return {
    runNow,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
