import { OAuthError } from "../errors";
import { AUTHORIZE_LIMITS } from "../limits";

/** JWT claims that describe the request object itself, not authorization parameters. */
const JWT_CLAIMS = new Set(["iss", "aud", "exp", "iat", "nbf", "jti", "sub"]);

export class InvalidRequestObjectError extends OAuthError {
  constructor(description: string) {
    super("invalid_request_object", description, 400);
  }
}

/**
 * OIDC Core §6.1 / RFC 9101: a `request` parameter carries the authorization parameters as a
 * JWT; its values supersede the query's. Only unsigned objects (`alg: none`, discovery's
 * request_object_signing_alg_values_supported) are understood: a signed one cannot be verified
 * (no client keys for it), so it is refused rather than read unverified (§6.3.2).
 * Returns the effective parameters and, when the object cannot be used, the error to send once
 * the client and redirect URI are verified (the query's own values are used for that).
 */
export function resolveRequestObject(query: URLSearchParams): { params: URLSearchParams; error?: OAuthError } {
  const all = query.getAll("request");
  if (all.length === 0) return { params: query };
  const params = new URLSearchParams(query);
  params.delete("request");
  if (all.length > 1) return { params, error: new OAuthError("invalid_request", "The 'request' parameter must not be repeated.") };
  const jwt = all[0];
  if (jwt.length > AUTHORIZE_LIMITS.request) return { params, error: new InvalidRequestObjectError("The request object is too long.") };
  const parts = jwt.split(".");
  if (parts.length !== 3) return { params, error: new InvalidRequestObjectError("The request object is not a JWT.") };
  let header: { alg?: unknown };
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { params, error: new InvalidRequestObjectError("The request object cannot be decoded.") };
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    return { params, error: new InvalidRequestObjectError("The request object's payload is not a JSON object.") };
  }
  if (header?.alg !== "none" || parts[2] !== "") {
    return { params, error: new InvalidRequestObjectError("Signed request objects are not supported: send an unsigned one (alg none) or use PAR.") };
  }
  // §6.1: client_id in the object, when present, must be the one the request names.
  const objectClientId = payload.client_id;
  if (objectClientId !== undefined && objectClientId !== query.get("client_id")) {
    return { params, error: new InvalidRequestObjectError("The request object's client_id does not match the request.") };
  }
  for (const [name, value] of Object.entries(payload)) {
    if (JWT_CLAIMS.has(name) || name === "request" || name === "request_uri") continue;
    params.delete(name);
    if (Array.isArray(value)) for (const v of value) params.append(name, typeof v === "string" ? v : JSON.stringify(v));
    else if (typeof value === "string") params.set(name, value);
    else if (value !== null && value !== undefined) params.set(name, typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value));
  }
  return { params };
}
