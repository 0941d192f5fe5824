// Per-client claim mapping (lib/oidc/claim-mapping.ts): sources, renames, drops, static claims,
// the scope rule (a mapped claim follows its source's scope), protocol claims refused, and the
// default mapping changing nothing.
import { describe, expect, it } from "vitest";
import { userClaims } from "@/lib/oidc/claims";
import {
  claimMappingProblems,
  DEFAULT_CLAIM_MAPPING,
  isDefaultClaimMapping,
  parseStoredClaimMapping,
  type ClaimMapping,
} from "@/lib/oidc/claim-mapping";
import type { OidcUser } from "@/lib/oidc/types";

const user: OidcUser = {
  id: "u1",
  username: "alice",
  email: "alice@example.com",
  emailVerified: true,
  firstName: "Alice",
  lastName: "Tester",
  displayName: "Ally",
  disabled: false,
  groups: [{ id: "g1", name: "admins" }],
  customClaims: [
    { key: "unraid_user", value: '"root"' },
    { key: "work_email", value: '"alice@work.example"' },
    { key: "level", value: "3" },
    { key: "team", value: '{"name":"core"}' },
  ],
};
const ALL = ["openid", "profile", "email", "groups"];
const mapping = (m: Partial<ClaimMapping>): ClaimMapping => ({ ...DEFAULT_CLAIM_MAPPING, ...m });

describe("claim mapping: results", () => {
  it("the default mapping gives exactly the claims without a mapping", () => {
    for (const scopes of [["openid"], ["openid", "profile"], ["openid", "email"], ALL]) {
      expect(userClaims(user, scopes, "https://id", DEFAULT_CLAIM_MAPPING)).toEqual(userClaims(user, scopes, "https://id"));
    }
    expect(Object.keys(userClaims(user, ALL, "https://id", DEFAULT_CLAIM_MAPPING))).toEqual(Object.keys(userClaims(user, ALL, "https://id")));
  });

  it("preferred_username from the email address is released only with the email scope", () => {
    const m = mapping({ preferredUsername: { source: "email" } });
    expect(userClaims(user, ALL, "https://id", m).preferred_username).toBe("alice@example.com");
    expect(userClaims(user, ["openid", "profile"], "https://id", m)).not.toHaveProperty("preferred_username");
    expect(userClaims(user, ["openid", "email"], "https://id", m).preferred_username).toBe("alice@example.com");
    // No address: the claim is left out rather than invented.
    expect(userClaims({ ...user, email: null }, ALL, "https://id", m)).not.toHaveProperty("preferred_username");
  });

  it("preferred_username from a custom claim or the user id, under profile", () => {
    expect(userClaims(user, ALL, "https://id", mapping({ preferredUsername: { source: "customClaim", claim: "unraid_user" } })).preferred_username).toBe("root");
    expect(userClaims(user, ALL, "https://id", mapping({ preferredUsername: { source: "customClaim", claim: "level" } })).preferred_username).toBe("3");
    expect(userClaims(user, ALL, "https://id", mapping({ preferredUsername: { source: "customClaim", claim: "team" } }))).not.toHaveProperty("preferred_username");
    expect(userClaims(user, ALL, "https://id", mapping({ preferredUsername: { source: "userId" } })).preferred_username).toBe("u1");
  });

  it("email from a custom claim: released under profile, never claimed verified", () => {
    const m = mapping({ email: { source: "customClaim", claim: "work_email" } });
    expect(userClaims(user, ALL, "https://id", m)).toMatchObject({ email: "alice@work.example", email_verified: false });
    expect(userClaims(user, ["openid", "email"], "https://id", m)).not.toHaveProperty("email");
  });

  it("renames keep the scope of their source and win over a same-named claim", () => {
    const m = mapping({ rename: [{ from: "groups", to: "roles" }, { from: "display_name", to: "name" }] });
    const c = userClaims(user, ALL, "https://id", m);
    expect(c.roles).toEqual(["admins"]);
    expect(c).not.toHaveProperty("groups");
    expect(c.name).toBe("Ally");
    expect(userClaims(user, ["openid", "profile"], "https://id", m)).not.toHaveProperty("roles");
  });

  it("drops claims, and static claims are typed JSON released under their scope", () => {
    const m = mapping({
      drop: ["picture", "level"],
      static: [
        { name: "tenant", value: { id: 7, tags: ["a"] }, scope: "profile" },
        { name: "always", value: true, scope: "openid" },
        { name: "email_verified", value: true, scope: "email" },
      ],
    });
    const c = userClaims(user, ALL, "https://id", m);
    expect(c).not.toHaveProperty("picture");
    expect(c).not.toHaveProperty("level");
    expect(c).toMatchObject({ tenant: { id: 7, tags: ["a"] }, always: true, email_verified: true });
    expect(userClaims(user, ["openid"], "https://id", m)).toEqual({ sub: "u1", always: true });
  });
});

describe("claim mapping: refusals", () => {
  const problems = (m: Partial<ClaimMapping>) => claimMappingProblems(mapping(m)).map((p) => `${p.path.join(".")}: ${p.message}`);

  it("refuses producing, renaming or dropping protocol claims, each with a sentence", () => {
    for (const name of ["sub", "iss", "aud", "exp", "iat", "nonce", "auth_time", "sid", "azp", "at_hash", "acr", "amr", "__proto__"]) {
      expect(problems({ rename: [{ from: "groups", to: name }] })).toEqual([`rename.0.to: "${name}" is a protocol claim that clients rely on to validate tokens: choose another claim name`]);
      expect(problems({ rename: [{ from: name, to: "x" }] })).toHaveLength(1);
      expect(problems({ drop: [name] })).toHaveLength(1);
      expect(problems({ static: [{ name, value: 1, scope: "profile" }] })).toHaveLength(1);
    }
  });

  it("refuses conflicting rules and names with spaces", () => {
    expect(problems({ rename: [{ from: "groups", to: "roles" }, { from: "name", to: "roles" }] })[0]).toMatch(/already produces "roles"/);
    expect(problems({ rename: [{ from: "groups", to: "groups" }] })[0]).toMatch(/changes nothing/);
    expect(problems({ rename: [{ from: "groups", to: "roles" }], drop: ["groups"] })[0]).toMatch(/either rename it or drop it/);
    expect(problems({ static: [{ name: "a b", value: 1, scope: "profile" }] })[0]).toMatch(/without spaces/);
    expect(problems({ preferredUsername: { source: "customClaim" } })[0]).toMatch(/Choose the custom claim/);
    expect(problems({ static: [{ name: "big", value: "x".repeat(5000), scope: "profile" }] })[0]).toMatch(/under 4096/);
  });

  it("a stored mapping that no longer passes falls back to the default", () => {
    expect(parseStoredClaimMapping(null)).toEqual(DEFAULT_CLAIM_MAPPING);
    expect(parseStoredClaimMapping("not json")).toEqual(DEFAULT_CLAIM_MAPPING);
    expect(parseStoredClaimMapping(JSON.stringify({ rename: [{ from: "x", to: "sub" }] }))).toEqual(DEFAULT_CLAIM_MAPPING);
    const ok = { drop: ["picture"] };
    expect(parseStoredClaimMapping(JSON.stringify(ok)).drop).toEqual(["picture"]);
    expect(isDefaultClaimMapping(parseStoredClaimMapping(JSON.stringify({})))).toBe(true);
  });
});

describe("claim mapping: compatibility", () => {
  it("without a mapping, a custom claim whose key is not reserved by Pocket ID is released as before", () => {
    const u = { ...user, customClaims: [{ key: "username", value: '"legacy"' }, { key: "shell", value: '"x"' }] };
    expect(userClaims(u, ["profile"], "https://id")).toMatchObject({ username: "legacy", shell: "x" });
  });
});
