import { db } from "../../db/client";
import { isLookupId } from "../validation";
import { PASSKEY_SELECT, toPasskeyDto, type PasskeyDto } from "./passkey-dto";

/** A user's passkeys, oldest first (the account page, GET /api/webauthn/credentials and the admin view). */
export async function listPasskeys(userId: string): Promise<PasskeyDto[]> {
  // An id with NUL names no user (PostgreSQL would fail the query: a 500): like any unknown id, no passkeys.
  if (!isLookupId(userId)) return [];
  const rows = await db().webauthnCredential.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: PASSKEY_SELECT });
  return rows.map(toPasskeyDto);
}
