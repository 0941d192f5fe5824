import { z } from "zod";
import {
  CLAIM_MAPPING_LIMITS,
  claimMappingProblems,
  DEFAULT_CLAIM_MAPPING,
  EMAIL_SOURCES,
  isDefaultClaimMapping,
  PREFERRED_USERNAME_SOURCES,
  STATIC_CLAIM_SCOPES,
  type ClaimMapping,
  type JsonValue,
} from "../../oidc/claim-mapping";
import { text } from "../validation";

const claimName = (what: string) => text(what).trim().min(1, `Enter ${what}`);
const rules = (what: string) => `Add at most ${CLAIM_MAPPING_LIMITS.rules} ${what}`;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)], {
    error: "Enter a JSON value: text, a number, true/false, null, a list or an object",
  }),
);

/**
 * The per-client claim mapping at the admin boundary (REST `claimMapping`, the Claims tab). Shape
 * here, meaning in lib/oidc/claim-mapping.ts (`claimMappingProblems`: protocol claims refused,
 * conflicting rules refused, one sentence each). Absent parts take their defaults.
 */
export const claimMappingSchema = z
  .object({
    preferredUsername: z
      .object({
        source: z.enum(PREFERRED_USERNAME_SOURCES, { error: `Choose one of ${PREFERRED_USERNAME_SOURCES.join(", ")}` }),
        claim: claimName("the custom claim key").optional(),
      })
      .strict()
      .default({ source: "username" }),
    email: z
      .object({
        source: z.enum(EMAIL_SOURCES, { error: `Choose one of ${EMAIL_SOURCES.join(", ")}` }),
        claim: claimName("the custom claim key").optional(),
      })
      .strict()
      .default({ source: "email" }),
    rename: z
      .array(z.object({ from: claimName("the claim to rename"), to: claimName("the new claim name") }).strict(), { error: "Send the renames as a list" })
      .max(CLAIM_MAPPING_LIMITS.rules, rules("renames"))
      .default([]),
    drop: z.array(claimName("the claim to drop"), { error: "Send the dropped claims as a list" }).max(CLAIM_MAPPING_LIMITS.rules, rules("dropped claims")).default([]),
    static: z
      .array(
        z
          .object({
            name: claimName("the claim name"),
            value: jsonValue,
            scope: z.enum(STATIC_CLAIM_SCOPES, { error: `Choose the scope that releases it: ${STATIC_CLAIM_SCOPES.join(", ")}` }).default("profile"),
          })
          .strict(),
        { error: "Send the static claims as a list" },
      )
      .max(CLAIM_MAPPING_LIMITS.rules, rules("static claims"))
      .default([]),
  })
  .strict()
  .transform((v, ctx) => {
    const mapping: ClaimMapping = {
      preferredUsername: v.preferredUsername.source === "customClaim" ? { source: "customClaim", claim: v.preferredUsername.claim } : { source: v.preferredUsername.source },
      email: v.email.source === "customClaim" ? { source: "customClaim", claim: v.email.claim } : { source: v.email.source },
      rename: v.rename,
      drop: v.drop,
      static: v.static,
    };
    const problems = claimMappingProblems(mapping);
    for (const p of problems) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    return problems.length ? z.NEVER : mapping;
  });

export type ClaimMappingInput = z.input<typeof claimMappingSchema>;

/** What the API answers: always the full mapping, defaults filled in. */
export const claimMappingDtoSchema = z
  .object({
    preferredUsername: z.object({ source: z.enum(PREFERRED_USERNAME_SOURCES), claim: z.string().optional() }),
    email: z.object({ source: z.enum(EMAIL_SOURCES), claim: z.string().optional() }),
    rename: z.array(z.object({ from: z.string(), to: z.string() })),
    drop: z.array(z.string()),
    static: z.array(z.object({ name: z.string(), value: z.unknown(), scope: z.enum(STATIC_CLAIM_SCOPES) })),
  })
  .describe(
    "Per-client claim mapping (beyond Pocket ID), applied alike to the ID token, userinfo and introspection. " +
      "preferredUsername/email: which user attribute feeds the claim (customClaim names a custom claim key). rename: [{from,to}]; drop: claim names; " +
      "static: [{name, value (any JSON), scope}]. A mapped claim is released only under the scope that releases its source (preferred_username from email needs the email scope; " +
      "email from a custom claim needs profile, with email_verified false; a renamed claim keeps its scope; a static claim names its scope, openid = always). " +
      "Protocol claims (sub, iss, aud, exp, iat, nonce, auth_time, sid, azp, at_hash, acr, amr, ...) can be neither produced, renamed nor dropped. " +
      "When a mapping is set, introspection answers also carry the mapped user claims. PUT: absent keeps the mapping, null resets it to the default.",
  );

/** The column value for a mapping: NULL when it changes nothing, so default clients stay untouched. */
export function storedClaimMapping(m: ClaimMapping | null): string | null {
  return m && !isDefaultClaimMapping(m) ? JSON.stringify(m) : null;
}

export { DEFAULT_CLAIM_MAPPING };
