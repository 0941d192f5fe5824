// zod's own wording ("Invalid input: expected object, received null", "Unrecognized key(s)") must
// never reach a REST `details` or a form: every issue kind reads as a sentence (attack finding 8).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isLookupId, sentenceFor, text } from "@/lib/services/validation";

const first = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues[0].message;
};

describe("zod issues read as sentences once lib/services/validation is loaded", () => {
  const cases: [string, z.ZodType, unknown, string][] = [
    ["missing field", z.object({ a: z.string() }), {}, "Enter a value here"],
    ["null for an object", z.object({ a: z.string() }), null, "Send an object with fields here, not null"],
    ["number for text", z.string(), 5, "Send text here"],
    ["text for a boolean", z.boolean(), "yes", "Send true or false here"],
    ["text for a list", z.array(z.string()), "a", "Send a list here"],
    ["string too long", z.string().max(3), "abcd", "Use at most 3 characters"],
    ["string too short", z.string().min(4), "ab", "Use at least 4 characters"],
    ["empty string", z.string().min(1), "", "Enter a value here"],
    ["too many entries", z.array(z.number()).max(1), [1, 2], "Add at most 1 entry"],
    ["too few entries", z.array(z.number()).min(2), [1], "Add at least 2 entries"],
    ["number too big", z.number().max(10), 11, "Use a value of at most 10"],
    ["number too small", z.number().min(1), 0, "Use a value of at least 1"],
    ["email", z.email(), "nope", "Enter a valid email address, such as name@example.com"],
    ["url", z.url(), "nope", "Start with https:// or http://"],
    ["regex", z.string().regex(/^a+$/), "b", "Use only the characters allowed here"],
    ["uuid", z.uuid(), "x", "This value does not have the required format"],
    ["multiple of", z.number().multipleOf(5), 3, "Use a multiple of 5"],
    ["unknown keys", z.object({}).strict(), { a: 1, b: 2 }, "Remove the fields not accepted here: a, b"],
    ["union", z.union([z.string(), z.number()]), true, "This value matches none of the accepted forms"],
    ["enum", z.enum(["a", "b"]), "c", 'Use one of "a", "b"'],
    ["literal", z.literal("x"), "y", 'Use "x"'],
    ["custom", z.string().refine(() => false), "a", "This value is not accepted"],
    ["record key", z.record(z.string().max(1), z.string()), { long: "x" }, "A field name here is not accepted"],
  ];
  for (const [name, schema, input, sentence] of cases) {
    it(name, () => {
      const message = first(schema, input);
      expect(message).toBe(sentence);
      expect(message).not.toMatch(/Invalid input|expected|received|Unrecognized|Too big|Too small/);
    });
  }

  it("a schema's own message still wins", () => {
    expect(first(z.string().max(2, "Keep it short"), "abc")).toBe("Keep it short");
  });

  it("sentenceFor answers every issue kind zod knows", () => {
    const codes = ["invalid_type", "too_big", "too_small", "invalid_format", "not_multiple_of", "unrecognized_keys", "invalid_union", "invalid_key", "invalid_element", "invalid_value", "custom"];
    for (const code of codes) {
      const msg = sentenceFor({ code, input: 1, expected: "string", origin: "string", maximum: 1, minimum: 1, format: "x", divisor: 2, keys: ["k"], values: [1], path: [], errors: [], issues: [] } as never);
      expect(msg, code).toMatch(/^[A-Z]/);
    }
  });
});

describe("text fields and lookup ids refuse control characters", () => {
  it("text() refuses NUL and other control characters with a sentence", () => {
    for (const bad of ["a\u0000b", "bell\u0007", "del\u007f"]) {
      expect(first(text("a name"), bad)).toMatch(/^Remove the control characters/);
    }
    expect(text("a name").safeParse("Zoë – café").success).toBe(true);
  });

  it("isLookupId refuses ids no row can have", () => {
    expect(isLookupId("grafana")).toBe(true);
    for (const bad of ["", "a\u0000", "\n", "x".repeat(257)]) expect(isLookupId(bad), JSON.stringify(bad)).toBe(false);
  });
});
