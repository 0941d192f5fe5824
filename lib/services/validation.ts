import { z } from "zod";
import { checkCallbackUrlPattern } from "../oidc/redirect-uri";

/** Username rule of Pocket ID (inventory §3.1). */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, "Username is required")
  .max(50, "Username must be at most 50 characters")
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9_.@-]*[a-zA-Z0-9])?$/, "Use letters, digits and _ . @ - (not at the start or end)");

export const callbackUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .superRefine((v, ctx) => {
    const problem = checkCallbackUrlPattern(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Field errors in the shape the UI shows next to inputs: { "callbackURLs.0": "..." }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}
