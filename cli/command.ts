import { parseArgs } from "node:util";

/**
 * The shape of one CLI command (`npm run cli -- <name> [args]`, `node cli.mjs <name>` in the
 * standalone build, `/app/pocket-id <name>` in the Docker image). One file per command under
 * cli/commands/, registered with one line in cli/commands/index.ts.
 */
export interface CliIo {
  /** Standard output: what a script may capture (a link, a key id). */
  out(line: string): void;
  /** Standard error: progress, warnings and errors for the person at the terminal. */
  err(line: string): void;
}

export interface CliCommand {
  /** The word typed after the program name, kebab-case (`one-time-access-token`). */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Arguments and options after the name (`<username|email>`, `[--alg RS256] [-y]`). */
  usage: string;
  /** Longer help, shown by `help <name>` and `<name> --help`. */
  help?: string;
  /** Runs with the arguments after the name; returns the exit code. Throw UsageError for bad input. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Wrong or missing arguments: the CLI prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** node:util parseArgs with the CLI's conventions: strict (an unknown option is a usage error), positionals allowed. */
export function parseCommandArgs<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(args: string[], options: T) {
  return parseArgs({ args, options, strict: true, allowPositionals: true });
}
