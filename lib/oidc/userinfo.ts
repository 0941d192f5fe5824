import { userClaims } from "./claims";
import { InsufficientScopeError, InvalidRequestError, InvalidTokenError } from "./errors";
import type { OidcStore } from "./store";
import { verifyAccessToken } from "./tokens";
import type { SigningKey } from "./types";

/**
 * RFC 6750 §2.1/§2.2: the bearer token from the header or (POST only) the form body. Null when the
 * request carries no token at all (the caller answers with a bare `Bearer` challenge, §3.1).
 */
export function extractBearerToken(authorization: string | null, form: URLSearchParams | null, query?: URLSearchParams): string | null {
  const fromHeader = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, "").trim() : null;
  // RFC 6749 §3.1 (which RFC 6750 §3.1 applies): parameters must not be repeated.
  if (form && form.getAll("access_token").length > 1) throw new InvalidRequestError("Send the access token only once.");
  const fromForm = form?.get("access_token") ?? null;
  const inQuery = query?.has("access_token") ?? false;
  // RFC 6750 §2: "Clients MUST NOT use more than one method"; §3.1 makes that invalid_request.
  if ([fromHeader, fromForm, inQuery || null].filter(Boolean).length > 1) {
    throw new InvalidRequestError("Send the access token in one place only.");
  }
  // RFC 6750 §2.3 / RFC 9700 §4.3.2: tokens in URLs leak into logs and Referer; not accepted.
  if (inQuery) throw new InvalidRequestError("Send the access token in the Authorization header, not in the URL.");
  return fromHeader || fromForm;
}

/**
 * UserInfo (OIDC Core §5.3; inventory §2.11): the token must be one of our JWT access tokens,
 * still on record (not revoked), issued with the issuer in its audience and the openid scope.
 * Claims are read live, so profile changes show immediately.
 */
export async function userinfo(token: string | null, ctx: { store: OidcStore; issuer: string; keys: SigningKey[]; now: Date }) {
  if (!token) throw new InvalidTokenError("An access token is required.");
  let payload;
  try {
    payload = await verifyAccessToken(ctx.keys, token, ctx.issuer, ctx.now);
  } catch {
    throw new InvalidTokenError("The access token is invalid or expired.");
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(ctx.issuer)) throw new InvalidTokenError("The access token is not valid for this endpoint.");
  const record = payload.jti ? await ctx.store.findActiveAccessToken(payload.jti, ctx.now, "userinfo") : null;
  if (!record || !record.userId || record.userId !== payload.sub) throw new InvalidTokenError("The access token has been revoked.");
  if (!record.scope.includes("openid")) throw new InsufficientScopeError("The access token does not carry the openid scope.");
  // The user and the client's claim mapping may have come with the record (store.ts `also`).
  const also = record.also;
  const user = also && "user" in also ? also.user : await ctx.store.findUser(record.userId);
  if (!user || user.disabled) throw new InvalidTokenError("The user no longer exists or is disabled.");
  // The claims of the client the token was issued to, mapped as its ID token was (claim-mapping.ts).
  const claimMapping = also && "clientClaimMapping" in also ? also.clientClaimMapping : (await ctx.store.findClient(record.clientId))?.claimMapping;
  return userClaims(user, record.scope, ctx.issuer, claimMapping);
}
