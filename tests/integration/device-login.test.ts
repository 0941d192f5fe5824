// Sign in with another device by QR (issue 9 item 4, inventory §1.5 /device-login, §5.4): the
// waiting device's request, polling cookie and long poll; approval only with a fresh passkey of
// the signed-in account; deny; expiry; single use; rate limits; Origin; amr "otp" and
// REMOTE_SIGN_IN; cleanup of expired rows. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { SoftPasskey } from "../helpers/soft-passkey.mjs";
import { POST as createRoute } from "@/app/api/device-login/requests/route";
import { POST as exchangeRoute } from "@/app/api/device-login/requests/[id]/exchange/route";
import { POST as verificationRoute } from "@/app/api/device-login/verification/route";
import { POST as decisionRoute } from "@/app/api/device-login/verification/decision/route";
import { GET as registerStart } from "@/app/api/webauthn/register/start/route";
import { POST as registerFinish } from "@/app/api/webauthn/register/finish/route";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { GET as me } from "@/app/api/users/me/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { createDeviceLoginRequest } from "@/lib/services/device-login/create-device-login-request";
import { DEVICE_LOGIN_ALPHABET, normaliseDeviceLoginCode } from "@/lib/services/device-login/device-login-code";
import { cleanupExpired, purgeExpiredCeremonies } from "@/lib/services/cleanup";
import { issueLoginCode } from "@/lib/services/login-codes/issue-login-code";

const origin = { origin: TEST_APP_URL };
const TV_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair.indexOf("=");
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

async function start(ip = "198.51.100.20", headers: Record<string, string> = origin) {
  return createRoute(req("/api/device-login/requests", { method: "POST", headers: { "x-pocketid-client-ip": ip, "user-agent": TV_UA, ...headers } }), undefined);
}

function exchange(id: string, cookie: string | undefined, opts: { ip?: string; abort?: boolean; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "x-pocketid-client-ip": opts.ip ?? "198.51.100.20" };
  if (opts.origin !== null) headers.origin = opts.origin ?? TEST_APP_URL;
  if (cookie) headers.cookie = cookie;
  // An aborted request answers at once (the browser went away): how a test sees "still pending".
  const request = new NextRequest(new URL(`/api/device-login/requests/${id}/exchange`, TEST_APP_URL), {
    method: "POST",
    headers,
    ...(opts.abort ? { signal: AbortSignal.abort() } : {}),
  });
  return exchangeRoute(request, ctx({ id }));
}

/** A signed-in approver with a registered soft passkey. */
async function approver(name = "alice") {
  const user = await seedUser(name);
  const cookie = await sessionCookieFor(user.id);
  const passkey = new SoftPasskey({ origin: TEST_APP_URL });
  const startRes = await registerStart(req("/api/webauthn/register/start", { cookie }), undefined);
  const options = await startRes.json();
  const ceremony = startRes.headers.get("set-cookie")!.split(";")[0];
  const body = passkey.register(options);
  const fin = await registerFinish(req("/api/webauthn/register/finish", { json: body, cookie: `${cookie}; ${ceremony}`, headers: origin }), undefined);
  expect(fin.status).toBe(201);
  /** A fresh assertion and the ceremony cookie it answers. */
  async function assertion() {
    const s = await loginStart(req("/api/webauthn/login/start"), undefined);
    const { challenge } = await s.json();
    const ceremonyCookie = s.headers.get("set-cookie")!.split(";")[0];
    return { ceremonyCookie, body: passkey.assert({ challenge }) };
  }
  return { user, cookie, assertion };
}

function verify(cookie: string, code: string, ip = "203.0.113.9") {
  return verificationRoute(req("/api/device-login/verification", { json: { code }, cookie, headers: { ...origin, "x-pocketid-client-ip": ip } }), undefined);
}

function decide(cookie: string, body: Record<string, unknown>, ip = "203.0.113.9") {
  return decisionRoute(req("/api/device-login/verification/decision", { json: body, cookie, headers: { ...origin, "x-pocketid-client-ip": ip } }), undefined);
}

async function approve(a: Awaited<ReturnType<typeof approver>>, code: string) {
  const { ceremonyCookie, body } = await a.assertion();
  return decide(`${a.cookie}; ${ceremonyCookie}`, { code, decision: "approve", assertion: body });
}

describe.each(PROVIDERS)("sign in with another device (QR) on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("starts a request with a P-code, a QR link and an HttpOnly polling cookie scoped to its exchange; only hashes are stored", async () => {
    const res = await start();
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.userCode).toMatch(new RegExp(`^P[${DEVICE_LOGIN_ALPHABET}]{7}$`));
    expect(body).toMatchObject({ verificationUri: `${TEST_APP_URL}/device/login`, verificationUriComplete: `${TEST_APP_URL}/device/login?user_code=${body.userCode}`, interval: 3 });
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(body).not.toHaveProperty("pollToken");
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/^device_login_token=[^;]+; Path=\/api\/device-login\/requests\/[^/]+\/exchange; .*HttpOnly/im);
    const token = cookiesOf(res).device_login_token;
    const row = await db().deviceLoginRequest.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.pollTokenHash).toBe(sha256Hex(token));
    expect(row.codeHash).not.toContain(body.userCode);
    expect(row.status).toBe("pending");
    // Codes read off a screen: spaces, dashes, lower case and look-alike letters are forgiven.
    expect(normaliseDeviceLoginCode(`${body.userCode.slice(0, 4).toLowerCase()} - ${body.userCode.slice(4)}`)).toBe(body.userCode);
    expect(normaliseDeviceLoginCode("POOOLLII")).toBe("P0001111");
    expect(normaliseDeviceLoginCode("E1234567")).toBeNull();
  });

  it("signs the waiting device in once the signed-in device approves with its passkey: amr otp, REMOTE_SIGN_IN, single use", async () => {
    const a = await approver();
    const created = await start();
    const { id, userCode } = await created.json();
    const poll = `device_login_token=${cookiesOf(created).device_login_token}`;

    expect((await exchange(id, poll, { abort: true })).status).toBe(202);

    const shown = await verify(a.cookie, `${userCode.slice(0, 4)} - ${userCode.slice(4)}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ userCode, device: expect.stringMatching(/^Chrome 141 on Windows/), ipAddress: "198.51.100.20", country: null, city: null });

    // The long poll started before the approval returns with the session once it is given.
    const waiting = exchange(id, poll);
    const decided = await approve(a, userCode);
    expect(decided.status).toBe(200);
    expect(await decided.json()).toEqual({ status: "approved" });
    const signedIn = await waiting;
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ id: a.user.id, username: "alice" });
    const session = cookiesOf(signedIn).access_token;
    expect(session).toBeTruthy();
    expect(cookiesOf(signedIn).device_login_token).toBe("");
    const meRes = await me(req("/api/users/me", { cookie: `access_token=${session}` }), undefined);
    expect((await meRes.json()).username).toBe("alice");
    const row = await db().session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(session) } });
    expect(JSON.parse(row.amr)).toEqual(["otp"]);
    expect(row.ipAddress).toBe("198.51.100.20");
    const audit = await db().auditLog.findMany({ where: { event: "REMOTE_SIGN_IN" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: a.user.id, ipAddress: "198.51.100.20" });

    // Used up: neither the waiting device nor the approver can use the request again.
    const again = await exchange(id, poll);
    expect(again.status).toBe(410);
    expect((await again.json()).code).toBe("device_login_expired");
    expect((await verify(a.cookie, userCode)).status).toBe(410);
    expect((await approve(a, userCode)).status).toBe(410);
    expect(await db().session.count({ where: { userId: a.user.id, amr: JSON.stringify(["otp"]) } })).toBe(1);
  });

  it("refuses an approval without a fresh passkey, or with a passkey of another account", async () => {
    const a = await approver("alice");
    const b = await approver("bob");
    const { userCode, id } = await (await start()).json();

    const noPasskey = await decide(a.cookie, { code: userCode, decision: "approve" });
    expect(noPasskey.status).toBe(401);
    expect((await noPasskey.json()).code).toBe("reauthentication_required");

    const { ceremonyCookie, body } = await b.assertion();
    const foreign = await decide(`${a.cookie}; ${ceremonyCookie}`, { code: userCode, decision: "approve", assertion: body });
    expect(foreign.status).toBe(401);
    expect((await foreign.json()).code).toBe("webauthn_authentication_failed");

    // A replayed assertion: its ceremony was used up by the refused attempt.
    const replay = await decide(`${a.cookie}; ${ceremonyCookie}`, { code: userCode, decision: "approve", assertion: body });
    expect((await replay.json()).code).toBe("invalid_webauthn_session");
    expect((await db().deviceLoginRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });

  it("tells the waiting device when the request was denied, then forgets it", async () => {
    const a = await approver();
    const created = await start();
    const { id, userCode } = await created.json();
    const poll = `device_login_token=${cookiesOf(created).device_login_token}`;
    const denied = await decide(a.cookie, { code: userCode, decision: "deny" });
    expect(denied.status).toBe(200);
    expect(await denied.json()).toEqual({ status: "denied" });
    const res = await exchange(id, poll);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("device_login_denied");
    expect((await exchange(id, poll)).status).toBe(410);
    expect(await db().session.count({ where: { amr: JSON.stringify(["otp"]) } })).toBe(0);
  });

  it("refuses an expired request on both devices, and a poll without the polling cookie or with another one", async () => {
    const a = await approver();
    const old = await createDeviceLoginRequest({ ip: "198.51.100.20", userAgent: TV_UA }, new Date(Date.now() - 6 * 60_000));
    const poll = `device_login_token=${old.pollToken}`;
    const expired = await verify(a.cookie, old.userCode);
    expect(expired.status).toBe(410);
    expect((await expired.json()).code).toBe("device_login_expired");
    expect((await approve(a, old.userCode)).status).toBe(410);
    expect((await exchange(old.id, poll)).status).toBe(410);

    const created = await start();
    const { id } = await created.json();
    for (const cookie of [undefined, "device_login_token=someone-elses-token", `device_login_token=${old.pollToken}`]) {
      const res = await exchange(id, cookie);
      expect(res.status, String(cookie)).toBe(410);
      expect((await res.json()).code).toBe("device_login_expired");
    }
    expect((await exchange("not-a-request", poll)).status).toBe(410);
  });

  it("requires the signed-in browser for the approving side, and this site's Origin for starting and polling", async () => {
    const { userCode } = await (await start()).json();
    const anonymous = await verificationRoute(req("/api/device-login/verification", { json: { code: userCode }, headers: origin }), undefined);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).code).toBe("not_signed_in");

    const crossSite = await start("198.51.100.21", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).code).toBe("invalid_origin");
    const created = await start("198.51.100.22");
    const { id } = await created.json();
    const res = await exchange(id, `device_login_token=${cookiesOf(created).device_login_token}`, { origin: "https://evil.example", ip: "198.51.100.22" });
    expect(res.status).toBe(403);
  });

  it("rate limits new requests and code lookups per address (429 with Retry-After), and one code tried from many addresses", async () => {
    for (let i = 0; i < 5; i++) expect((await start("198.51.100.30")).status).toBe(201);
    const limited = await start("198.51.100.30");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).code).toBe("rate_limited");
    expect((await start("198.51.100.31")).status).toBe(201);

    const a = await approver();
    for (let i = 0; i < 5; i++) expect((await verify(a.cookie, "PZZZZZZZ", "203.0.113.50")).status).toBe(410);
    const tooMany = await verify(a.cookie, "PZZZZZZZ", "203.0.113.50");
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get("retry-after")).toBeTruthy();

    // Per code: ten tries from ten addresses, then the code itself is locked for a while.
    const { userCode } = await (await start("198.51.100.32")).json();
    for (let i = 0; i < 10; i++) expect((await verify(a.cookie, userCode, `203.0.113.${100 + i}`)).status).toBe(200);
    expect((await verify(a.cookie, userCode, "203.0.113.120")).status).toBe(429);
  });

  it("cleanup purges expired device-login requests and login codes, keeping live ones", async () => {
    const user = await seedUser("carol");
    const now = new Date();
    await createDeviceLoginRequest({ ip: "198.51.100.40", userAgent: TV_UA }, new Date(now.getTime() - 10 * 60_000));
    const live = await createDeviceLoginRequest({ ip: "198.51.100.41", userAgent: TV_UA }, now);
    const meta = { ip: null, userAgent: "test" };
    await db().$transaction((tx) => issueLoginCode(tx, { userId: user.id, ttlSeconds: 60, channel: "admin" }, meta, new Date(now.getTime() - 3600_000)));
    await db().$transaction((tx) => issueLoginCode(tx, { userId: user.id, ttlSeconds: 3600, channel: "admin" }, meta, now));

    expect((await purgeExpiredCeremonies(now)).deviceLoginRequests).toBe(1);
    expect((await cleanupExpired(now)).loginCodes).toBe(1);
    expect((await db().deviceLoginRequest.findMany()).map((r) => r.id)).toEqual([live.id]);
    expect(await db().loginCode.count()).toBe(1);
  });
});
