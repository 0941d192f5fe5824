import { env } from "../../config/env";
import { discoveryDocument } from "../../oidc/discovery";

/** The discovery keys an admin copies into an app's settings, with the labels apps' guides use. */
const ENDPOINTS: ReadonlyArray<readonly [string, string]> = [
  ["issuer", "Issuer"],
  ["authorization_endpoint", "Authorization URL"],
  ["token_endpoint", "Token URL"],
  ["userinfo_endpoint", "Userinfo URL"],
  ["jwks_uri", "Certificate URL (JWKS)"],
  ["end_session_endpoint", "Logout URL"],
  ["introspection_endpoint", "Introspection URL"],
  ["revocation_endpoint", "Revocation URL"],
  ["device_authorization_endpoint", "Device authorization URL"],
  ["pushed_authorization_request_endpoint", "Pushed authorization request URL"],
];

/**
 * The endpoint URLs shown with copy buttons in the client console (inventory §6.3 "displayed
 * endpoints read from discovery"): read from the same document /.well-known/openid-configuration
 * serves, so the page can never show a URL the provider does not publish.
 */
export function clientEndpoints(): { label: string; value: string }[] {
  const { appUrl, internalAppUrl } = env();
  const doc = discoveryDocument({ appUrl, internalAppUrl, idTokenSigningAlgs: ["RS256"] });
  const out: { label: string; value: string }[] = [];
  for (const [key, label] of ENDPOINTS) {
    const value = doc[key];
    if (typeof value === "string") out.push({ label, value });
    if (key === "issuer") out.push({ label: "Discovery URL", value: `${appUrl}/.well-known/openid-configuration` });
  }
  return out;
}
