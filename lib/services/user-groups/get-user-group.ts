import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { minimalGroupDto } from "./group-dto";

/** GET /user-groups/:id: the group with its members, custom claims and allowed OIDC clients. */
export async function getUserGroup(id: string, tx: Tx = db()) {
  if (!isLookupId(id)) throw new AppError("not_found", "This group does not exist (any more).");
  const g = await tx.userGroup.findUnique({
    where: { id },
    include: {
      customClaims: { orderBy: { createdAt: "asc" } },
      members: { include: { user: { select: { id: true, username: true, email: true, firstName: true, lastName: true, displayName: true, isAdmin: true, disabled: true } } } },
      allowedClients: { include: { client: { select: { id: true, name: true, isGroupRestricted: true } } } },
    },
  });
  if (!g) throw new AppError("not_found", "This group does not exist (any more).");
  return {
    ...minimalGroupDto(g, g.members.length),
    customClaims: g.customClaims.map((c) => ({ key: c.key, value: c.value })),
    users: g.members.map((m) => m.user).sort((a, b) => a.username.localeCompare(b.username)),
    allowedOidcClients: g.allowedClients.map((a) => a.client).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
