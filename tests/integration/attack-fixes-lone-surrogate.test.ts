// A JSON body may escape half a UTF-16 surrogate pair ("\ud800"): no character and no valid
// UTF-8. Before the fix PUT /api/users/me saved such a name, and SQLite read it back as three
// U+FFFD, PostgreSQL as one: the name saved was not the name shown or put into ID tokens. Now
// every JSON body refuses it at the boundary, as it refuses NUL. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { PUT as putMe } from "@/app/api/users/me/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

function rawJsonPut(body: string, cookie: string) {
  return new NextRequest(new URL("/api/users/me", TEST_APP_URL), {
    method: "PUT",
    headers: { "x-pocketid-client-ip": "203.0.113.7", origin: TEST_APP_URL, cookie, "content-type": "application/json" },
    body,
  });
}

describe.each(PROVIDERS)("lone surrogates in JSON bodies on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("a name with an unpaired surrogate escape is refused with a sentence, and the stored name stays", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const before = await db().user.findUniqueOrThrow({ where: { id: alice.id } });
    for (const body of ['{"firstName":"A\\ud800"}', '{"firstName":"\\udc00B"}', '{"\\ud800":"x"}']) {
      const res = await putMe(rawJsonPut(body, cookie), undefined);
      expect(res.status, body).toBe(400);
      const json = await res.json();
      expect(json.code).toBe("invalid_request_body");
      expect(json.error).toMatch(/valid Unicode/);
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.id } })).firstName).toBe(before.firstName);
  });

  it("a real surrogate pair (an emoji, escaped or not) is still a character and is saved as sent", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const res = await putMe(rawJsonPut('{"displayName":"Alice \\ud83d\\ude00 🚀"}', cookie), undefined);
    expect(res.status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.id } })).displayName).toBe("Alice 😀 🚀");
  });
});
