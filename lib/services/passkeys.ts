import { db } from "../db/client";

/** The user's passkeys for the account page, oldest first (no key material leaves this function). */
export async function listOwnPasskeys(userId: string) {
  return db().webauthnCredential.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
  });
}
