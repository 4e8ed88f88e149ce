import { runtimeConfig, type RuntimeConfig } from './config.js';
import type { MatchingPorts, MatchingSettings } from './domain/matching.js';
import type { Clock, Mailer, ReportStore, Texter } from './domain/ports.js';

/** The mailer is used by the sender and the daily digest only; everything else writes to the outbox. */
export type RuntimePorts = MatchingPorts & { mailer: Mailer };

export interface Runtime {
  config: RuntimeConfig;
  settings: MatchingSettings;
  ports: RuntimePorts;
  /** Text messages (End User Messaging SMS), built on first use like the mailer; absent in hand-built test runtimes. */
  texter?: Texter;
  /** The reports' record (shared/runtime-reports.ts builds it otherwise). */
  reports?: ReportStore;
}

/**
 * What a page that reads and writes no data needs (the request form, the join form, the statement, an
 * error page): the configuration and the clock.
 */
export interface SettingsRuntime {
  config: RuntimeConfig;
  settings: MatchingSettings;
  ports: Pick<MatchingPorts, 'clock'>;
}

export const systemClock: Clock = { now: () => new Date() };

let override: Runtime | undefined;
/** Counts the tests' swaps, so a runtime built before one knows it is stale. */
let generation = 0;
let settingsOnly: SettingsRuntime | undefined;

/** The tests' and the sandbox's own runtime, when set, in place of the built one. */
export function runtimeOverride(): Runtime | undefined {
  return override;
}

/** Which swap the runtimes are built for: a runtime cached under an earlier one is built again. */
export function runtimeGeneration(): number {
  return generation;
}

/** Tests and the sandbox swap in their own ports (a fixed clock, a failing mailer). */
export function setRuntimeForTests(next: Runtime | undefined): void {
  override = next;
  // Set or cleared, the next runtime is built afresh (tests change the environment in between).
  generation += 1;
  settingsOnly = undefined;
}

/**
 * The configuration and the clock alone. This module never imports the store or an AWS client, so a
 * function that needs no more than this (the public pages) bundles none of them.
 */
export function getSettingsRuntime(): SettingsRuntime {
  if (override) return override;
  if (settingsOnly) return settingsOnly;
  const config = runtimeConfig();
  settingsOnly = { config, settings: config, ports: { clock: systemClock } };
  return settingsOnly;
}
