import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTIONS } from '../infra/catalogue.js';
import { BUNDLING } from '../infra/constructs/lambda.js';

/** Where bundles go: under node_modules so the externals (the SDK, as the Lambda runtime provides it) resolve. */
export const OUT_DIR = resolve('node_modules/.cache/community-kindness-bench');

export interface Bundle {
  name: string;
  kind: 'ours' | 'peer' | 'floor';
  entry: string;
  file: string;
  bytes: number;
  /** Largest inputs grouped by package (or source folder), bytes in the output. */
  contributors: { name: string; bytes: number }[];
  /** Modules left out of the bundle (loaded from the runtime at init). */
  externals: string[];
}

export const PEER_ENTRY = 'bench/peer/typical-handler.ts';
export const FLOOR_ENTRY = 'bench/peer/empty-handler.ts';

const HANDLED_KEYS = new Set([
  'format',
  'minify',
  'sourceMap',
  'target',
  'mainFields',
  'externalModules',
  'bundleAwsSDK',
  'banner',
  'esbuildArgs',
]);

const MAPPED_ARGS = new Set(['--alias', '--charset']);

/** `--charset=utf8` in esbuildArgs, as the CDK passes it, into esbuild's charset option. */
function charsetOf(esbuildArgs: Record<string, string | boolean> | undefined): 'utf8' | 'ascii' | undefined {
  const charset = esbuildArgs?.['--charset'];
  if (charset === undefined) return undefined;
  if (charset !== 'utf8' && charset !== 'ascii') throw new Error(`cannot read --charset ${String(charset)}`);
  return charset;
}

/** `--alias` in esbuildArgs, as the CDK passes it (`--alias:from=to`), into esbuild's alias option. */
function aliasesOf(esbuildArgs: Record<string, string | boolean> | undefined): Record<string, string> {
  const unknown = Object.keys(esbuildArgs ?? {}).filter((key) => !MAPPED_ARGS.has(key));
  if (unknown.length > 0) throw new Error(`bench/bundle.ts does not map esbuildArgs ${unknown.join(', ')}`);
  const alias = esbuildArgs?.['--alias'];
  if (typeof alias !== 'string') return {};
  const [from, to] = alias.split('=');
  if (!from || !to) throw new Error(`cannot read --alias ${alias}`);
  return { [from]: resolve(to) };
}

/**
 * The esbuild options the CDK's NodejsFunction derives from BUNDLING (its `--bundle --platform=node
 * --format --outfile --minify --target --external --banner:js --main-fields` command line). Any
 * option this mapping does not know fails the benchmark rather than building something else.
 */
export function esbuildOptionsFromCdk(entry: string, outfile: string): BuildOptions {
  const unknown = Object.keys(BUNDLING).filter((key) => !HANDLED_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`bench/bundle.ts does not map BUNDLING.${unknown.join(', ')}`);
  const bundling: {
    format?: OutputFormat;
    minify?: boolean;
    sourceMap?: boolean;
    target?: string;
    mainFields?: readonly string[];
    externalModules?: readonly string[];
    bundleAwsSDK?: boolean;
    banner?: string;
    esbuildArgs?: Record<string, string | boolean>;
  } = BUNDLING;
  const alias = aliasesOf(bundling.esbuildArgs);
  const charset = charsetOf(bundling.esbuildArgs);
  const external = bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']);
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    outfile,
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    target: bundling.target,
    external: [...external],
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
    ...(Object.keys(alias).length > 0 ? { alias } : {}),
    ...(charset ? { charset } : {}),
    metafile: true,
    logLevel: 'silent',
  };
}

function packageOf(inputPath: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
  if (m?.[1]) return m[1];
  const parts = inputPath.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? inputPath);
}

function contributorsOf(metafile: Metafile, outfile: string): Bundle['contributors'] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(path) === outfile)?.[1];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
}

async function bundleOne(name: string, kind: Bundle['kind'], entry: string): Promise<Bundle> {
  const dir = join(OUT_DIR, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build(esbuildOptionsFromCdk(entry, file));
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  const externals = [...new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path))]
    .filter((path) => !path.startsWith('node:') && !['module', 'crypto', 'os', 'fs', 'path'].includes(path))
    .sort();
  return {
    name,
    kind,
    entry,
    file,
    bytes: statSync(file).size,
    contributors: result.metafile ? contributorsOf(result.metafile, file) : [],
    externals,
  };
}

/** Every function as deployed, plus the peer and the floor, built in this run with the same options. */
export async function buildAll(): Promise<Bundle[]> {
  const ours = await Promise.all(
    Object.entries(FUNCTIONS).map(([name, spec]) => bundleOne(name, 'ours', spec.entry)),
  );
  const peer = await bundleOne('peer-typical', 'peer', PEER_ENTRY);
  const floor = await bundleOne('floor-empty', 'floor', FLOOR_ENTRY);
  return [...ours, peer, floor];
}
