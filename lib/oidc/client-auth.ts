import { sha256Hex, safeEqual } from "../crypto/hash";
import { InvalidClientError, InvalidRequestError } from "./errors";
import type { OidcStore } from "./store";
import type { OidcClient } from "./types";

/**
 * Client authentication at the token endpoint (RFC 6749 §2.3.1; inventory §2.8):
 * client_secret_basic, client_secret_post, or none for public clients. Exactly one method per
 * request (§2.3). A public client's secret is ignored, as Pocket ID does.
 */
export async function authenticateClient(
  form: URLSearchParams,
  authorization: string | null,
  store: OidcStore,
  now: Date,
): Promise<OidcClient> {
  let clientId: string | undefined;
  let secret: string | undefined;
  let usedBasic = false;

  if (authorization && /^basic\s/i.test(authorization)) {
    usedBasic = true;
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new InvalidClientError("Malformed Basic credentials.", true);
    // §2.3.1: both parts are application/x-www-form-urlencoded before base64.
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    } catch {
      throw new InvalidClientError("Malformed Basic credentials.", true);
    }
    if (form.has("client_secret")) throw new InvalidRequestError("Use only one client authentication method.");
    const formId = form.get("client_id");
    if (formId && formId !== clientId) throw new InvalidRequestError("client_id does not match the authenticated client.");
  } else {
    clientId = form.get("client_id") ?? undefined;
    secret = form.get("client_secret") ?? undefined;
  }
  if (form.has("client_assertion") || form.has("client_assertion_type")) {
    throw new InvalidClientError("Client assertions are not supported yet.", usedBasic);
  }
  if (!clientId) throw new InvalidClientError("Client authentication is required.", usedBasic);

  const client = await store.findClient(clientId);
  if (!client) throw new InvalidClientError("Client authentication failed.", usedBasic);
  if (client.isPublic) return client;

  if (!secret) throw new InvalidClientError("Client authentication failed.", usedBasic);
  const presented = sha256Hex(secret);
  let ok = false;
  for (const hash of await store.clientSecretHashes(client.id, now)) {
    // Compare against every candidate so timing says nothing about which one matched.
    if (safeEqual(presented, hash)) ok = true;
  }
  if (!ok) throw new InvalidClientError("Client authentication failed.", usedBasic);
  return client;
}
