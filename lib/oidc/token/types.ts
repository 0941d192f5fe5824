import type { OAuthError } from "../errors";
import type { OidcStore, StoreMeta } from "../store";
import type { OidcClient, SigningAlg, SigningKey } from "../types";

export interface TokenContext {
  store: OidcStore;
  issuer: string;
  key: SigningKey;
  /** The key for a client's id_token_signed_response_alg (OIDC Registration §2); absent: `key`. */
  idTokenKey?: (alg: SigningAlg) => Promise<SigningKey>;
  /** The ID-token key resolved for the authenticated client (tokenEndpoint sets it before any transaction). */
  idKey?: SigningKey;
  now: Date;
  meta: StoreMeta;
  /**
   * Server secret (derived from ENCRYPTION_KEY) that rotated refresh tokens are derived with, so a
   * concurrent refresh inside the reuse grace can be answered with the same successor although
   * only hashes are stored (see grants/refresh-token.ts).
   */
  refreshSecret: Uint8Array;
  /** Verification keys and JWKS fetching for client assertions (client-auth.ts). */
  assertion?: import("../client-auth").AssertionContext;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/**
 * What a grant hands back from inside its transaction: failures are returned so writes commit;
 * success is `issue`, which signs the recorded tokens once the transaction has committed (the
 * transaction holds database work only: on SQLite every other statement waits for it).
 */
export type GrantResult = { issue: () => Promise<TokenResponse> } | { error: OAuthError };

/**
 * One grant type of the token endpoint (RFC 6749 §4). It receives the already authenticated
 * client; registering it in registry.ts is all it takes to enable it.
 */
export type GrantHandler = (input: { form: URLSearchParams; client: OidcClient; ctx: TokenContext }) => Promise<TokenResponse>;
