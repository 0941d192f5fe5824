import { z } from "zod";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId, text, msg } from "../validation";
import { PASSKEY_SELECT, toPasskeyDto, type PasskeyDto } from "./passkey-dto";

/** Pocket ID: a passkey name is 1-50 characters (inventory §1.5 PATCH /webauthn/credentials/:id). */
export const renamePasskeySchema = z.object({
  name: text("a name for the passkey").trim().min(1, msg.required("a name for the passkey")).max(50, msg.atMost(50)),
});
export type RenamePasskeyInput = z.input<typeof renamePasskeySchema>;

/**
 * Renames one of the user's own passkeys. Another user's passkey is "not found", as an unknown
 * id is, so the answer tells nothing about passkeys the caller does not own.
 */
export async function renamePasskey(userId: string, id: string, input: unknown): Promise<PasskeyDto> {
  const { name } = renamePasskeySchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found");
  const updated = await db().webauthnCredential.updateManyAndReturn({ where: { id, userId }, data: { name }, select: PASSKEY_SELECT });
  if (updated.length === 0) throw new AppError("not_found");
  return toPasskeyDto(updated[0]);
}
