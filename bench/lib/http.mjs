// A small HTTP client for seeding and minting (not for the timed phases): cookies kept per jar,
// redirects not followed (the Location of /authorize carries the code).
import http from "node:http";

export class CookieJar {
  constructor(initial = {}) {
    this.cookies = new Map(Object.entries(initial));
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  take(setCookies) {
    for (const line of setCookies ?? []) {
      const [pair, ...attrs] = line.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split("=")[1]) < new Date()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name) {
    return this.cookies.get(name);
  }
}

/**
 * One request. `json` / `form` set the body and content type; `jar` sends and keeps cookies;
 * `origin` sends an Origin header (the server's CSRF check for cookie-authenticated POSTs).
 * Resolves to { status, headers, text, json() }.
 */
export async function request(baseUrl, path, { method, headers = {}, json, form, jar, origin, agent } = {}) {
  const h = { ...headers };
  let body;
  if (json !== undefined) {
    h["content-type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    h["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  if (jar && jar.cookies.size) h.cookie = jar.header();
  if (origin) h.origin = origin;
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: method ?? (body ? "POST" : "GET"), headers: h, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        if (jar) jar.take(res.headers["set-cookie"]);
        resolve({
          status: res.statusCode,
          headers: res.headers,
          text,
          json() {
            try {
              return JSON.parse(text);
            } catch {
              throw new Error(`${method ?? "GET"} ${path}: expected JSON, got ${res.statusCode} ${text.slice(0, 200)}`);
            }
          },
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${path}: no answer within 30 s`)));
    req.end(body);
  });
}

/** Throws unless the status is one of `expected`, with the body in the message. */
export function expectStatus(res, expected, what) {
  const list = Array.isArray(expected) ? expected : [expected];
  if (!list.includes(res.status)) throw new Error(`${what}: expected HTTP ${list.join(" or ")}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}

/** Runs `fn(i)` for i in [0, count) on `concurrency` workers, or until `deadline` (performance.now()). */
export async function parallel(count, concurrency, fn, deadline = Infinity) {
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return next;
}
