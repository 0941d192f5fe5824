import { z } from "zod";
import { SIGNING_ALGS } from "../../crypto/signing-keys";
import type { RequestMeta } from "../../db/audit";
import { rotateAppSigningKey, type RotateResult } from "../../keys";

export const rotateSigningKeySchema = z
  .object({
    /** The algorithm whose key is rotated; default: the ring's default (RS256 unless imported otherwise). */
    alg: z.enum(SIGNING_ALGS, { error: `Choose one of ${SIGNING_ALGS.join(", ")}` }).optional(),
    /** Activate the new key now (a compromised key): apps that cached the JWKS may fail until they fetch it again. */
    immediate: z.boolean().default(false),
  })
  .strict();
export type RotateSigningKeyInput = z.input<typeof rotateSigningKeySchema>;

/**
 * key-rotate (inventory §6.11, beyond Pocket ID): publishes a new signing key that becomes
 * active once apps' cached JWKS have picked it up; the old key keeps verifying until its tokens
 * expire. Every replica sees the change within the ring's reload interval. Audited.
 */
export async function rotateSigningKey(input: RotateSigningKeyInput, meta: RequestMeta, actorId: string | null = null): Promise<RotateResult> {
  const data = rotateSigningKeySchema.parse(input);
  return rotateAppSigningKey({ alg: data.alg, immediate: data.immediate, audit: { meta, userId: actorId } });
}

/** Lines for a terminal: what happened, and when apps will see the new key sign. */
export function describeRotation(result: RotateResult): string[] {
  const k = result.key;
  if (result.status === "already_scheduled") {
    return [
      `A rotation of the ${k.alg} key is already scheduled: key ${k.kid} becomes active at ${k.activatesAt?.toISOString()}.`,
      "Run again with --immediate to activate it now.",
    ];
  }
  const lines = [`New ${k.alg} signing key ${k.kid}.`];
  if (result.status === "scheduled") {
    lines.push(`It is published in the JWKS now and starts signing at ${k.activatesAt?.toISOString()}, once apps have refreshed their cached key sets.`);
  } else {
    lines.push("It signs from now on.");
  }
  if (result.replaces) lines.push(`The previous key ${result.replaces} stays published until the tokens it signed have expired: issued tokens remain valid.`);
  return lines;
}
