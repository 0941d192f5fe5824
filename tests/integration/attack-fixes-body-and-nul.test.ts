// Regressions of the outside attack (findings 2, 5, 8) on SQLite and PostgreSQL: request bodies read
// whole before the 64 KiB check, NUL bytes reaching PostgreSQL (500), repeated access_token, passkey
// transports stored verbatim, one message for every passkey sign-in failure.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { authorizeUrl, location } from "../helpers/oidc";
import { POST as tokenPost } from "@/app/api/oidc/token/route";
import { POST as userinfoPost } from "@/app/api/oidc/userinfo/route";
import { GET as endSessionGet, POST as endSessionPost } from "@/app/api/oidc/end-session/route";
import { GET as authorizeGet, POST as authorizePost, HEAD as authorizeHead } from "@/app/authorize/route";
import { POST as setupPost } from "@/app/api/signup/setup/route";
import { POST as createClientRoute } from "@/app/api/oidc/clients/route";
import { GET as getClientRoute } from "@/app/api/oidc/clients/[id]/route";
import { POST as createSecretRoute } from "@/app/api/oidc/clients/[id]/secrets/route";
import { POST as completeRoute } from "@/app/api/oidc/interactions/[id]/complete/route";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { POST as loginFinish } from "@/app/api/webauthn/login/finish/route";
import { POST as registerFinish } from "@/app/api/webauthn/register/finish/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { BODY_TOO_LARGE } from "@/lib/http/body";
import { APP_ERRORS, PASSKEY_ANSWER_NOT_VERIFIED } from "@/lib/errors";
import { parseRegistrationResponse } from "@/lib/auth/passkeys";

const origin = { origin: TEST_APP_URL };
const TEN_MB = 10 * 1024 * 1024;

/**
 * A 10 MB upload produced chunk by chunk, as a chunked HTTP body arrives: it records how much the
 * handler pulled and whether it cancelled the rest.
 */
function hugeBody(total = TEN_MB, chunk = 16 * 1024) {
  const seen = { pulled: 0, cancelled: false };
  const piece = new Uint8Array(chunk).fill(0x61); // "aaaa...": valid form and JSON-string bytes
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      seen.pulled += piece.byteLength;
      controller.enqueue(piece.slice());
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function streamingRequest(path: string, type: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, TEST_APP_URL), {
    method: "POST",
    headers: { "x-pocketid-client-ip": "203.0.113.7", "content-type": type, ...origin, ...headers },
    body,
    // A streaming body needs duplex "half" (fetch spec), which NextRequest's init type lacks.
    duplex: "half",
  } as never);
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

describe.each(PROVIDERS)("attack fixes: request bodies and NUL bytes on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("a 10 MB chunked body is refused at 64 KiB on every protocol endpoint, without reading the rest", async () => {
    const endpoints: [string, (r: NextRequest) => Promise<Response>][] = [
      ["/api/oidc/token", (r) => tokenPost(r)],
      ["/api/oidc/userinfo", (r) => userinfoPost(r)],
      ["/api/oidc/end-session", (r) => endSessionPost(r)],
      ["/authorize", (r) => authorizePost(r)],
    ];
    for (const [path, handler] of endpoints) {
      const { stream, seen } = hugeBody();
      const res = await handler(streamingRequest(path, FORM, stream));
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toEqual({ error: "invalid_request", error_description: BODY_TOO_LARGE });
      expect(seen.cancelled, path).toBe(true);
      expect(seen.pulled, path).toBeLessThanOrEqual(64 * 1024 + 32 * 1024);
    }
  });

  it("a 10 MB chunked body is refused at 64 KiB on every REST endpoint that reads JSON", async () => {
    const user = await seedUser("alice", { isAdmin: true });
    const cookie = await sessionCookieFor(user.id);
    const endpoints: [string, (r: NextRequest) => Promise<Response>][] = [
      ["/api/signup/setup", (r) => setupPost(r, undefined)],
      ["/api/oidc/clients", (r) => createClientRoute(r, undefined)],
      ["/api/webauthn/login/finish", (r) => loginFinish(r, undefined)],
      ["/api/webauthn/register/finish", (r) => registerFinish(r, undefined)],
      ["/api/oidc/interactions/abc/complete", (r) => completeRoute(r, ctx({ id: "abc" }))],
    ];
    for (const [path, handler] of endpoints) {
      const { stream, seen } = hugeBody();
      const res = await handler(streamingRequest(path, JSON_TYPE, stream, { cookie }));
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ error: BODY_TOO_LARGE, code: "invalid_request_body" });
      expect(seen.cancelled, path).toBe(true);
      expect(seen.pulled, path).toBeLessThanOrEqual(64 * 1024 + 32 * 1024);
    }
  });

  it("a Content-Length over 64 KiB is refused before any byte of the body is read", async () => {
    const { stream, seen } = hugeBody();
    const res = await tokenPost(streamingRequest("/api/oidc/token", FORM, stream, { "content-length": String(TEN_MB) }));
    expect(res.status).toBe(400);
    expect((await res.json()).error_description).toBe(BODY_TOO_LARGE);
    expect(seen.pulled).toBe(0);
  });

  it("an over-long token form is 'too large', never 'must be application/x-www-form-urlencoded'", async () => {
    const res = await tokenPost(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: "x".repeat(70_000) } }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({ error: "invalid_request", error_description: BODY_TOO_LARGE });
  });

  it("NUL in a form parameter (%00) is invalid_request at the token, userinfo, end-session and authorize endpoints", async () => {
    const nulForms = ["grant_type=authorization_code&client_id=a%00b&code=x", "client_id%00=x&grant_type=authorization_code"];
    for (const raw of nulForms) {
      const res = await tokenPost(new NextRequest(new URL("/api/oidc/token", TEST_APP_URL), { method: "POST", headers: { "content-type": FORM }, body: raw }));
      expect(res.status, raw).toBe(400);
      expect((await res.json()).error, raw).toBe("invalid_request");
    }
    const info = await userinfoPost(new NextRequest(new URL("/api/oidc/userinfo", TEST_APP_URL), { method: "POST", headers: { "content-type": FORM }, body: "access_token=a%00b" }));
    expect(info.status).toBe(400);
    const logout = await endSessionPost(new NextRequest(new URL("/api/oidc/end-session", TEST_APP_URL), { method: "POST", headers: { "content-type": FORM }, body: "client_id=%00" }));
    expect(logout.status).toBe(400);
    const auth = await authorizePost(new NextRequest(new URL("/authorize", TEST_APP_URL), { method: "POST", headers: { "content-type": FORM }, body: "client_id=test%00client&response_type=code" }));
    expect(auth.status).toBe(400);
    expect((await auth.json()).error).toBe("invalid_request");
  });

  it("a client id with NUL is an unknown client everywhere (Basic auth, /authorize, end-session), never a 500", async () => {
    await seedClient({ secret: "s3cret" });
    const res = await tokenPost(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: "x", redirect_uri: "https://app.example.com/cb" }, headers: { authorization: basic("test\u0000client", "s3cret") } }));
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe("invalid_client");
    const auth = await authorizeGet(req(authorizeUrl({ client_id: "test\u0000client" })));
    expect((await location(auth)).searchParams.get("error")).not.toBe("server_error");
    const logout = await endSessionGet(req("/api/oidc/end-session?client_id=%00&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F"));
    expect([302, 303]).toContain(logout.status);
  });

  it("a NUL in a path id is not_found on the client and interaction endpoints", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(admin.id);
    const get = await getClientRoute(req("/api/oidc/clients/%00", { cookie }), ctx({ id: "\u0000" }));
    expect(get.status).toBe(404);
    expect((await get.json()).code).toBe("not_found");
    const secret = await createSecretRoute(req("/api/oidc/clients/a%00/secrets", { cookie, headers: origin, method: "POST" }), ctx({ id: "a\u0000" }));
    expect(secret.status).toBe(404);
    const complete = await completeRoute(req("/api/oidc/interactions/%00/complete", { cookie, headers: origin, json: { step: "consent" } }), ctx({ id: "\u0000" }));
    expect(complete.status).toBeGreaterThanOrEqual(400);
    expect(complete.status).toBeLessThan(500);
  });

  it("a NUL in any JSON string or key is invalid_request_body (setup, clients, passkey sign-in)", async () => {
    const setup = await setupPost(req("/api/signup/setup", { json: { username: "root", email: "root@example.com", firstName: "Ro\u0000ot" }, headers: origin }), undefined);
    expect(setup.status).toBe(400);
    expect((await setup.json()).code).toBe("invalid_request_body");
    expect(await db().user.count()).toBe(0);
    const admin = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(admin.id);
    for (const json of [{ name: "App\u0000" }, { ["na\u0000me"]: "App" }, { name: "App", callbackURLs: ["https://a.example/\u0000"] }]) {
      const res = await createClientRoute(req("/api/oidc/clients", { json, cookie, headers: origin }), undefined);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).code).toBe("invalid_request_body");
    }
    const start = await loginStart(req("/api/webauthn/login/start"), undefined);
    const ceremony = start.headers.get("set-cookie")!.split(";")[0];
    const body = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA", userHandle: "\u0000" }, clientExtensionResults: {} };
    const finish = await loginFinish(req("/api/webauthn/login/finish", { json: body, cookie: ceremony, headers: origin }), undefined);
    expect(finish.status).toBe(400);
    expect((await finish.json()).code).toBe("invalid_request_body");
  });

  it("text fields refuse control characters with a sentence (service input, not only JSON)", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(admin.id);
    const res = await createClientRoute(req("/api/oidc/clients", { json: { name: "Line\u0007bell" }, cookie, headers: origin }), undefined);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(body.details.name).toMatch(/^Remove the control characters/);
  });

  it("REST details are sentences, not zod's wording (null body, unknown field)", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(admin.id);
    const nullBody = await createClientRoute(req("/api/oidc/clients", { json: null, cookie, headers: origin }), undefined);
    expect(nullBody.status).toBe(400);
    const nullDetails = JSON.stringify((await nullBody.json()).details);
    expect(nullDetails).not.toMatch(/Invalid input|expected|received/);
    expect(nullDetails).toContain("Send an object with fields here, not null");
    const unknown = await createClientRoute(req("/api/oidc/clients", { json: { name: "App", colour: "red" }, cookie, headers: origin }), undefined);
    const details = (await unknown.json()).details;
    expect(JSON.stringify(details)).not.toMatch(/Unrecognized key/);
    expect(details._).toBe("Remove the field not accepted here: colour");
  });

  it("a repeated access_token in a userinfo form is invalid_request", async () => {
    const body = new URLSearchParams([["access_token", "a.b.c"], ["access_token", "d.e.f"]]).toString();
    const res = await userinfoPost(new NextRequest(new URL("/api/oidc/userinfo", TEST_APP_URL), { method: "POST", headers: { "content-type": FORM }, body }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe("invalid_request");
  });

  it("HEAD /authorize does not run the authorization: 405 with Allow, and no interaction row", async () => {
    await seedClient({ isPublic: true, skipConsent: true });
    const user = await seedUser("alice");
    const cookie = await sessionCookieFor(user.id);
    const res = await authorizeHead(req(authorizeUrl(), { method: "HEAD", cookie }));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(res.headers.get("location")).toBeNull();
    expect(await db().oauthInteraction.count()).toBe(0);
    expect(await db().oauthAuthorizationCode.count()).toBe(0);
  });

  it("a known passkey whose answer does not verify is told so, not 'may have been removed'", async () => {
    const user = await seedUser("alice");
    await db().webauthnCredential.create({ data: { name: "Key", credentialId: "Y3JlZC0x", publicKey: Buffer.from([1, 2, 3]), userId: user.id } });
    // Answers to this ceremony's challenge (the ceremony is found by it) with a signature that is junk.
    const body = (id: string, challenge: string) => {
      const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: TEST_APP_URL })).toString("base64url");
      return { id, rawId: id, type: "public-key", response: { clientDataJSON, authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };
    };
    async function finish(id: string) {
      const start = await loginStart(req("/api/webauthn/login/start"), undefined);
      const ceremony = start.headers.get("set-cookie")!.split(";")[0];
      const { challenge } = await start.json();
      return loginFinish(req("/api/webauthn/login/finish", { json: body(id, challenge), cookie: ceremony, headers: origin }), undefined);
    }
    const known = await finish("Y3JlZC0x");
    expect(known.status).toBe(401);
    expect(await known.json()).toMatchObject({ code: "webauthn_authentication_failed", error: PASSKEY_ANSWER_NOT_VERIFIED });
    const unknown = await finish("dW5rbm93bg");
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: "webauthn_authentication_failed", error: APP_ERRORS.webauthn_authentication_failed[1] });
  });
});

describe("passkey transports", () => {
  it("keeps only WebAuthn transport values, dropping unknown strings", () => {
    const parsed = parseRegistrationResponse({
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: "e30", attestationObject: "AAAA", transports: ["internal", "<script>", "hybrid", "internal", "x".repeat(30), "usb"] },
      clientExtensionResults: {},
    });
    expect(parsed.response.transports).toEqual(["internal", "hybrid", "usb"]);
  });
});
