// Form errors are sentences a person understands, never zod's schema text (issue 5, item 16).
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrors } from "@/lib/errors";
import { resetEnvForTests } from "@/lib/config/env";
import { setupInputSchema } from "@/lib/services/setup";
import { clientInputSchema } from "@/lib/services/oidc-clients/client-input";
import { usernameSchema } from "@/lib/services/validation";

beforeAll(() => {
  Object.assign(process.env, {
    APP_URL: "https://id.example.com",
    ENCRYPTION_KEY: "unit-test-key-0123456789abcdef",
    ALLOW_INSECURE_CALLBACK_URLS: "false",
  });
  resetEnvForTests();
});

/** zod 4's default messages: "Too big: expected string to have <=50 characters", "Invalid input: expected string, received undefined", ... */
const SCHEMA_TEXT = /Too (big|small)|Invalid (input|string|email|URL)|expected|received|<=|>=|Unrecognized/i;

function errorsOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input)} to be rejected`).toBe(false);
  return fieldErrors(result.error!);
}

const setup = { username: "ada", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" };
const client = { name: "Grafana", callbackURLs: ["https://grafana.example.com/login/generic_oauth"] };
const long = (n: number) => "a".repeat(n);

describe("setup form messages", () => {
  it.each([
    ["a 51-character first name", { firstName: long(51) }, "firstName", "Use at most 50 characters"],
    ["a 51-character last name", { lastName: long(51) }, "lastName", "Use at most 50 characters"],
    ["an empty first name", { firstName: "  " }, "firstName", "Enter your first name"],
    ["a missing first name", { firstName: undefined }, "firstName", "Enter your first name"],
    ["an email without @", { email: "not-an-email" }, "email", "Enter a valid email address, such as name@example.com"],
    ["an empty email", { email: "" }, "email", "Enter an email address"],
    ["a 255-character email", { email: `${long(243)}@example.com` }, "email", "Use at most 254 characters"],
    ["a missing username", { username: undefined }, "username", "Enter a username"],
    ["a 51-character username", { username: long(51) }, "username", "Use at most 50 characters"],
    ["a username starting with a dash", { username: "-ada" }, "username", "Use only letters, digits and _ . @ -, and start and end with a letter or digit"],
    ["a number for a name", { firstName: 42 }, "firstName", "Enter text here"],
  ])("%s", (_, change, field, message) => {
    expect(errorsOf(setupInputSchema, { ...setup, ...change })[field]).toBe(message);
  });

  it("a body that is not an object", () => {
    expect(errorsOf(setupInputSchema, null)._).toBe("Send the fields as a JSON object");
  });
});

describe("OIDC client form messages", () => {
  it.each([
    ["a 51-character name", { name: long(51) }, "name", "Use at most 50 characters"],
    ["an empty name", { name: " " }, "name", "Enter a name"],
    ["a 151-character description", { description: long(151) }, "description", "Use at most 150 characters"],
    ["a one-character client ID", { id: "a" }, "id", "Use at least 2 characters"],
    ["a 129-character client ID", { id: long(129) }, "id", "Use at most 128 characters"],
    ["a client ID with a space", { id: "my app" }, "id", "Use only letters, digits, dots, underscores and dashes"],
    ["a callback URL without a scheme", { callbackURLs: ["grafana.example.com/cb"] }, "callbackURLs.0", "Enter a full URL with a scheme, such as https://app.example.com/callback"],
    ["a javascript: callback URL", { callbackURLs: ["javascript:alert(1)"] }, "callbackURLs.0", "The javascript: scheme is not allowed: use https://, or your app's own scheme for a native app"],
    ["a callback URL with a fragment", { callbackURLs: ["https://app.example.com/cb#x"] }, "callbackURLs.0", "Remove the #fragment: a callback URL cannot contain one"],
    ["a plain-http callback URL", { callbackURLs: ["http://app.example.com/cb"] }, "callbackURLs.0", "Start with https://. Plain http:// is allowed only for localhost on this server (ALLOW_INSECURE_CALLBACK_URLS=false)"],
    ["an empty callback URL", { callbackURLs: [""] }, "callbackURLs.0", "Enter a callback URL"],
    ["a 1001-character callback URL", { callbackURLs: [`https://app.example.com/${long(977)}`] }, "callbackURLs.0", "Use at most 1000 characters"],
    ["101 callback URLs", { callbackURLs: Array.from({ length: 101 }, (_, i) => `https://app.example.com/${i}`) }, "callbackURLs", "Add at most 100 callback URLs"],
    ["an ftp: launch URL", { launchURL: "ftp://app.example.com/" }, "launchURL", "Start with https:// or http://"],
    ["a 1001-character launch URL", { launchURL: `https://app.example.com/${long(977)}` }, "launchURL", "Use at most 1000 characters"],
  ])("%s", (_, change, field, message) => {
    expect(errorsOf(clientInputSchema, { ...client, ...change })[field]).toBe(message);
  });
});

describe("no rule falls back to zod's schema text", () => {
  // Every length, pattern and format rule of the forms, broken at once.
  const broken: [z.ZodType, unknown][] = [
    [setupInputSchema, { username: `-${long(60)}`, email: "x", firstName: long(51), lastName: long(51) }],
    [setupInputSchema, { username: "", email: "", firstName: "" }],
    [setupInputSchema, {}],
    [clientInputSchema, { id: "a b", name: long(51), description: long(151), callbackURLs: ["nope", ""], launchURL: "nope" }],
    [clientInputSchema, { name: "", callbackURLs: "https://x.example.com/cb" }],
    [usernameSchema, long(51)],
  ];
  it.each(broken.map((b, i) => [i, ...b] as const))("case %i", (_, schema, input) => {
    const messages = Object.values(errorsOf(schema, input));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toMatch(SCHEMA_TEXT);
  });
});
