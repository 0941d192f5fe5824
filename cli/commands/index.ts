import type { CliCommand } from "../command";
import { oneTimeAccessToken } from "./one-time-access-token";
import { keyRotate } from "./key-rotate";

/**
 * Every CLI command, in the order `help` lists them. To add one: a file in this folder exporting
 * a CliCommand, its import above and one line below.
 */
export const COMMANDS: CliCommand[] = [
  oneTimeAccessToken,
  keyRotate,
];
