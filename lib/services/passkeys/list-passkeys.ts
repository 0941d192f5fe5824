import { db } from "../../db/client";
import { PASSKEY_SELECT, toPasskeyDto, type PasskeyDto } from "./passkey-dto";

/** A user's passkeys, oldest first (the account page, GET /api/webauthn/credentials and the admin view). */
export async function listPasskeys(userId: string): Promise<PasskeyDto[]> {
  const rows = await db().webauthnCredential.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: PASSKEY_SELECT });
  return rows.map(toPasskeyDto);
}
