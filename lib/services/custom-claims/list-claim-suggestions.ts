import { db, type Tx } from "../../db/client";

/** GET /custom-claims/suggestions: every key in use on users or groups, sorted, once each. */
export async function listClaimSuggestions(tx: Tx = db()): Promise<string[]> {
  const [u, g] = await Promise.all([
    tx.userCustomClaim.findMany({ distinct: ["key"], select: { key: true } }),
    tx.userGroupCustomClaim.findMany({ distinct: ["key"], select: { key: true } }),
  ]);
  return [...new Set([...u, ...g].map((c) => c.key))].sort((a, b) => a.localeCompare(b));
}
