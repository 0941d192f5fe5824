import { InvalidRequestError } from "../errors";
import { verifyIdTokenHint } from "../tokens";
import type { SigningKey } from "../types";

/**
 * OIDC Core §3.1.2.1 id_token_hint: an ID token we issued (expired ones too) to this client;
 * every audience counts, not only the first. Returns its `sub`, the user the RP expects.
 */
export async function checkIdTokenHint(hint: string | null, clientId: string, keys: SigningKey[], issuer: string): Promise<string | undefined> {
  if (!hint) return undefined;
  const claims = await verifyIdTokenHint(keys, hint, issuer);
  if (!claims) throw new InvalidRequestError("The id_token_hint is invalid.");
  if (!claims.aud.includes(clientId)) throw new InvalidRequestError("The id_token_hint was not issued to this client.");
  return claims.sub;
}
