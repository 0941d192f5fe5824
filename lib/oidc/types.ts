/** The shapes protocol code works with; storage maps its rows to these (see store.ts). */

export interface OidcClient {
  id: string;
  name: string;
  isPublic: boolean;
  pkceEnabled: boolean;
  callbackUrls: string[];
  logoutCallbackUrls: string[];
  requiresReauthentication: boolean;
  skipConsent: boolean;
  isGroupRestricted: boolean;
  /** RFC 9126 §6 / inventory §2.15: direct authorization requests are refused, only PAR. */
  requiresPushedAuthorizationRequests?: boolean;
  /** OIDC Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed; null = none. */
  backchannelLogoutUri?: string | null;
  /** Back-Channel Logout §2.2 backchannel_logout_session_required: the token carries `sid`. */
  backchannelLogoutSessionRequired?: boolean;
  /** Ids of the user groups allowed when isGroupRestricted. */
  allowedGroupIds: string[];
  accessTokenDurationMinutes: number;
  refreshTokenDurationMinutes: number;
  /** Pocket ID's federated client credentials (inventory §2.8): who may assert to be this client. */
  federatedIdentities: FederatedIdentity[];
  /** Keys for private_key_jwt (RFC 7523): a registered JWKS, or a URL publishing one. */
  jwks: { keys: JsonWebKey[] } | null;
  jwksUri: string | null;
  /** OIDC Registration §2 id_token_signed_response_alg; null = the key ring's default. */
  idTokenSignedResponseAlg?: SigningAlg | null;
  /**
   * The only grants this client may use, or null/absent for the defaults of its kind. Set for
   * Client ID Metadata Document clients: what the document declares ∩ supported (inventory §2.18).
   */
  grantTypes?: string[] | null;
  /** Materialised from a Client ID Metadata Document (inventory §2.17): its name and URIs are unverified. */
  isCimd?: boolean;
  /** Per-client claim mapping (claim-mapping.ts); absent = the default (Pocket ID's claims). */
  claimMapping?: import("./claim-mapping").ClaimMapping;
  /** A light / dark logo is uploaded (inventory §2.18): consent and /device show it. */
  hasLogo?: boolean;
  hasDarkLogo?: boolean;
}

/** One federated identity of a client (inventory §2.8); defaults apply where a field is absent. */
export interface FederatedIdentity {
  issuer: string;
  /** Default: the client id. */
  subject?: string;
  /** Default: the issuer of this provider (APP_URL). */
  audience?: string;
  /** JWKS URL. Default: `<issuer>/.well-known/jwks.json`. */
  jwks?: string;
  /** Require a jti and accept each only once. */
  replayProtection?: boolean;
}

export interface OidcUser {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  disabled: boolean;
  groups: { id: string; name: string }[];
  /** User claims first, then group claims; the first occurrence of a key wins (inventory §2.10). */
  customClaims: { key: string; value: string }[];
}

/** The signed-in browser session, as far as the protocol cares. */
export interface OidcSession {
  /** The session row's id: the `sid` of ID and logout tokens (absent in tests of pure logic). */
  id?: string;
  userId: string;
  amr: string[];
  authTime: Date;
}

/** Validated authorization request parameters (what an interaction stores and restores). */
export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  /**
   * Whether the request named redirect_uri (RFC 6749 §4.1.3: then the token request must repeat
   * it). Absent in requests parked before this field existed, which counts as sent.
   */
  redirect_uri_sent?: boolean;
  response_type: "code";
  response_mode: ResponseMode;
  scope: string[];
  state: string;
  nonce?: string;
  code_challenge?: string;
  code_challenge_method?: "S256" | "plain";
  prompt: string[];
  max_age?: number;
  /** `sub` of a verified id_token_hint: only that user may be signed in (OIDC Core §3.1.2.1). */
  id_token_hint_sub?: string;
  /** RFC 8707 resource indicators, in request order (absolute URIs, no fragment). */
  resource?: string[];
  /** The request came through PAR (RFC 9126): its parameters were pushed by the authenticated client. */
  pushed?: boolean;
}

/** JWS algorithms a signing key may have (lib/crypto/signing-keys.ts SIGNING_ALGS). */
export type SigningAlg = "RS256" | "RS384" | "RS512" | "ES256" | "ES384" | "ES512" | "EdDSA";

/** A public key as the JWKS publishes it (RFC 7517 §4; RSA n/e, EC crv/x/y, OKP crv/x). */
export interface PublicSigningJwk {
  kty: string;
  kid: string;
  alg: SigningAlg;
  use: "sig";
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
}
/** OAuth 2.0 Multiple Response Type Encoding §2.1 and Form Post Response Mode §2. */
export type ResponseMode = "query" | "fragment" | "form_post";

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  publicJwk: PublicSigningJwk;
}

/** Clock injected for tests; protocol code never calls Date.now() directly. */
export type Clock = () => Date;
