import { SUPPORTED_SCOPES } from "./scopes";

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * RFC 6749 §3.3: space-delimited, case-sensitive. Keeps every well-formed token in request order
 * (standard scopes and possible API permission keys alike), without duplicates; which of them can
 * be granted is decided by the resource rules (lib/oidc/resource.ts).
 */
export function parseScopeTokens(scope: string | null | undefined): string[] {
  if (!scope) return [];
  const out: string[] = [];
  for (const s of scope.split(" ")) if (s && SCOPE_TOKEN.test(s) && !out.includes(s)) out.push(s);
  return out;
}

const STANDARD = new Set<string>(SUPPORTED_SCOPES);

/** Inventory §2.2: scopes this provider does not know are dropped. */
export function keepStandardScopes(scope: readonly string[]): string[] {
  return scope.filter((s) => STANDARD.has(s));
}

export const isStandardScope = (s: string): boolean => STANDARD.has(s);
