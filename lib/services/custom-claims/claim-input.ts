import { z } from "zod";
import { AppError } from "../../errors";
import { RESERVED_CLAIMS } from "../../oidc/claims";
import { hasControlCharacter } from "../../oidc/limits";
import { msg, text } from "../validation";

/** Longest stored value: a JSON array of a few hundred group-like names fits easily. */
const MAX_VALUE = 10_000;

/**
 * One custom claim (inventory §2.10). Pocket ID sends the value as a string and emits it as JSON
 * when it parses ("[\"a\",\"b\"]" becomes an array); a JSON value that is not a string (an array,
 * a number, an object, a boolean) is accepted too and stored as its JSON text, which comes out as
 * the same typed value.
 */
export const claimSchema = z
  .object({
    key: text("a claim key")
      .trim()
      .min(1, msg.required("a claim key"))
      .max(100, msg.atMost(100))
      .refine((k) => !/\s/.test(k), "Remove the spaces: a claim key is one word, such as department or lxd_groups"),
    value: z
      .unknown()
      .transform((v, ctx) => {
        if (v === undefined || v === null) {
          ctx.addIssue({ code: "custom", message: "Enter a value: text, or JSON such as [\"a\", \"b\"]" });
          return z.NEVER;
        }
        const textValue = typeof v === "string" ? v : JSON.stringify(v);
        if (textValue.length > MAX_VALUE) ctx.addIssue({ code: "custom", message: msg.atMost(MAX_VALUE) });
        if (typeof v === "string" && hasControlCharacter(v.replace(/[\n\r\t]/g, ""))) ctx.addIssue({ code: "custom", message: "Remove the control characters (such as NUL)" });
        return textValue;
      })
      .meta({ description: "Text, or JSON (array, object, number, boolean) sent as a JSON value or as its JSON text; released in tokens with its JSON type." }),
  }, { error: "Send each claim as { key, value }" })
  .strict();

export const claimsSchema = z.array(claimSchema, { error: "Send the claims as a list of { key, value }" }).max(100, msg.atMostItems(100, "claims"));
export type ClaimsInput = z.input<typeof claimsSchema>;

/** A claim as the API answers it: the value as stored (JSON text or plain text). */
export const claimDtoSchema = z.object({ key: z.string(), value: z.string() });

/**
 * Reserved keys would override the standard claims (sub, email, groups…) that apps trust; the
 * same key twice for one owner is ambiguous (§2.10). Both are refused with the key named.
 */
export function checkClaims(claims: { key: string; value: string }[]): void {
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    if (RESERVED_CLAIMS.has(c.key)) {
      throw new AppError("reserved_claim", `"${c.key}" is a standard claim and cannot be set as a custom claim. Choose another key.`, { [`${i}.key`]: `"${c.key}" is reserved: choose another key` });
    }
    if (seen.has(c.key)) {
      throw new AppError("duplicate_claim", `The claim key "${c.key}" appears twice. Keep one of them.`, { [`${i}.key`]: `"${c.key}" is already in this list` });
    }
    seen.add(c.key);
  });
}
