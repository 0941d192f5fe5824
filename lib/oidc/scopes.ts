/**
 * Scopes this provider knows (inventory §1.4); unknown requested scopes are dropped (§2.2).
 * `offline_access` is accepted and has no effect: refresh tokens are always issued to user flows
 * (inventory §2.1, §2.9).
 */
export const SUPPORTED_SCOPES = ["openid", "profile", "email", "groups", "offline_access"] as const;
export type SupportedScope = (typeof SUPPORTED_SCOPES)[number];

/** Scopes that release identity data; with any of them the access token is valid at userinfo. */
export const IDENTITY_SCOPES = new Set<string>(["openid", "profile", "email", "groups"]);

/** RFC 6749 §3.3: space-delimited, case-sensitive; keeps request order, drops duplicates and unknown scopes. */
export function parseScope(scope: string | undefined): string[] {
  if (!scope) return [];
  const known = new Set<string>(SUPPORTED_SCOPES);
  const out: string[] = [];
  for (const s of scope.split(" ")) {
    if (s && known.has(s) && !out.includes(s)) out.push(s);
  }
  return out;
}
