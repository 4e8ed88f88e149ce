import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown by a command for arguments it cannot use: the usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; allowPositionals: boolean }>
>;

export interface CliSpec<O extends Options> {
  usage: string;
  /** The command's options; --help (-h) is added to every command. */
  options: O;
  /** Arguments without a name (a file to import); refused unless the command takes them. */
  allowPositionals?: boolean;
  /** How an unexpected failure starts its one line, e.g. "Could not create the prescriber". */
  failure: string;
}

/**
 * The shape every script shares: parse the arguments (a bad one prints it and the usage, exit 2), answer
 * --help (usage, exit 0), run the command and exit with its code. An unexpected error is one line with
 * its name and message (exit 1), not a stack trace.
 */
export async function runCli<O extends Options>(
  spec: CliSpec<O>,
  command: (args: Parsed<O>) => Promise<number>,
): Promise<void> {
  process.exitCode = await exitCodeOf(spec, command);
}

/** runCli without the process: the exit code for these arguments. */
export async function exitCodeOf<O extends Options>(
  spec: CliSpec<O>,
  command: (args: Parsed<O>) => Promise<number>,
  argv: string[] = process.argv.slice(2),
): Promise<number> {
  let args: Parsed<O>;
  try {
    args = parseArgs({
      args: argv,
      options: { ...spec.options, ...HELP },
      allowPositionals: spec.allowPositionals ?? false,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${spec.usage}`);
    return 2;
  }
  // Every command has --help; the generic type cannot show it.
  if ((args.values as { help?: boolean }).help) {
    console.log(spec.usage);
    return 0;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${spec.usage}`);
      return 2;
    }
    console.error(
      `${spec.failure}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return 1;
  }
}
