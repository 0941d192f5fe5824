// The claims editor's round trip: what an admin types comes out of the ID token with the type they
// chose (a list stays a JSON array, "42" typed as text stays a string), and bad values get sentences.
import { describe, expect, it } from "vitest";
import { convertText, decodeClaim, encodeClaimValue } from "@/components/custom-claims/claim-value";
import { customClaimValue } from "@/lib/oidc/claims";

/** What the token carries for a draft: the editor's encoding, then the server's emission rule (§2.10). */
function emitted(type: Parameters<typeof encodeClaimValue>[0]["type"], text: string) {
  const r = encodeClaimValue({ type, text });
  if (!r.ok) throw new Error(r.error);
  return customClaimValue(r.value);
}

describe("custom claim values", () => {
  it("keeps each chosen type in the token", () => {
    expect(emitted("array", '["admins", "dev"]')).toEqual(["admins", "dev"]);
    expect(emitted("object", '{"team": "ops", "level": 2}')).toEqual({ team: "ops", level: 2 });
    expect(emitted("number", "42")).toBe(42);
    expect(emitted("number", "-3.5")).toBe(-3.5);
    expect(emitted("boolean", "false")).toBe(false);
    expect(emitted("string", "ops")).toBe("ops");
  });

  it("keeps text that looks like JSON a string, and stores plain text as typed (as Pocket ID does)", () => {
    expect(emitted("string", "42")).toBe("42");
    expect(emitted("string", "true")).toBe("true");
    expect(emitted("string", "[1]")).toBe("[1]");
    expect(encodeClaimValue({ type: "string", text: "ops team" })).toEqual({ ok: true, value: "ops team" });
  });

  it("reads stored values back as the type they were saved with", () => {
    expect(decodeClaim("k", '["a","b"]')).toMatchObject({ type: "array" });
    expect(decodeClaim("k", '{"a":1}')).toMatchObject({ type: "object" });
    expect(decodeClaim("k", "7")).toEqual({ key: "k", type: "number", text: "7" });
    expect(decodeClaim("k", "true")).toEqual({ key: "k", type: "boolean", text: "true" });
    expect(decodeClaim("k", '"42"')).toEqual({ key: "k", type: "string", text: "42" });
    expect(decodeClaim("k", "plain words")).toEqual({ key: "k", type: "string", text: "plain words" });
    for (const stored of ['["a","b"]', '{"a":1}', "7", "true", '"42"', "plain words"]) {
      const d = decodeClaim("k", stored);
      expect(customClaimValue((encodeClaimValue(d) as { value: string }).value)).toEqual(customClaimValue(stored));
    }
  });

  it("refuses values that do not fit the type, with a sentence", () => {
    const err = (type: Parameters<typeof encodeClaimValue>[0]["type"], text: string) => (encodeClaimValue({ type, text }) as { error: string }).error;
    expect(err("number", "two")).toBe("Enter a number, such as 42 or 3.5 (a dot for decimals, no spaces).");
    expect(err("number", "1,5")).toMatch(/^Enter a number/);
    expect(err("array", '["a"')).toMatch(/^This is not valid JSON\. Write a list in square brackets/);
    expect(err("array", '{"a":1}')).toMatch(/^This is JSON but not a list/);
    expect(err("object", "[1]")).toMatch(/^This is JSON but not an object/);
    expect(err("object", "null")).toMatch(/^This is JSON but not an object/);
    expect(err("string", "")).toBe("Enter a value for this claim.");
    for (const e of [err("number", "x"), err("array", "["), err("object", "{")]) expect(e).toMatch(/[.]$/);
  });

  it("switching types offers a sensible starting value", () => {
    expect(convertText("abc", "array")).toBe("[]");
    expect(convertText("[1]", "array")).toBe("[1]");
    expect(convertText("x", "boolean")).toBe("true");
    expect(convertText("x", "object")).toBe("{}");
  });
});
