// Passkey management (issue 9 item 1) on SQLite and PostgreSQL: passkeys named from their AAGUID,
// the WebAuthn policy of the application configuration (user verification, synced passkeys,
// attachment), rename (1-50 characters), delete (own only; admins revoke with the actor audited),
// flags, counter and last use stored and shown, and every refusal as a REST error.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetAppConfigForTests } from "@/lib/config/app-config";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { SoftPasskey, type SoftPasskeyOptions } from "../helpers/soft-passkey.mjs";
import { GET as registerStart } from "@/app/api/webauthn/register/start/route";
import { POST as registerFinish } from "@/app/api/webauthn/register/finish/route";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { POST as loginFinish } from "@/app/api/webauthn/login/finish/route";
import { GET as listOwn } from "@/app/api/webauthn/credentials/route";
import * as credential from "@/app/api/webauthn/credentials/[id]/route";
import { GET as adminList } from "@/app/api/users/[id]/webauthn-credentials/route";
import { DELETE as adminDelete } from "@/app/api/users/[id]/webauthn-credentials/[credentialId]/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

const origin = { origin: TEST_APP_URL };
const GOOGLE_PM = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const POLICY_ENV = ["UI_CONFIG_DISABLED", "WEBAUTHN_USER_VERIFICATION", "WEBAUTHN_ALLOW_SYNCED_PASSKEYS", "WEBAUTHN_AUTHENTICATOR_ATTACHMENT"];

function policy(values: Record<string, string>) {
  Object.assign(process.env, { UI_CONFIG_DISABLED: "true", ...values });
  resetAppConfigForTests();
}

async function register(cookie: string, opts: Partial<SoftPasskeyOptions> = {}) {
  const start = await registerStart(req("/api/webauthn/register/start", { cookie }), undefined);
  const options = await start.json();
  const ceremony = start.headers.get("set-cookie")!.split(";")[0];
  const passkey = new SoftPasskey({ origin: TEST_APP_URL, ...opts });
  const body = passkey.register(options);
  const res = await registerFinish(req("/api/webauthn/register/finish", { json: body, cookie: `${cookie}; ${ceremony}`, headers: origin }), undefined);
  return { res, options, body, passkey };
}

describe.each(PROVIDERS)("passkey management on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
  });
  afterEach(async () => {
    for (const k of POLICY_ENV) delete process.env[k];
    await t.cleanup();
  });

  it("names a passkey from its AAGUID (else 'New Passkey') and lists it with provider icon, flags and transports", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const named = await register(cookie, { aaguid: GOOGLE_PM, backupEligible: true, backedUp: true });
    expect(named.res.status).toBe(201);
    const dto = await named.res.json();
    expect(dto).toMatchObject({ name: "Google Password Manager", aaguid: GOOGLE_PM, backupEligible: true, backupState: true, transports: ["internal"], signCount: 0, lastUsedAt: null });
    expect(dto.provider.name).toBe("Google Password Manager");
    expect(dto.provider.iconLight).toMatch(/^data:image\/(svg\+xml|png);base64,/);
    expect(dto).not.toHaveProperty("publicKey");

    const unknown = await register(cookie, { aaguid: "01020304-0506-0708-0102-030405060708" });
    expect((await unknown.res.json()).name).toBe("New Passkey");

    const list = await (await listOwn(req("/api/webauthn/credentials", { cookie }), undefined)).json();
    expect(list.map((p: { name: string }) => p.name)).toEqual(["Google Password Manager", "New Passkey"]);
    expect(list[1].provider).toBeNull();
    const audit = await db().auditLog.findMany({ where: { event: "PASSKEY_ADDED", userId: alice.id } });
    expect(audit).toHaveLength(2);
  });

  it("stores the sign counter, backup state and last use at each sign-in and shows them", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const { passkey } = await register(cookie, { backupEligible: true, backedUp: false });
    const start = await loginStart(req("/api/webauthn/login/start"), undefined);
    const { challenge } = await start.json();
    const ceremony = start.headers.get("set-cookie")!.split(";")[0];
    // The authenticator has counted seven uses since and has now backed the passkey up.
    Object.assign(passkey, { counter: 7, backedUp: true });
    const assertion = passkey.assert({ challenge });
    const res = await loginFinish(req("/api/webauthn/login/finish", { json: assertion, cookie: ceremony, headers: origin }), undefined);
    expect(res.status).toBe(200);
    const [listed] = await (await listOwn(req("/api/webauthn/credentials", { cookie }), undefined)).json();
    expect(listed.signCount).toBe(7);
    expect(listed.backupState).toBe(true);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it("keeps every ceremony one browser started answerable (autofill and button side by side), and only in that browser", async () => {
    const alice = await seedUser("alice");
    const { passkey } = await register(await sessionCookieFor(alice.id));
    const sign = (challenge: string) => passkey.assert({ challenge });
    // The autofill's start, then the button's start in the same browser (the cookie it sent back).
    const first = await loginStart(req("/api/webauthn/login/start"), undefined);
    const firstCookie = first.headers.get("set-cookie")!.split(";")[0];
    const second = await loginStart(req("/api/webauthn/login/start", { cookie: firstCookie }), undefined);
    const bothCookie = second.headers.get("set-cookie")!.split(";")[0];
    const [a, b] = [(await first.json()).challenge, (await second.json()).challenge];
    // Another browser's ceremony: its challenge is no use with this browser's cookie.
    const elsewhere = (await (await loginStart(req("/api/webauthn/login/start"), undefined)).json()).challenge;
    const foreign = await loginFinish(req("/api/webauthn/login/finish", { json: sign(elsewhere), cookie: bothCookie, headers: origin }), undefined);
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).code).toBe("invalid_webauthn_session");
    // Whichever answer comes back first, the browser's first ceremony still signs in...
    const firstAnswer = await loginFinish(req("/api/webauthn/login/finish", { json: sign(a), cookie: bothCookie, headers: origin }), undefined);
    expect(firstAnswer.status).toBe(200);
    // ...and each ceremony is used once: its answer sent again is refused.
    const replay = await loginFinish(req("/api/webauthn/login/finish", { json: sign(a), cookie: bothCookie, headers: origin }), undefined);
    expect((await replay.json()).code).toBe("invalid_webauthn_session");
    const secondAnswer = await loginFinish(req("/api/webauthn/login/finish", { json: sign(b), cookie: bothCookie, headers: origin }), undefined);
    expect(secondAnswer.status).toBe(200);
    // A browser with many open ceremonies keeps the newest four.
    let cookie = "";
    const challenges: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await loginStart(req("/api/webauthn/login/start", { cookie }), undefined);
      cookie = res.headers.get("set-cookie")!.split(";")[0];
      challenges.push((await res.json()).challenge);
    }
    const oldest = await loginFinish(req("/api/webauthn/login/finish", { json: sign(challenges[0]), cookie, headers: origin }), undefined);
    expect((await oldest.json()).code).toBe("invalid_webauthn_session");
    const newest = await loginFinish(req("/api/webauthn/login/finish", { json: sign(challenges[4]), cookie, headers: origin }), undefined);
    expect(newest.status).toBe(200);
  });

  it("renames an own passkey to 1-50 trimmed characters and refuses anything else with a sentence", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const { id } = await (await register(cookie)).res.json();
    const rename = (name: unknown, headers: Record<string, string> = origin) =>
      credential.PATCH(req(`/api/webauthn/credentials/${id}`, { method: "PATCH", json: { name }, cookie, headers }), ctx({ id }));

    const ok = await rename("  Work laptop  ");
    expect(ok.status).toBe(200);
    expect((await ok.json()).name).toBe("Work laptop");
    expect((await rename("x".repeat(50))).status).toBe(200);

    for (const [bad, sentence] of [["", /Enter a name/], ["   ", /Enter a name/], ["x".repeat(51), /at most 50/], ["a\nb", /control characters/], [42, /text/]] as const) {
      const res = await rename(bad);
      expect(res.status, String(bad)).toBe(400);
      const err = await res.json();
      expect(err.code).toBe("validation_failed");
      expect(err.details.name).toMatch(sentence);
    }
    // Cross-site request with the cookie: refused before anything changes.
    expect((await rename("Evil", { origin: "https://evil.example" })).status).toBe(403);
    expect((await db().webauthnCredential.findUniqueOrThrow({ where: { id } })).name).toBe("x".repeat(50));
  });

  it("never renames or deletes another user's passkey: 404 as for an unknown id", async () => {
    const alice = await seedUser("alice");
    const bob = await seedUser("bob");
    const { id } = await (await register(await sessionCookieFor(alice.id))).res.json();
    const bobCookie = await sessionCookieFor(bob.id);
    const patch = await credential.PATCH(req(`/api/webauthn/credentials/${id}`, { method: "PATCH", json: { name: "Mine now" }, cookie: bobCookie, headers: origin }), ctx({ id }));
    expect(patch.status).toBe(404);
    const del = await credential.DELETE(req(`/api/webauthn/credentials/${id}`, { method: "DELETE", cookie: bobCookie, headers: origin }), ctx({ id }));
    expect(del.status).toBe(404);
    expect((await del.json()).code).toBe("not_found");
    const unknown = await credential.DELETE(req(`/api/webauthn/credentials/nope`, { method: "DELETE", cookie: bobCookie, headers: origin }), ctx({ id: "no\u0000pe" }));
    expect(unknown.status).toBe(404);
    expect(await db().webauthnCredential.count({ where: { id } })).toBe(1);
    // Signed out: 401.
    const anon = await credential.DELETE(req(`/api/webauthn/credentials/${id}`, { method: "DELETE", headers: origin }), ctx({ id }));
    expect(anon.status).toBe(401);
  });

  it("deletes an own passkey, also the last one, with PASSKEY_REMOVED in the audit log", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const { id } = await (await register(cookie)).res.json();
    const res = await credential.DELETE(req(`/api/webauthn/credentials/${id}`, { method: "DELETE", cookie, headers: origin }), ctx({ id }));
    expect(res.status).toBe(204);
    expect(await db().webauthnCredential.count({ where: { userId: alice.id } })).toBe(0);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "PASSKEY_REMOVED" } });
    expect(audit.userId).toBe(alice.id);
    expect(JSON.parse(audit.data)).toEqual({ passkeyName: "New Passkey", aaguid: "00000000-0000-0000-0000-000000000000" });
  });

  it("lets an admin list and revoke a user's passkey, naming the admin in the audit event; non-admins get 403", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const alice = await seedUser("alice");
    const { id } = await (await register(await sessionCookieFor(alice.id), { aaguid: GOOGLE_PM })).res.json();
    const adminCookie = await sessionCookieFor(admin.id);
    const aliceCookie = await sessionCookieFor(alice.id);

    const listed = await adminList(req(`/api/users/${alice.id}/webauthn-credentials`, { cookie: adminCookie }), ctx({ id: alice.id }));
    expect((await listed.json()).map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await adminList(req(`/api/users/${alice.id}/webauthn-credentials`, { cookie: aliceCookie }), ctx({ id: alice.id }))).status).toBe(403);
    const byUser = await adminDelete(req(`/api/users/${alice.id}/webauthn-credentials/${id}`, { method: "DELETE", cookie: aliceCookie, headers: origin }), ctx({ id: alice.id, credentialId: id }));
    expect(byUser.status).toBe(403);
    // The passkey must belong to the user named in the path.
    const wrongUser = await adminDelete(req(`/api/users/${admin.id}/webauthn-credentials/${id}`, { method: "DELETE", cookie: adminCookie, headers: origin }), ctx({ id: admin.id, credentialId: id }));
    expect(wrongUser.status).toBe(404);

    const res = await adminDelete(req(`/api/users/${alice.id}/webauthn-credentials/${id}`, { method: "DELETE", cookie: adminCookie, headers: origin }), ctx({ id: alice.id, credentialId: id }));
    expect(res.status).toBe(204);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "PASSKEY_REMOVED" } });
    expect(audit.userId).toBe(alice.id);
    expect(JSON.parse(audit.data)).toMatchObject({ passkeyName: "Google Password Manager", actorUserId: admin.id, actorUsername: "root" });
  });

  it("honours the WebAuthn policy: attachment and user verification in the options, synced passkeys refused when disallowed", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    // Defaults (inventory §4.1): UV required, attachment omitted ("any"), synced passkeys allowed.
    const defaults = await register(cookie, { backupEligible: true, backedUp: true });
    expect(defaults.options.authenticatorSelection).toEqual({ residentKey: "required", requireResidentKey: true, userVerification: "required" });
    expect(defaults.res.status).toBe(201);
    const noUv = await register(cookie, { userVerified: false });
    expect(noUv.res.status).toBe(400);
    expect((await noUv.res.json()).code).toBe("passkey_user_verification_required");

    policy({ WEBAUTHN_USER_VERIFICATION: "preferred", WEBAUTHN_ALLOW_SYNCED_PASSKEYS: "false", WEBAUTHN_AUTHENTICATOR_ATTACHMENT: "cross-platform" });
    const synced = await register(cookie, { backupEligible: true });
    expect(synced.options.authenticatorSelection).toMatchObject({ userVerification: "preferred", authenticatorAttachment: "cross-platform" });
    expect(synced.res.status).toBe(400);
    expect((await synced.res.json()).code).toBe("synced_passkey_not_allowed");
    const deviceBound = await register(cookie, { userVerified: false });
    expect(deviceBound.res.status).toBe(201);
    const login = await (await loginStart(req("/api/webauthn/login/start"), undefined)).json();
    expect(login.userVerification).toBe("preferred");
    // The synced passkey registered before the policy changed still exists and still works.
    expect(await db().webauthnCredential.count({ where: { userId: alice.id, backupEligible: true } })).toBe(1);
  });
});
