import { db } from "@/lib/db/client";
import { createSession, sessionCookieName } from "@/lib/auth/session";
import { sha256Hex } from "@/lib/crypto/hash";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };

export async function seedUser(username: string, opts: { isAdmin?: boolean; disabled?: boolean } = {}) {
  return db().user.create({
    data: {
      username,
      usernameKey: username.toLowerCase(),
      email: `${username}@example.com`,
      firstName: username[0].toUpperCase() + username.slice(1),
      lastName: "Tester",
      displayName: `${username} Tester`,
      isAdmin: opts.isAdmin ?? false,
      disabled: opts.disabled ?? false,
    },
  });
}

/** A signed-in browser session for the user, as the Cookie header value. */
export async function sessionCookieFor(userId: string, amr = ["phr"]) {
  const { token } = await db().$transaction((tx) => createSession(tx, userId, amr, meta));
  return `${sessionCookieName()}=${token}`;
}

export async function seedClient(opts: { id?: string; isPublic?: boolean; pkceEnabled?: boolean; callbacks?: string[]; logoutCallbacks?: string[]; secret?: string; skipConsent?: boolean } = {}) {
  const id = opts.id ?? "test-client";
  await db().oidcClient.create({
    data: {
      id,
      name: "Test Client",
      isPublic: opts.isPublic ?? false,
      pkceEnabled: opts.pkceEnabled ?? opts.isPublic ?? false,
      skipConsent: opts.skipConsent ?? false,
      callbackUrls: JSON.stringify(opts.callbacks ?? ["https://app.example.com/cb"]),
      logoutCallbackUrls: JSON.stringify(opts.logoutCallbacks ?? []),
    },
  });
  const secret = opts.isPublic ? undefined : (opts.secret ?? "s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz1");
  if (secret) await db().oidcClientSecret.create({ data: { clientId: id, secretHash: sha256Hex(secret), prefix: secret.slice(0, 4) } });
  return { id, secret };
}

export function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

/** An API key of the user (expiring in a day unless given), as the X-API-Key header value. */
export async function seedApiKey(userId: string, opts: { expiresAt?: Date; name?: string } = {}) {
  const token = `k${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.slice(0, 32).padEnd(32, "x");
  const row = await db().apiKey.create({
    data: { name: opts.name ?? "script", keyHash: sha256Hex(token), userId, expiresAt: opts.expiresAt ?? new Date(Date.now() + 86_400_000) },
  });
  return { token, id: row.id };
}
