import { ASSERTION_ALGS } from "./client-auth";
import { SUPPORTED_SCOPES } from "./scopes";
import { GRANTS } from "./token/registry";

/** What the metadata is computed from; each process builds it once per key-ring version. */
export interface DiscoveryInput {
  appUrl: string;
  internalAppUrl: string;
  /** Algorithms an ID token may be signed with (a client chooses by id_token_signed_response_alg), the default first. */
  idTokenSigningAlgs: readonly string[];
  /** Client ID Metadata Documents are on (a non-empty cimdUrlAllowlist, inventory §1.4/§2.17). */
  cimdEnabled?: boolean;
}

type Field = (i: DiscoveryInput) => unknown;

/**
 * OpenID Provider metadata (OIDC Discovery §3, RFC 8414 §2), Pocket ID's field set (inventory
 * §1.4), in publication order. Publish only what works: a feature adds its key here with ONE
 * line when it lands (6a: introspection_endpoint, revocation_endpoint, grant types; 6b:
 * pushed_authorization_request_endpoint, device_authorization_endpoint, backchannel_logout_*,
 * response_modes). A key must be in REGISTERED_METADATA or POCKET_ID_METADATA (a unit test
 * checks), because the conformance suite warns about unknown keys. A field whose value is
 * undefined or an empty array is left out: Pocket ID never emits empty arrays.
 */
export const DISCOVERY_FIELDS: ReadonlyArray<readonly [string, Field]> = [
  ["issuer", (i) => i.appUrl],
  ["authorization_endpoint", (i) => `${i.appUrl}/authorize`],
  ["token_endpoint", (i) => `${i.internalAppUrl}/api/oidc/token`],
  ["userinfo_endpoint", (i) => `${i.internalAppUrl}/api/oidc/userinfo`],
  ["end_session_endpoint", (i) => `${i.appUrl}/api/oidc/end-session`],
  // Back-Channel Logout 1.0 §2.1: Logout Tokens are sent, and carry the `sid` ID tokens carry.
  ["backchannel_logout_supported", () => true],
  ["backchannel_logout_session_supported", () => true],
  ["introspection_endpoint", (i) => `${i.internalAppUrl}/api/oidc/introspect`],
  ["introspection_endpoint_auth_methods_supported", () => ["client_secret_basic", "Bearer"]],
  ["revocation_endpoint", (i) => `${i.internalAppUrl}/api/oidc/revoke`],
  ["revocation_endpoint_auth_methods_supported", () => ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]],
  ["jwks_uri", (i) => `${i.internalAppUrl}/.well-known/jwks.json`],
  ["pushed_authorization_request_endpoint", (i) => `${i.internalAppUrl}/api/oidc/par`],
  ["require_pushed_authorization_requests", () => false],
  ["device_authorization_endpoint", (i) => `${i.appUrl}/api/oidc/device/authorize`],
  ["grant_types_supported", () => Object.keys(GRANTS)],
  ["scopes_supported", () => [...SUPPORTED_SCOPES]],
  ["claims_supported", () => ["sub", "given_name", "family_name", "name", "display_name", "email", "email_verified", "preferred_username", "picture", "groups", "auth_time", "amr"]],
  ["response_types_supported", () => ["code"]],
  ["response_modes_supported", () => ["query", "fragment", "form_post"]],
  ["subject_types_supported", () => ["public"]],
  ["id_token_signing_alg_values_supported", (i) => [...i.idTokenSigningAlgs]],
  ["authorization_response_iss_parameter_supported", () => true],
  ["code_challenge_methods_supported", () => ["plain", "S256"]],
  ["request_parameter_supported", () => true],
  ["request_object_signing_alg_values_supported", () => ["none"]],
  ["request_uri_parameter_supported", () => false],
  ["prompt_values_supported", () => ["none", "login", "consent", "select_account"]],
  ["token_endpoint_auth_methods_supported", () => ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]],
  // RFC 8414 §2: required once private_key_jwt is listed.
  ["token_endpoint_auth_signing_alg_values_supported", () => [...ASSERTION_ALGS]],
  ["revocation_endpoint_auth_signing_alg_values_supported", () => [...ASSERTION_ALGS]],
  ["claims_parameter_supported", () => false],
  // Inventory §1.4: true iff the CIMD allowlist is non-empty; left out while CIMD is off.
  ["client_id_metadata_document_supported", (i) => (i.cimdEnabled ? true : undefined)],
  ["service_documentation", () => "https://pocket-id.org/docs"],
];

/**
 * Metadata names registered for OpenID Providers and OAuth authorization servers: OIDC Discovery
 * 1.0 §3, RP-Initiated / Front-Channel / Back-Channel Logout, Initiating User Registration
 * (prompt_values_supported) and the IANA "OAuth Authorization Server Metadata" registry (RFC 8414,
 * 8628, 9126, 9207, 9101, 8705, 9449, 9396, 7009, 7662).
 */
export const REGISTERED_METADATA: ReadonlySet<string> = new Set([
  "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "registration_endpoint",
  "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported",
  "acr_values_supported", "subject_types_supported", "id_token_signing_alg_values_supported",
  "id_token_encryption_alg_values_supported", "id_token_encryption_enc_values_supported",
  "userinfo_signing_alg_values_supported", "userinfo_encryption_alg_values_supported", "userinfo_encryption_enc_values_supported",
  "request_object_signing_alg_values_supported", "request_object_encryption_alg_values_supported",
  "request_object_encryption_enc_values_supported", "token_endpoint_auth_methods_supported",
  "token_endpoint_auth_signing_alg_values_supported", "display_values_supported", "claim_types_supported", "claims_supported",
  "service_documentation", "claims_locales_supported", "ui_locales_supported", "claims_parameter_supported",
  "request_parameter_supported", "request_uri_parameter_supported", "require_request_uri_registration", "op_policy_uri", "op_tos_uri",
  "end_session_endpoint", "check_session_iframe", "frontchannel_logout_supported", "frontchannel_logout_session_supported",
  "backchannel_logout_supported", "backchannel_logout_session_supported", "prompt_values_supported",
  "revocation_endpoint", "revocation_endpoint_auth_methods_supported", "revocation_endpoint_auth_signing_alg_values_supported",
  "introspection_endpoint", "introspection_endpoint_auth_methods_supported", "introspection_endpoint_auth_signing_alg_values_supported",
  "code_challenge_methods_supported", "signed_metadata", "device_authorization_endpoint",
  "pushed_authorization_request_endpoint", "require_pushed_authorization_requests", "authorization_response_iss_parameter_supported",
  "require_signed_request_object", "tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases",
  "dpop_signing_alg_values_supported", "authorization_details_types_supported",
]);

/** Keys Pocket ID publishes beyond those registries (inventory §1.4). */
export const POCKET_ID_METADATA: ReadonlySet<string> = new Set(["client_id_metadata_document_supported"]);

/** The discovery document for one input: the fields above, minus undefined values and empty arrays. */
export function discoveryDocument(input: DiscoveryInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [key, field] of DISCOVERY_FIELDS) {
    const value = field(input);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    doc[key] = value;
  }
  return doc;
}
