import type { CliCommand } from "../command";
import { parseCommandArgs, UsageError } from "../command";
import { runMigrations } from "../../lib/db/migrate";
import { env } from "../../lib/config/env";
import { isSigningAlg, SIGNING_ALGS } from "../../lib/crypto/signing-keys";
import { describeRotation, rotateSigningKey } from "../../lib/services/keys/rotate-signing-key";

/**
 * `pocket-id key-rotate [--alg ALG] [--immediate]` (inventory §6.11, beyond Pocket ID): rotation
 * with overlap. `--crv Ed25519` and `-y` are accepted as Pocket ID's command takes them.
 */
export const keyRotate: CliCommand = {
  name: "key-rotate",
  summary: "Rotate a token signing key without invalidating issued tokens",
  usage: `[--alg ${SIGNING_ALGS.join("|")}] [--immediate]`,
  help: [
    "Publishes a new signing key in the JWKS now; it starts signing 10 minutes later, once apps",
    "that cache the JWKS have picked it up. The previous key stays published until every token it",
    "signed has expired, so no signed-in user or app notices. Every replica sees the change within",
    "5 seconds: no restart needed. Without --alg the default key (RS256) is rotated; with another",
    "algorithm, the key clients with that id_token_signed_response_alg use.",
    "--immediate activates the new key at once (for a compromised key): apps may fail to verify",
    "tokens until they fetch the JWKS again.",
  ].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      alg: { type: "string", short: "a" },
      crv: { type: "string", short: "c" },
      immediate: { type: "boolean" },
      yes: { type: "boolean", short: "y" },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    if (values.alg !== undefined && !isSigningAlg(values.alg)) throw new UsageError(`--alg must be one of ${SIGNING_ALGS.join(", ")}.`);
    if (values.crv !== undefined && (values.alg !== "EdDSA" || values.crv !== "Ed25519")) throw new UsageError("--crv is only for --alg EdDSA, and only Ed25519 is supported.");
    await runMigrations(env().database);
    const result = await rotateSigningKey({ alg: values.alg as never, immediate: values.immediate ?? false }, { ip: null, userAgent: "pocket-id CLI" });
    for (const line of describeRotation(result)) io.err(line);
    io.out(result.key.kid);
    return 0;
  },
};
