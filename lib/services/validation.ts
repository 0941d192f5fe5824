import { z } from "zod";
import { checkCallbackUrlPattern } from "../oidc/redirect-uri";
import { hasControlCharacter } from "../oidc/limits";

/**
 * Field rules shared by the admin and account forms. Every rule carries its own message, written
 * for the person at the form ("Use at most 50 characters"): zod's defaults are schema text
 * ("Too big: expected string to have <=50 characters") and must never reach a page.
 */
export const msg = {
  required: (what: string) => `Enter ${what}`,
  atMost: (n: number) => `Use at most ${n} characters`,
  atLeast: (n: number) => `Use at least ${n} characters`,
  atMostItems: (n: number, what: string) => `Add at most ${n} ${what}`,
  httpUrl: "Start with https:// or http://",
};


/**
 * True when a client-supplied id can name a row: no control character. PostgreSQL cannot even
 * compare a text holding NUL (the query fails with a 500), SQLite finds nothing: callers answer
 * not_found for both.
 */
export function isLookupId(id: string): boolean {
  return typeof id === "string" && id.length > 0 && id.length <= 256 && !hasControlCharacter(id);
}

/**
 * A text field; a missing or non-text value reads as a sentence too (API callers send JSON).
 * Control characters (NUL above all, which PostgreSQL refuses to store) are not text a person
 * types into a form field.
 */
export const text = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? msg.required(what) : "Enter text here") })
    .refine((v) => !hasControlCharacter(v), "Remove the control characters (such as NUL or line breaks): this field takes one line of text");

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object with fields",
  date: "a date",
  bigint: "a whole number",
};

const plural = (n: number | bigint, one: string, many: string) => (Number(n) === 1 ? one : many);

/**
 * zod's own wording ("Invalid input: expected object, received null", "Unrecognized key(s)") is
 * schema text. Every issue kind gets a sentence here, for every schema parsed while this module is
 * loaded (every schema-using service imports it); a schema's own message still wins over these.
 */
export function sentenceFor(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "Enter a value here";
      const expected = TYPE_NAMES[issue.expected] ?? "a value of another kind";
      return `Send ${expected} here${issue.input === null ? ", not null" : ""}`;
    }
    case "too_big": {
      const n = issue.maximum;
      if (issue.origin === "string") return msg.atMost(Number(n));
      if (issue.origin === "array" || issue.origin === "set") return `Add at most ${n} ${plural(n, "entry", "entries")}`;
      return `Use a value of at most ${n}`;
    }
    case "too_small": {
      const n = issue.minimum;
      if (issue.origin === "string") return Number(n) <= 1 ? "Enter a value here" : msg.atLeast(Number(n));
      if (issue.origin === "array" || issue.origin === "set") return `Add at least ${n} ${plural(n, "entry", "entries")}`;
      return `Use a value of at least ${n}`;
    }
    case "invalid_format":
      if (issue.format === "email") return "Enter a valid email address, such as name@example.com";
      if (issue.format === "url") return msg.httpUrl;
      if (issue.format === "regex") return "Use only the characters allowed here";
      return "This value does not have the required format";
    case "not_multiple_of":
      return `Use a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `Remove the ${plural(issue.keys.length, "field", "fields")} not accepted here: ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "This value matches none of the accepted forms";
    case "invalid_key":
      return "A field name here is not accepted";
    case "invalid_element":
      return "An entry of this list is not accepted";
    case "invalid_value":
      return issue.values.length === 1 ? `Use ${JSON.stringify(issue.values[0])}` : `Use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return "This value is not accepted";
  }
}

z.config({ customError: (issue) => sentenceFor(issue) });

/**
 * An expiry date as an API caller sends it. The latest one is the end of the year 9999: JavaScript
 * dates go to the year 275760, but the PostgreSQL driver cannot write a year past 9999 ("Invalid
 * time value", which would be a 500), and no key or secret needs to outlive that.
 */
export const LATEST_EXPIRY = new Date("9999-12-31T23:59:59.999Z");
export const expiryDateSchema = z
  .coerce.date({ error: "Send the expiry as a date, such as 2030-01-31T00:00:00Z" })
  .max(LATEST_EXPIRY, "Choose a date before the year 10000");

/** Username rule of Pocket ID (inventory §3.1). */
export const usernameSchema = text("a username")
  .trim()
  .min(1, msg.required("a username"))
  .max(50, msg.atMost(50))
  .regex(
    /^[a-zA-Z0-9]([a-zA-Z0-9_.@-]*[a-zA-Z0-9])?$/,
    "Use only letters, digits and _ . @ -, and start and end with a letter or digit",
  );

/** Sentences for the problems lib/oidc's checkCallbackUrlPattern reports. */
export function callbackProblemSentence(problem: string): string {
  if (problem.startsWith("must be an absolute URL")) return "Enter a full URL with a scheme, such as https://app.example.com/callback";
  const scheme = /^the (\S+) scheme is not allowed/.exec(problem);
  if (scheme) return `The ${scheme[1]} scheme is not allowed: use https://, or your app's own scheme for a native app`;
  if (problem.includes("fragment")) return "Remove the #fragment: a callback URL cannot contain one";
  return `This callback URL is not allowed: ${problem}`;
}

export const callbackUrlSchema = text("a callback URL")
  .trim()
  .min(1, msg.required("a callback URL"))
  .max(1000, msg.atMost(1000))
  .superRefine((v, ctx) => {
    const problem = checkCallbackUrlPattern(v);
    if (problem) ctx.addIssue({ code: "custom", message: callbackProblemSentence(problem) });
  });

/** An address a browser is sent to (launch URL, logo URL): absolute and http(s) only. */
export const httpUrlSchema = text("a URL")
  .trim()
  .max(1000, msg.atMost(1000))
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "https:" || url.protocol === "http:") && url.host !== "";
    } catch {
      return false;
    }
  }, msg.httpUrl);
