import type { CliCommand, CliIo } from "./command";
import { UsageError } from "./command";
import { COMMANDS } from "./commands";
import { AppError } from "../lib/errors";
import { ConfigError } from "../lib/config/env";

const PROGRAM = "pocket-id";

function usageLine(command: CliCommand): string {
  return `${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ""}`;
}

function printHelp(io: CliIo, commands: CliCommand[]): void {
  io.out(`Usage: ${PROGRAM} <command> [arguments]`);
  io.out("");
  io.out("Commands:");
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  for (const c of commands) io.out(`  ${c.name.padEnd(width)}  ${c.summary}`);
  io.out(`  ${"help".padEnd(width)}  Show this list, or the help of one command: help <command>`);
  io.out("");
  io.out("The command reads the same configuration as the server (environment variables, .env in the");
  io.out("working directory): run it where the server runs, e.g. docker compose exec pocket-id /app/pocket-id <command>.");
}

function printCommandHelp(io: CliIo, command: CliCommand): void {
  io.out(`Usage: ${usageLine(command)}`);
  io.out("");
  io.out(command.summary);
  if (command.help) {
    io.out("");
    io.out(command.help);
  }
}

/**
 * Runs one CLI invocation and returns its exit code: 0 success, 1 failure, 2 wrong usage.
 * `argv` is what follows the program name. Errors are printed as sentences, never stack traces
 * (set LOG_LEVEL=debug to see them).
 */
export async function runCli(argv: string[], io: CliIo, commands: CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const target = name === "help" && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    if (target) printCommandHelp(io, target);
    else if (name === "help" && rest[0]) {
      io.err(`Unknown command "${rest[0]}".`);
      printHelp(io, commands);
      return 2;
    } else printHelp(io, commands);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run "${PROGRAM} help" for the list of commands.`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    printCommandHelp(io, command);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message);
      io.err(`Usage: ${usageLine(command)}`);
      return 2;
    }
    // node:util parseArgs: an unknown option or a missing option value.
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      io.err((e as Error).message);
      io.err(`Usage: ${usageLine(command)}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof AppError) {
      io.err(e.message);
      return 1;
    }
    io.err(`${name} failed: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.LOG_LEVEL === "debug") io.err((e as Error)?.stack ?? "");
    return 1;
  }
}
