import { InvalidGrantError, InvalidRequestError, OAuthError, UnauthorizedClientError, UnsupportedGrantTypeError, quoted } from "../errors";
import type { OidcStore } from "../store";
import type { OidcClient, OidcUser } from "../types";
import type { GrantHandler } from "./types";

/** RFC 6749 §3.2: request and response parameters must not be included more than once. */
export function checkNoRepeatedParams(form: URLSearchParams): void {
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw new InvalidRequestError(`The '${name}' parameter must not be repeated.`);
  }
}

/** RFC 6749 §4.1.3, §5.2: grant_type is required; one this server does not implement is unsupported. */
export function checkGrantType(form: URLSearchParams, grants: Readonly<Record<string, GrantHandler>>): GrantHandler {
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequestError("The grant_type parameter is missing.");
  if (!Object.hasOwn(grants, grantType)) throw new UnsupportedGrantTypeError(`Unsupported grant_type ${quoted(grantType)}.`);
  return grants[grantType];
}

/**
 * RFC 6749 §5.2 unauthorized_client: a client limited to declared grants (Client ID Metadata
 * Documents, inventory §2.18) may use only those.
 */
export function checkClientMayUseGrant(client: OidcClient, grantType: string): void {
  if (client.grantTypes && !client.grantTypes.includes(grantType)) {
    throw new UnauthorizedClientError(`This client may not use the ${grantType} grant.`);
  }
}

/** inventory §2.7: client_credentials is for confidential clients only (RFC 6749 §4.4). */
export function checkConfidentialClient(client: OidcClient, grantType: string): void {
  if (client.isPublic) throw new UnauthorizedClientError(`Public clients may not use the ${grantType} grant.`);
}

/**
 * inventory §2.7: every user-bound grant re-checks that the user exists and is enabled, and that
 * a group-restricted client still admits them. Returns the user, or the error to answer with.
 * Group restriction failing is `access_denied` as in Pocket ID (at the token endpoint a 400,
 * RFC 6749 §5.2).
 */
export async function checkUserStillAllowed(store: OidcStore, userId: string, client: OidcClient): Promise<OidcUser | OAuthError> {
  const user = await store.findUser(userId);
  if (!user) return new InvalidGrantError("The user no longer exists.");
  if (user.disabled) return new InvalidGrantError("The user account is disabled.");
  if (client.isGroupRestricted && !user.groups.some((g) => client.allowedGroupIds.includes(g.id))) {
    return new OAuthError("access_denied", "You are not allowed to access this service.", 400);
  }
  return user;
}
