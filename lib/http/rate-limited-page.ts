import { createHash } from "node:crypto";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const hash = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

/**
 * Counts the wait down in the page and then turns "Try again" into a link: a person who clicks
 * too early is not refused again. Static text, allowed by its hash; without scripts the page
 * still says how long to wait and the link works.
 */
const SCRIPT =
  '(function(){var s=document.getElementById("s"),a=document.getElementById("a"),n=+s.getAttribute("data-seconds");' +
  'if(a.getAttribute("data-href")){a.removeAttribute("href");a.setAttribute("aria-disabled","true");}' +
  'var t=setInterval(function(){n--;if(n<=0){clearInterval(t);s.textContent="now";var h=a.getAttribute("data-href");if(h){a.setAttribute("href",h);a.removeAttribute("aria-disabled");}}' +
  'else{s.textContent=n+(n===1?" second":" seconds");}},1000);})();';
const STYLE =
  ":root{color-scheme:light dark;font-family:system-ui,sans-serif}" +
  "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#fafafa;color:#18181b}" +
  "main{max-width:26rem;margin:1rem;padding:1.5rem;border:1px solid #e4e4e7;border-radius:.75rem;background:#fff}" +
  "h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;margin:0 0 1rem;color:#52525b}" +
  "nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}" +
  "a{color:inherit;border-radius:.375rem}a:focus-visible{outline:2px solid #2563eb;outline-offset:2px}" +
  "#a{display:inline-block;padding:.6rem 1.2rem;border-radius:.5rem;background:#18181b;color:#fafafa;text-decoration:none}" +
  "#a[aria-disabled]{opacity:.5;cursor:not-allowed}" +
  "@media (prefers-color-scheme:dark){body{background:#09090b;color:#fafafa}main{background:#18181b;border-color:#27272a}p{color:#a1a1aa}#a{background:#fafafa;color:#18181b}}";

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/**
 * The page a browser gets instead of JSON when a page-like route (/authorize) is rate limited
 * (issue 9 item 6): still 429 with Retry-After, but it says how long to wait in words, counts
 * down, and offers a way on: the same address again (GET only: a POST is not repeated behind
 * the person's back) and the start page.
 */
export function rateLimitedPage(retryAfter: number, retryPath: string | null): Response {
  const wait = formatWait(retryAfter);
  const retry = retryPath
    ? `<a id="a" href="${escapeHtml(retryPath)}" data-href="${escapeHtml(retryPath)}">Try again</a>`
    : '<a id="a" href="/">Start again</a>';
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="robots" content="noindex"><title>Too many requests</title><style>${STYLE}</style></head><body><main>` +
    "<h1>Too many requests</h1>" +
    `<p role="status">This network sent more requests than we can take at once. You can try again in <strong id="s" data-seconds="${retryAfter}">${wait}</strong>.</p>` +
    `<nav>${retry}${retryPath ? '<a href="/settings">Go to your account</a>' : ""}</nav>` +
    `</main><script>${SCRIPT}</script></body></html>`;
  const csp = ["default-src 'none'", `script-src ${hash(SCRIPT)}`, `style-src ${hash(STYLE)}`, "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"].join("; ");
  return new Response(html, {
    status: 429,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retryAfter),
      "Cache-Control": "no-store",
      "Content-Security-Policy": csp,
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}

/** A browser navigating to the page (not a script's fetch): it gets HTML, scripts keep the JSON error. */
export function isNavigation(request: { method: string; headers: Headers }): boolean {
  const mode = request.headers.get("sec-fetch-mode");
  if (mode) return mode === "navigate";
  return (request.headers.get("accept") ?? "").includes("text/html");
}
