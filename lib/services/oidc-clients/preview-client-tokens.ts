import { db } from "../../db/client";
import { prismaOidcStore } from "../../db/oidc-store";
import { env } from "../../config/env";
import { AppError } from "../../errors";
import { parsePreviewScopes, previewTokens, type TokenPreview } from "../../oidc/preview";
import { isLookupId } from "../validation";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";

export interface ClientTokenPreview extends TokenPreview {
  scopes: string[];
  /** Why a real sign-in of this user at this client would be refused, if it would (sentences). */
  warnings: string[];
}

/**
 * GET /oidc/clients/:id/preview/:userId (inventory §1.5, §6.3 "OIDC data preview"): the decoded ID
 * token, access token and userinfo the user would get from the client for the scopes, built by
 * lib/oidc/preview.ts with the functions real issuance uses. Reads only: nothing is signed,
 * stored or audited.
 */
export async function previewClientTokens(clientId: string, userId: string, rawScopes: string | undefined, now = new Date()): Promise<ClientTokenPreview> {
  const { scopes, unknown } = parsePreviewScopes(rawScopes ?? "openid profile email groups");
  if (unknown.length) {
    throw new AppError("invalid_scope", `Unknown scope${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => `"${s}"`).join(", ")}: use only openid, profile, email, groups and offline_access, separated by spaces.`);
  }
  if (!scopes.length) throw new AppError("invalid_scope", "Choose at least one scope, for example openid.");
  const store = prismaOidcStore(db());
  const client = isLookupId(clientId) ? await store.findClient(clientId) : null;
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const user = isLookupId(userId) ? await store.findUser(userId) : null;
  if (!user) throw new AppError("user_not_found");
  const warnings: string[] = [];
  if (user.disabled) warnings.push("This user is disabled: a real sign-in would be refused.");
  if (client.isGroupRestricted && !user.groups.some((g) => client.allowedGroupIds.includes(g.id))) {
    warnings.push("This client is restricted to groups this user is not in: a real sign-in would be refused.");
  }
  return { scopes, ...previewTokens(client, user, scopes, env().appUrl, now), warnings };
}
