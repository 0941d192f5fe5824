import { createHash } from "node:crypto";
import type { FormPostOutcome } from "../oidc/authorize";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The auto-submit script; allowed by its hash, so the page needs no nonce machinery. */
const SCRIPT = 'document.getElementById("f").submit();';
const STYLE =
  ":root{color-scheme:light dark;font-family:system-ui,sans-serif}" +
  "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#fafafa;color:#18181b}" +
  "main{max-width:22rem;padding:1.5rem;text-align:center}" +
  "button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:0;background:#18181b;color:#fafafa;cursor:pointer}" +
  "button:focus-visible{outline:2px solid #2563eb;outline-offset:2px}" +
  "@media (prefers-color-scheme:dark){body{background:#09090b;color:#fafafa}button{background:#fafafa;color:#18181b}}";
const hash = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

/**
 * CSP form-action source for the verified redirect URI only (DESIGN "Headers"): scheme, host,
 * port and path for http(s), without query (CSP matches no query); the bare scheme for a native
 * app's private-use scheme. A path with characters a CSP source cannot carry falls back to the origin.
 */
export function formActionSource(action: string): string {
  const url = new URL(action);
  if (url.protocol !== "http:" && url.protocol !== "https:") return url.protocol;
  const path = url.pathname;
  return /^[A-Za-z0-9\-._~!$&'()*+=:@%/]*$/.test(path) && !/[;,']/.test(path) ? url.origin + path : url.origin;
}

/**
 * OAuth 2.0 Form Post Response Mode §2: an HTML page that POSTs the response parameters to the
 * client's redirect URI. It submits itself with a script allowed by hash and, without JavaScript,
 * shows a Continue button. Its CSP widens form-action to that one redirect URI (inventory §1.6).
 */
export function formPostResponse(outcome: FormPostOutcome): Response {
  const inputs = outcome.fields.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="robots" content="noindex"><title>Returning to the app</title><style>${STYLE}</style></head><body><main>` +
    `<form id="f" method="post" action="${escapeHtml(outcome.action)}">${inputs}` +
    "<p>Returning you to the app. If nothing happens, press Continue.</p>" +
    '<button type="submit" autofocus>Continue</button></form></main>' +
    `<script>${SCRIPT}</script></body></html>`;
  const csp = [
    "default-src 'none'",
    `script-src ${hash(SCRIPT)}`,
    `style-src ${hash(STYLE)}`,
    `form-action ${formActionSource(outcome.action)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return new Response(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": csp,
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
