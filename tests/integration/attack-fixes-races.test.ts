// Races an outsider found on PostgreSQL (read committed): the same delete sent twice at once
// (double click, two tabs, a retrying client). Each must take effect once: one 204, the others
// 404 like any repeat, never a 500, one audit row. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB } from "../helpers/oidc";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { DELETE as revokeApp } from "@/app/api/oidc/users/me/authorized-clients/[clientId]/route";
import { DELETE as endOwnSession } from "@/app/api/users/me/sessions/[id]/route";
import { DELETE as deletePasskey } from "@/app/api/webauthn/credentials/[id]/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

const origin = { origin: TEST_APP_URL };

async function statuses(responses: Response[]) {
  return responses.map((r) => r.status).sort();
}

describe.each(PROVIDERS)("concurrent deletes on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("revoking the same app three times at once: one 204, then 404s, one CLIENT_AUTHORIZATION_REVOKED", async () => {
    const alice = await seedUser("alice");
    await db().oidcClient.create({ data: { id: "wiki", name: "Wiki", callbackUrls: JSON.stringify([CB]) } });
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: "wiki", scope: JSON.stringify(["openid"]), lastUsedAt: new Date() } });
    const cookie = await sessionCookieFor(alice.id);
    const responses = await Promise.all(
      [1, 2, 3].map(() => revokeApp(req("/api/oidc/users/me/authorized-clients/wiki", { method: "DELETE", cookie, headers: origin }), ctx({ clientId: "wiki" }))),
    );
    expect(await statuses(responses)).toEqual([204, 404, 404]);
    expect(await db().auditLog.count({ where: { event: "CLIENT_AUTHORIZATION_REVOKED" } })).toBe(1);
  });

  it("ending the same session three times at once: one 204, then 404s, one SESSION_REVOKED", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    await sessionCookieFor(alice.id);
    const sessions = await db().session.findMany({ where: { userId: alice.id }, orderBy: { createdAt: "asc" } });
    const target = sessions[sessions.length - 1].id;
    const responses = await Promise.all(
      [1, 2, 3].map(() => endOwnSession(req(`/api/users/me/sessions/${target}`, { method: "DELETE", cookie, headers: origin }), ctx({ id: target }))),
    );
    expect(await statuses(responses)).toEqual([204, 404, 404]);
    expect(await db().auditLog.count({ where: { event: "SESSION_REVOKED" } })).toBe(1);
    expect(await db().session.count({ where: { userId: alice.id } })).toBe(1);
  });

  it("deleting the same passkey three times at once: one 204, then 404s, one PASSKEY_REMOVED", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const passkey = await db().webauthnCredential.create({ data: { name: "Laptop", credentialId: "cred-1", publicKey: new Uint8Array([1, 2, 3]), userId: alice.id } });
    const responses = await Promise.all(
      [1, 2, 3].map(() => deletePasskey(req(`/api/webauthn/credentials/${passkey.id}`, { method: "DELETE", cookie, headers: origin }), ctx({ id: passkey.id }))),
    );
    expect(await statuses(responses)).toEqual([204, 404, 404]);
    expect(await db().auditLog.count({ where: { event: "PASSKEY_REMOVED" } })).toBe(1);
  });
});
