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
