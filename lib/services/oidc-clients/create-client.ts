import { randomUUID } from "node:crypto";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { randomString } from "../../crypto/random";
import { sha256Hex } from "../../crypto/hash";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { isUniqueViolation } from "../../db/errors";
import { clientDto, DEFAULT_ACCESS_TOKEN_MINUTES, DEFAULT_REFRESH_TOKEN_MINUTES, durationValue } from "./client-input";
import { clientCreateSchema, type ClientCreateInput } from "./client-admin-dto";
import { storedClaimMapping } from "./claim-mapping-schema";

/** 32 random alphanumerics; stored as SHA-256 with the first 4 characters as a visible prefix (§2.8). */
function newSecret() {
  const secret = randomString(32);
  return { secret, secretHash: sha256Hex(secret), prefix: secret.slice(0, 4) };
}

/**
 * POST /oidc/clients and the console's create form (inventory §1.5, §2.18). With `withSecret`
 * (confidential clients from the admin UI) also its first secret, in the same transaction,
 * returned in clear exactly once; over the API no secret is created (Pocket ID 2.14).
 */
export async function createClient(input: ClientCreateInput, actorId: string, meta: RequestMeta, opts: { withSecret: boolean }) {
  const data = clientCreateSchema.parse(input);
  const id = data.id ?? randomUUID();
  try {
    return await db().$transaction(async (tx) => {
      const client = await tx.oidcClient.create({
        data: {
          id,
          name: data.name,
          description: data.description,
          callbackUrls: JSON.stringify(data.callbackURLs),
          logoutCallbackUrls: JSON.stringify(data.logoutCallbackURLs),
          launchUrl: data.launchURL ?? null,
          isPublic: data.isPublic,
          // Public clients cannot keep a secret: PKCE is their proof (inventory §2.5).
          pkceEnabled: data.isPublic || data.pkceEnabled,
          requiresReauthentication: data.requiresReauthentication,
          requiresPushedAuthorizationRequests: data.requiresPushedAuthorizationRequests ?? false,
          skipConsent: data.skipConsent,
          isGroupRestricted: data.isGroupRestricted,
          accessTokenDurationMinutes: durationValue(data.accessTokenDurationMinutes, DEFAULT_ACCESS_TOKEN_MINUTES) ?? DEFAULT_ACCESS_TOKEN_MINUTES,
          refreshTokenDurationMinutes: durationValue(data.refreshTokenDurationMinutes, DEFAULT_REFRESH_TOKEN_MINUTES) ?? DEFAULT_REFRESH_TOKEN_MINUTES,
          idTokenSignedResponseAlg: data.idTokenSignedResponseAlg ?? null,
          backchannelLogoutUri: data.backchannelLogoutURL ?? null,
          ...(data.backchannelLogoutSessionRequired !== undefined ? { backchannelLogoutSessionRequired: data.backchannelLogoutSessionRequired } : {}),
          federatedIdentities: JSON.stringify(data.credentials?.federatedIdentities ?? []),
          claimMapping: data.claimMapping ? storedClaimMapping(data.claimMapping) : null,
          createdById: actorId,
        },
      });
      let secret: string | null = null;
      if (opts.withSecret && !client.isPublic) {
        const s = newSecret();
        await tx.oidcClientSecret.create({ data: { clientId: id, secretHash: s.secretHash, prefix: s.prefix } });
        secret = s.secret;
      }
      await writeAudit(tx, "CLIENT_CREATED", meta, actorId, { clientId: id, clientName: client.name });
      return { client: clientDto(client), secret };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("client_id_already_exists");
    throw e;
  }
}
