// Access tokens are verified without importing a key per request (issue 10 item 5): the public
// keys are imported once while the key ring's published keys stay the same, and a new key set
// (rotation) is honoured at once, a dropped key refused.
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateSigningJwk, toSigningKey } from "@/lib/crypto/signing-keys";
import { issueAccessToken, verifyAccessToken } from "@/lib/oidc/tokens";

const issuer = "https://id.example.com";
const mint = async (key: Awaited<ReturnType<typeof toSigningKey>>) =>
  (await issueAccessToken(key, { issuer, subject: "u1", clientId: "c1", scopes: ["openid"], resource: null, lifetimeSeconds: 600, now: new Date() })).token;

describe("access token verification keys", () => {
  afterEach(() => vi.restoreAllMocks());

  it("imports the published keys once, not per verification, and follows a change of the key set", async () => {
    const a = await toSigningKey(await generateSigningJwk("RS256"));
    const b = await toSigningKey(await generateSigningJwk("ES256"));
    const tokenA = await mint(a);
    const tokenB = await mint(b);
    const imports = vi.spyOn(globalThis.crypto.subtle, "importKey");

    for (let i = 0; i < 5; i++) expect((await verifyAccessToken([a], tokenA, issuer, new Date())).sub).toBe("u1");
    expect(imports).toHaveBeenCalledTimes(1);
    // A copy of the same key list (as lib/keys hands out) is the same set: no new import.
    expect((await verifyAccessToken([...[a]], tokenA, issuer, new Date())).sub).toBe("u1");
    expect(imports).toHaveBeenCalledTimes(1);

    // Rotation: the new key verifies at once; a key no longer published no longer does.
    expect((await verifyAccessToken([b, a], tokenB, issuer, new Date())).sub).toBe("u1");
    await expect(verifyAccessToken([b], tokenA, issuer, new Date())).rejects.toThrow();
  });
});
