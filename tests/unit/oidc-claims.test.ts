// Scope → claims (inventory §2.9) and custom claims (§2.10): typed JSON values, user over group,
// first group wins, reserved keys never released, email only when present, groups by name.
import { describe, expect, it } from "vitest";
import { userClaims } from "@/lib/oidc/claims";
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
  groups: [{ id: "g1", name: "admins" }, { id: "g2", name: "devs" }],
  customClaims: [
    { key: "shell", value: '"/bin/zsh"' },
    { key: "level", value: "3" },
    { key: "flags", value: '{"beta":true}' },
    { key: "note", value: "not json" },
    { key: "email", value: '"forged@example.com"' },
    { key: "sub", value: '"someone-else"' },
    // Group claims follow the user's: the same key from a group loses to the user's.
    { key: "shell", value: '"/bin/sh"' },
    { key: "team", value: '"first-group"' },
    { key: "team", value: '"second-group"' },
    { key: "picture", value: '"https://evil.example.com/x.png"' },
  ],
};

describe("userClaims", () => {
  it("releases only sub without profile, email or groups scopes", () => {
    expect(userClaims(user, ["openid"], "https://id")).toEqual({ sub: "u1" });
  });

  it("never lets a stored custom claim supply sid, token hashes or introspection fields", () => {
    const forged = ["sid", "at_hash", "c_hash", "cnf", "scope", "active", "token_type"].map((key) => ({ key, value: '"forged"' }));
    const claims = userClaims({ ...user, customClaims: [...forged, { key: "shell", value: '"/bin/zsh"' }] }, ["openid", "profile"], "https://id");
    expect(claims.shell).toBe("/bin/zsh");
    for (const { key } of forged) expect(claims, key).not.toHaveProperty(key);
  });

  it("emits custom claims as typed JSON with the stated precedence, under profile only", () => {
    const claims = userClaims(user, ["openid", "profile"], "https://id");
    expect(claims).toMatchObject({ shell: "/bin/zsh", level: 3, flags: { beta: true }, note: "not json", team: "first-group" });
    expect(claims).toMatchObject({ given_name: "Alice", family_name: "Tester", name: "Alice Tester", display_name: "Ally", preferred_username: "alice", sub: "u1" });
    expect(claims).not.toHaveProperty("email");
    expect(userClaims(user, ["openid", "email"], "https://id")).not.toHaveProperty("shell");
  });

  it("never lets a custom claim override a reserved or standard claim", () => {
    const claims = userClaims(user, ["openid", "profile", "email"], "https://id");
    expect(claims.sub).toBe("u1");
    expect(claims.email).toBe("alice@example.com");
    // `picture` is not reserved (§2.10) but the standard claim overwrites a custom one.
    expect(claims.picture).toBe("https://id/api/users/u1/profile-picture.png");
  });

  it("releases email and email_verified only when the user has an email", () => {
    expect(userClaims(user, ["email"], "https://id")).toEqual({ sub: "u1", email: "alice@example.com", email_verified: true });
    expect(userClaims({ ...user, email: null }, ["email"], "https://id")).toEqual({ sub: "u1" });
  });

  it("lists group names, or an empty array", () => {
    expect(userClaims(user, ["groups"], "https://id").groups).toEqual(["admins", "devs"]);
    expect(userClaims({ ...user, groups: [] }, ["groups"], "https://id").groups).toEqual([]);
  });

  it("falls back from first+last name to display name, then username", () => {
    expect(userClaims({ ...user, firstName: "", lastName: "" }, ["profile"], "https://id").name).toBe("Ally");
    expect(userClaims({ ...user, firstName: "", lastName: "", displayName: "" }, ["profile"], "https://id").name).toBe("alice");
  });
});
