import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { randomString } from "../../crypto/random";
import { sha256Hex } from "../../crypto/hash";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { clientSecretCreateSchema, MAX_SECRETS, secretDto } from "./client-secrets";

/**
 * POST /oidc/clients/:id/secrets (inventory §1.5): a generated 32-character secret, or the
 * caller's own (at least 16 printable characters, e.g. one an app already holds), with an optional
 * expiry. Only the hash is stored (algorithm column `sha256`, which client authentication reads);
 * the value is in this answer only.
 */
export async function addClientSecret(tx: Tx, actor: Actor, clientId: string, input: unknown, now = new Date()) {
  const data = clientSecretCreateSchema.parse(input ?? {});
  if (!isLookupId(clientId)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUnique({ where: { id: clientId }, select: { id: true, name: true, isPublic: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  if (client.isPublic) throw new AppError("validation_failed", "Public clients cannot have secrets: they prove themselves with PKCE.");
  if (data.expiresAt && data.expiresAt <= now) throw new AppError("validation_failed", "Choose an expiry date in the future.", { expiresAt: "Choose a date in the future" });
  if ((await tx.oidcClientSecret.count({ where: { clientId } })) >= MAX_SECRETS) {
    throw new AppError("validation_failed", `A client can have at most ${MAX_SECRETS} secrets: delete an old one first.`);
  }
  const secret = data.secret ?? randomString(32);
  const row = await tx.oidcClientSecret.create({
    data: { clientId, alg: "sha256", secretHash: sha256Hex(secret), prefix: secret.slice(0, 4), expiresAt: data.expiresAt ?? null },
  });
  await writeAudit(tx, "CLIENT_SECRET_CREATED", actor.meta, actor.userId, { clientId, clientName: client.name, secretId: row.id });
  return { ...secretDto(row, now), secret };
}
