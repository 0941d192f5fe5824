import { createHash } from "node:crypto";
import { expect } from "vitest";

/** The callback URL seedClient() registers by default, and a PKCE pair for it. */
export const CB = "https://app.example.com/cb";
export const VERIFIER = "v".repeat(20) + "erifier-abcdefghijklmnopqrstuvwxyz";
export const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");

/**
 * An authorization request for seedClient()'s "test-client" with PKCE, state and nonce; `params`
 * override the defaults and an empty string drops a parameter.
 */
export function authorizeUrl(params: Record<string, string> = {}, scope = "openid profile email groups") {
  const q = new URLSearchParams({ response_type: "code", client_id: "test-client", redirect_uri: CB, scope, state: "state-12345", nonce: "nonce-123456", code_challenge: CHALLENGE, code_challenge_method: "S256", ...params });
  for (const [k, v] of [...q]) if (v === "") q.delete(k);
  return `/authorize?${q}`;
}

/** The Location of a redirect (302 after GET, 303 after POST). */
export async function location(res: Response) {
  expect([302, 303]).toContain(res.status);
  return new URL(res.headers.get("location")!);
}
