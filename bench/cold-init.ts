import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Bundle } from './bundle.js';
import { median } from './lib/stats.js';

export interface ColdInit {
  name: string;
  kind: Bundle['kind'];
  /** Median wall time of a fresh `node` process that imports the bundle and exits. */
  processMs: number;
  /** Median time of the import alone, measured inside the child. */
  importMs: number;
  runs: number;
}

/** Sent to the child as a module: import the handler, report how long the import took. */
const CHILD = `const t0 = performance.now();
const m = await import(process.argv[1]);
if (typeof m.handler !== 'function') throw new Error('no handler');
process.stdout.write(String(performance.now() - t0));`;

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'eu-west-2',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return env;
}

function runOnce(file: string): { processMs: number; importMs: number } {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, pathToFileURL(file).href], {
    env: childEnv(),
    encoding: 'utf8',
  });
  const processMs = performance.now() - started;
  if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr.slice(0, 500)}`);
  return { processMs, importMs: Number(out.stdout) };
}

/**
 * Each round runs every bundle once, in a rotating order, so that a burst of load from the rest of
 * the machine lands on all of them alike rather than on one; the median of each is reported.
 */
export function measureColdInit(bundles: Bundle[], rounds: number): ColdInit[] {
  const samples = new Map(bundles.map((b) => [b.name, { process: [] as number[], imports: [] as number[] }]));
  for (const b of bundles) runOnce(b.file); // warm the file system cache
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < bundles.length; i++) {
      const bundle = bundles[(i + round) % bundles.length] as Bundle;
      const { processMs, importMs } = runOnce(bundle.file);
      samples.get(bundle.name)?.process.push(processMs);
      samples.get(bundle.name)?.imports.push(importMs);
    }
  }
  return bundles.map((b) => {
    const s = samples.get(b.name) ?? { process: [], imports: [] };
    return {
      name: b.name,
      kind: b.kind,
      processMs: median(s.process),
      importMs: median(s.imports),
      runs: rounds,
    };
  });
}
