import type { CliCommand } from "../command";
import { parseCommandArgs, UsageError } from "../command";
import { runMigrations } from "../../lib/db/migrate";
import { env } from "../../lib/config/env";
import { createOneTimeAccessLink } from "../../lib/services/one-time-access/create-one-time-access-link";

/** `pocket-id one-time-access-token <username|email>` (inventory §6.11): a one-hour sign-in link. */
export const oneTimeAccessToken: CliCommand = {
  name: "one-time-access-token",
  summary: "Print a one-hour, single-use sign-in link for a user (recovery when no passkey works)",
  usage: "<username|email>",
  help: [
    "The link signs the user in once (as a login code would), within one hour. Open it, click",
    "\"Sign in\", then add a new passkey on the account page. The link is recorded in the user's",
    "audit log. Anyone who has the link can sign in as the user: hand it over privately.",
  ].join("\n"),
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new UsageError("Name exactly one user, by username or email.");
    await runMigrations(env().database);
    const link = await createOneTimeAccessLink(positionals[0], { ip: null, userAgent: "pocket-id CLI" });
    io.err(`A one-time access link valid for 1 hour (until ${link.expiresAt.toISOString()}) has been created for "${link.user.username}":`);
    io.out(link.url);
    return 0;
  },
};
