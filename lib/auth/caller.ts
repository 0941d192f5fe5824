import type { NextRequest } from "next/server";
import { loadSession, sessionCookieName, type SessionUser } from "./session";
import { authenticateApiKey } from "./api-key-auth";

/** Who is calling a REST route, and how they proved it. */
export interface Caller {
  userId: string;
  user: SessionUser;
  /** `session`: the browser cookie (Origin-checked on writes); the others are scripts. */
  via: "session" | "api_key" | "static_api_key";
  sessionId: string | null;
  apiKeyId: string | null;
}

/**
 * Resolves the caller of a REST request (inventory §1.1): a live session cookie first; an
 * `X-API-Key` only when no session is present. A bad API key throws (`invalid_api_key`,
 * `user_disabled`) rather than reading as anonymous, so a script learns why it was refused.
 * Null when the request carries neither.
 */
export async function resolveCaller(request: NextRequest): Promise<Caller | null> {
  const session = await loadSession(request.cookies.get(sessionCookieName())?.value);
  if (session) return { userId: session.userId, user: session.user, via: "session", sessionId: session.id, apiKeyId: null };
  const apiKey = request.headers.get("x-api-key");
  if (apiKey !== null) {
    const { user, apiKeyId } = await authenticateApiKey(apiKey);
    return { userId: user.id, user, via: apiKeyId ? "api_key" : "static_api_key", sessionId: null, apiKeyId };
  }
  return null;
}
