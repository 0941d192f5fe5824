import { ASSERTION_ALGS } from "./client-auth";
import { SUPPORTED_SCOPES } from "./scopes";
import { GRANTS } from "./token/registry";

/**
 * OpenID Provider metadata (OIDC Discovery §3, RFC 8414), Pocket ID's field set (inventory §1.4),
 * limited to what this server implements today: nothing is advertised that would fail.
 */
export function discoveryDocument(appUrl: string, internalAppUrl: string, signingAlgs: string[]) {
  return {
    issuer: appUrl,
    authorization_endpoint: `${appUrl}/authorize`,
    token_endpoint: `${internalAppUrl}/api/oidc/token`,
    userinfo_endpoint: `${internalAppUrl}/api/oidc/userinfo`,
    end_session_endpoint: `${appUrl}/api/oidc/end-session`,
    introspection_endpoint: `${internalAppUrl}/api/oidc/introspect`,
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "Bearer"],
    revocation_endpoint: `${internalAppUrl}/api/oidc/revoke`,
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    jwks_uri: `${internalAppUrl}/.well-known/jwks.json`,
    grant_types_supported: Object.keys(GRANTS),
    scopes_supported: [...SUPPORTED_SCOPES],
    claims_supported: [
      "sub", "given_name", "family_name", "name", "display_name", "email", "email_verified",
      "preferred_username", "groups", "auth_time", "amr",
    ],
    response_types_supported: ["code"],
    response_modes_supported: ["query", "fragment"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: signingAlgs,
    authorization_response_iss_parameter_supported: true,
    code_challenge_methods_supported: ["plain", "S256"],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    prompt_values_supported: ["none", "login", "consent", "select_account"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    // RFC 8414 §2: required once private_key_jwt is listed.
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    revocation_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    claims_parameter_supported: false,
    service_documentation: "https://pocket-id.org/docs",
  };
}
