import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { synthesizeTemplate } from '../../sandbox/synthesized.js';

/**
 * Each `npm start` synthesizes the stack, which stages the pages' assets and writes a cloud assembly
 * in the temporary directory. Run against a temporary directory of its own, so other suites running
 * at the same time cannot add or take away folders under the test.
 */
const savedTmp = process.env.TMPDIR;
let ownTmp: string;

beforeAll(() => {
  ownTmp = mkdtempSync(join(tmpdir(), 'ck-tmp-test-'));
  process.env.TMPDIR = ownTmp;
});

afterAll(() => {
  process.env.TMPDIR = savedTmp;
  rmSync(ownTmp, { recursive: true, force: true });
});

it('leaves nothing in the temporary directory once the sandbox has its template', () => {
  expect(tmpdir()).toBe(ownTmp);
  const template = synthesizeTemplate();
  expect(Object.keys(template.Resources).length).toBeGreaterThan(10);
  expect(readdirSync(ownTmp)).toEqual([]);
}, 120_000);
