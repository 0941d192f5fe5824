import { db } from "../../db/client";
import { env } from "../../config/env";

/** OIDC Discovery §2: the link relation that names a user's OpenID Provider. */
export const ISSUER_REL = "http://openid.net/specs/connect/1.0/issuer";

/**
 * WebFinger (RFC 7033; OIDC Discovery §2; Pocket ID #24/#350, for Tailscale): whether `resource`
 * names a user of this instance, as `acct:<email>` or `acct:<username>@<this host>`. Only then is
 * the issuer revealed; anything else is "not found", so the endpoint lists nobody and tells nothing
 * about other domains. Disabled users are not found either.
 */
export async function findIssuerSubject(resource: string): Promise<boolean> {
  if (!resource.toLowerCase().startsWith("acct:") || resource.length > 320) return false;
  const acct = resource.slice(5);
  const at = acct.lastIndexOf("@");
  if (at <= 0 || /[\u0000-\u001f\u007f\s]/.test(acct)) return false;
  const local = acct.slice(0, at);
  const host = acct.slice(at + 1).toLowerCase();
  const byEmail = await db().user.findFirst({ where: { email: { in: [acct, acct.toLowerCase()] }, disabled: false }, select: { id: true } });
  if (byEmail) return true;
  if (host !== new URL(env().appUrl).hostname) return false;
  const byName = await db().user.findUnique({ where: { usernameKey: local.toLowerCase() }, select: { disabled: true } });
  return !!byName && !byName.disabled;
}
