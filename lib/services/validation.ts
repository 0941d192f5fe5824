import { z } from "zod";
import { checkCallbackUrlPattern } from "../oidc/redirect-uri";

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

/** A text field; a missing or non-text value reads as a sentence too (API callers send JSON). */
export const text = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? msg.required(what) : "Enter text here") });

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
function callbackProblemSentence(problem: string): string {
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
