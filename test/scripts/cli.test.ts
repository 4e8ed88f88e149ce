import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitCodeOf, UsageError } from '../../scripts/cli.js';

const spec = {
  usage: 'Usage: thing --name NAME',
  options: { name: { type: 'string' } },
  failure: 'Could not do the thing',
} as const;

function captured() {
  const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return { out: () => out.mock.calls.join('\n'), err: () => err.mock.calls.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runCli: the shape every script shares', () => {
  it('runs the command with its parsed options and exits with its code', async () => {
    const seen: unknown[] = [];
    const code = await exitCodeOf(
      spec,
      async ({ values }) => {
        seen.push(values.name);
        return 3;
      },
      ['--name', 'Ann'],
    );
    expect(code).toBe(3);
    expect(seen).toEqual(['Ann']);
  });

  it('prints the usage for --help and exits 0 without running the command', async () => {
    const io = captured();
    const command = vi.fn(async () => 0);
    expect(await exitCodeOf(spec, command, ['-h'])).toBe(0);
    expect(command).not.toHaveBeenCalled();
    expect(io.out()).toContain(spec.usage);
  });

  it.each([[['--unknown']], [['stray']], [['--name']]])(
    'refuses %j with the usage and exit code 2',
    async (argv) => {
      const io = captured();
      const command = vi.fn(async () => 0);
      expect(await exitCodeOf(spec, command, argv)).toBe(2);
      expect(command).not.toHaveBeenCalled();
      expect(io.err()).toContain(spec.usage);
    },
  );

  it('answers a UsageError from the command with its message, the usage and exit code 2', async () => {
    const io = captured();
    const code = await exitCodeOf(spec, async () => {
      throw new UsageError('--name is required');
    }, []);
    expect(code).toBe(2);
    expect(io.err()).toContain('--name is required');
    expect(io.err()).toContain(spec.usage);
  });

  it('reports any other failure on one line, by name and message, with exit code 1', async () => {
    const io = captured();
    const failure = Object.assign(new Error('the pool does not exist'), {
      name: 'ResourceNotFoundException',
    });
    const code = await exitCodeOf(spec, async () => {
      throw failure;
    }, []);
    expect(code).toBe(1);
    expect(io.err()).toBe('Could not do the thing: ResourceNotFoundException: the pool does not exist');
  });
});
