import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOMAIN = join(ROOT, 'shared/domain');
const FORBIDDEN = [join(ROOT, 'shared/mail'), join(ROOT, 'shared/web')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every module specifier a file names: static imports and re-exports, type-only ones, and import(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\b(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gs))
    found.push(match[1] ?? '');
  for (const match of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1] ?? '');
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(match[1] ?? '');
  return found;
}

describe('the domain renders nothing', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain’s files and reads their imports', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(specifiers(readFileSync(join(DOMAIN, 'sender.ts'), 'utf8'))).toContain('./messages.js');
  });

  it('has no file under shared/domain that imports shared/mail or shared/web', () => {
    const offending = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => resolve(file, '..', specifier))
        .filter((target) => FORBIDDEN.some((dir) => target === dir || target.startsWith(`${dir}/`)))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(offending).toEqual([]);
  });

  it('would catch one (the check itself is not blind)', () => {
    const probe = join(DOMAIN, 'probe.ts');
    const targets = specifiers(
      "import type { X } from '../mail/templates.js';\nexport { y } from '../web/html.js';",
    ).map((specifier) => resolve(probe, '..', specifier));
    expect(targets.filter((t) => FORBIDDEN.some((dir) => t.startsWith(`${dir}/`)))).toHaveLength(2);
  });
});
