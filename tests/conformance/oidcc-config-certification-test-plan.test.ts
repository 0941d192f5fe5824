// OpenID conformance suite, plan `oidcc-config-certification-test-plan` (Config OP): the
// discovery document and the JWKS it names, checked as the suite's module does (peer-anchors §3b).
import { describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { ISSUER, checkedFetch } from "./helpers/op";

/**
 * Metadata names registered for OpenID Provider / OAuth AS metadata (OIDC Discovery §3, RFC 8414
 * §2, the IANA "OAuth Authorization Server Metadata" registry: RFC 7009, 7662, 8628, 9101, 9126,
 * 9207, 9449, RP-Initiated / Back-Channel / Front-Channel Logout), plus the one key Pocket ID
 * documents beyond them (client_id_metadata_document_supported, inventory §1.4). The suite warns
 * on anything else; we treat it as a failure.
 */
const REGISTERED = new Set([
  "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "registration_endpoint",
  "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported",
  "acr_values_supported", "subject_types_supported",
  "id_token_signing_alg_values_supported", "id_token_encryption_alg_values_supported", "id_token_encryption_enc_values_supported",
  "userinfo_signing_alg_values_supported", "userinfo_encryption_alg_values_supported", "userinfo_encryption_enc_values_supported",
  "request_object_signing_alg_values_supported", "request_object_encryption_alg_values_supported", "request_object_encryption_enc_values_supported",
  "token_endpoint_auth_methods_supported", "token_endpoint_auth_signing_alg_values_supported",
  "display_values_supported", "claim_types_supported", "claims_supported", "service_documentation",
  "claims_locales_supported", "ui_locales_supported", "claims_parameter_supported", "request_parameter_supported",
  "request_uri_parameter_supported", "require_request_uri_registration", "op_policy_uri", "op_tos_uri",
  "revocation_endpoint", "revocation_endpoint_auth_methods_supported", "revocation_endpoint_auth_signing_alg_values_supported",
  "introspection_endpoint", "introspection_endpoint_auth_methods_supported", "introspection_endpoint_auth_signing_alg_values_supported",
  "code_challenge_methods_supported", "signed_metadata", "device_authorization_endpoint",
  "tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases",
  "require_signed_request_object", "pushed_authorization_request_endpoint", "require_pushed_authorization_requests",
  "authorization_response_iss_parameter_supported", "authorization_signing_alg_values_supported",
  "authorization_encryption_alg_values_supported", "authorization_encryption_enc_values_supported",
  "introspection_signing_alg_values_supported", "introspection_encryption_alg_values_supported", "introspection_encryption_enc_values_supported",
  "dpop_signing_alg_values_supported", "prompt_values_supported",
  "end_session_endpoint", "check_session_iframe",
  "backchannel_logout_supported", "backchannel_logout_session_supported",
  "frontchannel_logout_supported", "frontchannel_logout_session_supported",
  "backchannel_token_delivery_modes_supported", "backchannel_authentication_endpoint",
  "backchannel_authentication_request_signing_alg_values_supported", "backchannel_user_code_parameter_supported",
  "authorization_details_types_supported", "protected_resources",
  "client_id_metadata_document_supported",
]);

/** Every *_endpoint / *_uri value: absolute, on the issuer's scheme, no fragment (RFC 8414 §2). */
function endpointsOf(doc: Record<string, unknown>): [string, string][] {
  return Object.entries(doc).filter(([k, v]) => (k.endsWith("_endpoint") || k === "jwks_uri") && typeof v === "string") as [string, string][];
}

describe("oidcc-config-certification-test-plan", () => {
  it("oidcc-discovery-endpoint-verification", async () => {
    const issuer = ISSUER();
    // The discovery URL is the issuer plus /.well-known/openid-configuration (OIDC Discovery §4).
    const res = await checkedFetch(`${issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = await res.json();

    // Issuer: a URL with no query or fragment, identical to the one the document was fetched from.
    expect(doc.issuer).toBe(issuer);
    const issuerUrl = new URL(doc.issuer);
    expect(issuerUrl.search).toBe("");
    expect(issuerUrl.hash).toBe("");

    // Required fields (OIDC Discovery §3) and their syntax.
    for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported"]) {
      expect(doc, field).toHaveProperty(field);
    }
    expect(doc.response_types_supported).toContain("code");
    expect(doc.subject_types_supported.every((s: string) => s === "public" || s === "pairwise")).toBe(true);
    // The Basic plan's idtoken-signature module needs RS256 (peer-anchors §0 item 3).
    expect(doc.id_token_signing_alg_values_supported).toContain("RS256");
    expect(doc.userinfo_endpoint).toBeTypeOf("string");
    expect(doc.scopes_supported).toContain("openid");
    for (const scope of doc.scopes_supported) expect(scope).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/);
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["sub"]));
    expect(Array.isArray(doc.code_challenge_methods_supported)).toBe(true);
    expect(doc.code_challenge_methods_supported).toContain("S256");
    expect(doc.grant_types_supported ?? ["authorization_code"]).toContain("authorization_code");
    for (const flag of ["claims_parameter_supported", "request_parameter_supported", "request_uri_parameter_supported", "authorization_response_iss_parameter_supported"]) {
      if (flag in doc) expect(typeof doc[flag], flag).toBe("boolean");
    }
    // RFC 8414 §2: arrays are never empty when present (Pocket ID never emits empty ones either).
    for (const [key, value] of Object.entries(doc)) if (Array.isArray(value)) expect(value.length, key).toBeGreaterThan(0);

    // Only registered metadata names.
    expect(Object.keys(doc).filter((k) => !REGISTERED.has(k))).toEqual([]);

    // Endpoints are absolute URLs on the issuer's scheme (https in production; this test server
    // listens on http loopback, where the suite's https check cannot apply), without fragments.
    for (const [name, value] of endpointsOf(doc)) {
      const url = new URL(value);
      expect(url.protocol, name).toBe(issuerUrl.protocol);
      expect(url.hash, name).toBe("");
    }

    // The JWKS: every key well formed, a distinct kid each, an RS256 signing key, no private parts.
    const jwksRes = await checkedFetch(doc.jwks_uri);
    expect(jwksRes.status).toBe(200);
    expect(jwksRes.headers.get("content-type")).toMatch(/^application\/(jwk-set\+)?json/);
    const { keys } = await jwksRes.json();
    expect(keys.length).toBeGreaterThan(0);
    const kids = keys.map((k: { kid?: string }) => k.kid);
    expect(kids.every((k: unknown) => typeof k === "string" && k.length > 0)).toBe(true);
    expect(new Set(kids).size).toBe(kids.length);
    for (const key of keys) {
      expect(["RSA", "EC", "OKP"]).toContain(key.kty);
      if (key.use !== undefined) expect(key.use).toBe("sig");
      for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k"]) expect(key, `${key.kid} must not publish ${secret}`).not.toHaveProperty(secret);
      if (key.kty === "RSA") {
        expect(Buffer.from(key.n, "base64url").length * 8).toBeGreaterThanOrEqual(2048);
        expect(key.e).toBeTypeOf("string");
      }
    }
    expect(keys.some((k: { kty: string; alg?: string }) => k.kty === "RSA" && (k.alg === undefined || k.alg === "RS256"))).toBe(true);

    // A certified RP library accepts the document as is.
    const config = await oidc.discovery(new URL(issuer), "any-client", undefined, undefined, { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: checkedFetch as oidc.CustomFetch });
    expect(config.serverMetadata().issuer).toBe(issuer);

    // RFC 8414 §3: the same metadata at the OAuth path.
    const oauth = await checkedFetch(`${issuer}/.well-known/oauth-authorization-server`);
    expect(oauth.status).toBe(200);
    expect(await oauth.json()).toEqual(doc);
  });
});
