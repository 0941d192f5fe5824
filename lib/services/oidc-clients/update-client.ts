import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { storedClaimMapping } from "./claim-mapping-schema";
import { CLIENT_NOT_FOUND, clientAdminDto, clientAdminInclude, clientUpdateSchema } from "./client-admin-dto";
import { DEFAULT_ACCESS_TOKEN_MINUTES, DEFAULT_REFRESH_TOKEN_MINUTES, durationValue } from "./client-input";

/**
 * PUT /oidc/clients/:id (inventory §1.5, §2.18): replaces the client's settings. A public client
 * always uses PKCE (§2.5) and keeps no secrets: turning a client public deletes its secrets in the
 * same transaction, so no old secret can authenticate it later. A CIMD client (§2.17) keeps what its
 * metadata document says (name, callback and logout URLs, public, PKCE): only locally managed
 * fields change, whatever the body holds for the others, and it gets no federated identities (it
 * authenticates with `none` only).
 */
export async function updateClient(tx: Tx, actor: Actor, id: string, input: unknown) {
  const data = clientUpdateSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const current = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, isPublic: true, clientType: true } });
  if (!current) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const cimd = current.clientType === "cimd";
  const accessMinutes = durationValue(data.accessTokenDurationMinutes, DEFAULT_ACCESS_TOKEN_MINUTES);
  const refreshMinutes = durationValue(data.refreshTokenDurationMinutes, DEFAULT_REFRESH_TOKEN_MINUTES);
  const row = await tx.oidcClient.update({
    where: { id },
    data: {
      ...(cimd
        ? {}
        : {
            name: data.name,
            callbackUrls: JSON.stringify(data.callbackURLs),
            logoutCallbackUrls: JSON.stringify(data.logoutCallbackURLs),
            isPublic: data.isPublic,
            pkceEnabled: data.isPublic || data.pkceEnabled,
          }),
      description: data.description,
      launchUrl: data.launchURL ?? null,
      requiresReauthentication: data.requiresReauthentication,
      skipConsent: data.skipConsent,
      isGroupRestricted: data.isGroupRestricted,
      // Absent = unchanged (older callers do not know these fields); 0 or null = the default.
      ...(data.requiresPushedAuthorizationRequests !== undefined ? { requiresPushedAuthorizationRequests: data.requiresPushedAuthorizationRequests } : {}),
      // A CIMD client authenticates with `none` only (§2.17; Pocket ID #1718): no federated identities.
      ...(!cimd && data.credentials?.federatedIdentities ? { federatedIdentities: JSON.stringify(data.credentials.federatedIdentities) } : {}),
      ...(accessMinutes !== undefined ? { accessTokenDurationMinutes: accessMinutes } : {}),
      ...(refreshMinutes !== undefined ? { refreshTokenDurationMinutes: refreshMinutes } : {}),
      // Absent = unchanged: the admin form predates these fields and must not clear them.
      ...(data.backchannelLogoutURL !== undefined ? { backchannelLogoutUri: data.backchannelLogoutURL } : {}),
      // OIDC Registration §2 id_token_signed_response_alg: absent keeps it, null returns to RS256.
      ...(data.idTokenSignedResponseAlg !== undefined ? { idTokenSignedResponseAlg: data.idTokenSignedResponseAlg } : {}),
      ...(data.backchannelLogoutSessionRequired !== undefined ? { backchannelLogoutSessionRequired: data.backchannelLogoutSessionRequired } : {}),
      // Claim mapping: absent keeps it, null (or the default mapping) stores NULL.
      ...(data.claimMapping !== undefined ? { claimMapping: storedClaimMapping(data.claimMapping) } : {}),
    },
    include: clientAdminInclude,
  });
  if (!cimd && data.isPublic && !current.isPublic) await tx.oidcClientSecret.deleteMany({ where: { clientId: id } });
  await writeAudit(tx, "CLIENT_UPDATED", actor.meta, actor.userId, { clientId: id, clientName: row.name });
  return clientAdminDto(row);
}
