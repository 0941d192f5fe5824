import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/**
 * Environment configuration: Pocket ID's variable names and defaults (inventory §4.2), parsed
 * once and validated as a whole, so a bad deployment stops at boot with every problem listed.
 * Nothing here touches the database or the network: `next build` imports this module without
 * any environment at all.
 */

const boolString = (def: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return def;
      if (["true", "1", "yes"].includes(v)) return true;
      if (["false", "0", "no"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `must be true or false, got "${v}"` });
      return z.NEVER;
    });

function normalizeAppUrl(raw: string, ctx: z.RefinementCtx, name: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    ctx.addIssue({ code: "custom", path: [name], message: `must be an absolute URL such as https://id.example.com, got "${raw}"` });
    return z.NEVER;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", path: [name], message: "must start with http:// or https://" });
    return z.NEVER;
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    ctx.addIssue({ code: "custom", path: [name], message: "must not contain a path, query or fragment (the issuer is the origin)" });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: "custom", path: [name], message: "must not contain credentials" });
    return z.NEVER;
  }
  return url.origin.toLowerCase();
}

/**
 * TRUST_PROXY: how much of X-Forwarded-For to believe (lib/http/request-meta.ts reads it).
 * `false` (default): none, the socket address is the client. `true`: one proxy in front, the
 * rightmost entry is the client. A number N: N proxies in a row. A comma list of proxy
 * addresses or CIDRs (IPv4 and IPv6): the rightmost entry that is not one of them.
 */
const trustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): TrustProxy => {
    if (v === undefined || v === "" || v.toLowerCase() === "false") return { mode: "none" };
    if (v.toLowerCase() === "true") return { mode: "hops", hops: 1 };
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 20) {
        ctx.addIssue({ code: "custom", message: `${v} proxy hops is not plausible (use true for one proxy, or a number of proxies in a row)` });
        return z.NEVER;
      }
      return hops === 0 ? { mode: "none" } : { mode: "hops", hops };
    }
    const list = v.split(",").map((s) => s.trim()).filter(Boolean);
    for (const entry of list) {
      const [base, bits, extra] = entry.split("/");
      const kind = isIP(base);
      const max = kind === 6 ? 128 : 32;
      if (!kind || extra !== undefined || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR (use true, false, a number of proxies, or a comma list of addresses)` });
        return z.NEVER;
      }
    }
    return { mode: "list", entries: list };
  });

export type TrustProxy = { mode: "none" } | { mode: "hops"; hops: number } | { mode: "list"; entries: string[] };

/** A whole number from `min` to `max`, refused with one sentence that names the range (not zod's wording). */
function wholeNumber(min: number, max: number, fallback: number) {
  const sentence = `must be a whole number from ${min} to ${max} (default ${fallback})`;
  return z.coerce.number({ error: sentence }).int(sentence).min(min, sentence).max(max, sentence).default(fallback);
}

const envSchema = z
  .object({
    // Field-level checks, so that their problems are listed together with every other field's.
    APP_URL: z.string().optional().superRefine((v, ctx) => void (v?.trim() && normalizeAppUrl(v, ctx, "APP_URL"))),
    INTERNAL_APP_URL: z.string().optional().superRefine((v, ctx) => void (v?.trim() && normalizeAppUrl(v, ctx, "INTERNAL_APP_URL"))),
    VERCEL_URL: z.string().optional(),
    VERCEL_BRANCH_URL: z.string().optional(),
    APP_ENV: z.enum(["production", "development", "test"]).default("production"),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    PORT: wholeNumber(1, 65535, 1411),
    DB_PROVIDER: z.enum(["sqlite", "postgres", "postgresql"]).optional(),
    DB_CONNECTION_STRING: z.string().trim().optional(),
    /**
     * PostgreSQL connections this process may hold (beyond Pocket ID, whose Go pool is unbounded):
     * replicas × this must stay below the server's max_connections (default 100). Ignored on SQLite,
     * which uses one connection.
     */
    DB_MAX_CONNECTIONS: wholeNumber(1, 1000, 10),
    ENCRYPTION_KEY: z
      .string()
      .optional()
      .refine((v) => v === undefined || Buffer.byteLength(v) >= 16, "must be at least 16 bytes (try: openssl rand -base64 32)"),
    TRUST_PROXY: trustProxySchema,
    KEYS_STORAGE: z.enum(["file", "database"]).default("file"),
    KEYS_PATH: z.string().trim().min(1).default("data/keys"),
    UPLOAD_PATH: z.string().trim().min(1).default("data/uploads"),
    // Inventory §4.2: where uploaded images live. Pocket ID's s3 backend is not built yet: refuse it
    // at boot rather than silently writing to the local disk of one replica.
    FILE_BACKEND: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((v, ctx): "filesystem" | "database" => {
        if (v === undefined || v === "" || v === "filesystem") return "filesystem";
        if (v === "database") return "database";
        ctx.addIssue({
          code: "custom",
          message: v === "s3"
            ? "s3 is not supported yet: use filesystem (files under UPLOAD_PATH) or database (shared by every replica)"
            : `must be filesystem or database, got "${v}"`,
        });
        return z.NEVER;
      }),
    DISABLE_RATE_LIMITING: boolString(false),
    ALLOW_INSECURE_CALLBACK_URLS: boolString(true),
    // Outbound requests (back-channel logout) to link-local and cloud metadata addresses.
    ALLOW_LINK_LOCAL_OUTBOUND: boolString(false),
    // Inventory §4.2: comma list of IPv6 CIDRs treated as the internal network (blocked for CIMD fetches).
    LOCAL_IPV6_RANGES: z.string().optional(),
    PREVIEW_MODE: boolString(false),
    // Inventory §4.2/§6.6: GeoLite2 City database for audit log locations; audit rows kept this many days.
    GEOLITE_DB_PATH: z.string().trim().min(1).default("data/GeoLite2-City.mmdb"),
    AUDIT_LOG_RETENTION_DAYS: wholeNumber(1, 36_500, 90),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // Inventory §1.1: a key from the deployment that authenticates REST calls as a synthetic admin.
    STATIC_API_KEY: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.trim().length >= 16, "must be at least 16 characters (try: openssl rand -hex 24)"),
  })
  .transform((env, ctx) => {
    // Preview deployments (Vercel-style): without APP_URL the platform's URL is the issuer.
    const platformHost = env.VERCEL_BRANCH_URL || env.VERCEL_URL;
    const rawAppUrl = env.APP_URL?.trim() || (platformHost ? `https://${platformHost}` : "http://localhost:1411");
    const appUrl = normalizeAppUrl(rawAppUrl, ctx, "APP_URL");
    const internalAppUrl = env.INTERNAL_APP_URL?.trim() ? normalizeAppUrl(env.INTERNAL_APP_URL, ctx, "INTERNAL_APP_URL") : appUrl;

    const conn = env.DB_CONNECTION_STRING || "data/pocket-id.db";
    const isPostgresUrl = /^postgres(ql)?:\/\//i.test(conn);
    const database = isPostgresUrl
      ? ({ provider: "postgresql", url: conn, maxConnections: env.DB_MAX_CONNECTIONS } as const)
      : ({ provider: "sqlite", path: sqlitePathFrom(conn) } as const);

    return {
      appUrl,
      internalAppUrl,
      appEnv: env.APP_ENV,
      host: env.HOST,
      port: env.PORT,
      database,
      encryptionKey: env.ENCRYPTION_KEY,
      trustProxy: env.TRUST_PROXY,
      keysStorage: env.KEYS_STORAGE,
      keysPath: resolvePath(env.KEYS_PATH),
      uploadPath: resolvePath(env.UPLOAD_PATH),
      /** Where uploaded images are kept (lib/db/file-storage.ts). */
      fileBackend: env.FILE_BACKEND,
      dataPath: resolvePath("data"),
      rateLimitingDisabled: env.DISABLE_RATE_LIMITING || env.APP_ENV === "test",
      allowInsecureCallbackUrls: env.ALLOW_INSECURE_CALLBACK_URLS,
      /** Whether the server may POST to link-local / metadata addresses (lib/http/outbound.ts). */
      allowLinkLocalOutbound: env.ALLOW_LINK_LOCAL_OUTBOUND,
      /** Extra IPv6 ranges refused for Client ID Metadata Document fetches (inventory §2.17). */
      localIpv6Ranges: (env.LOCAL_IPV6_RANGES ?? "").split(",").map((r) => r.trim()).filter(Boolean),
      previewMode: env.PREVIEW_MODE,
      /** GeoLite2 City .mmdb for audit log locations of public addresses; absent file = no lookup. */
      geoliteDbPath: resolvePath(env.GEOLITE_DB_PATH),
      /** Audit log rows older than this are purged by the cleanup job (inventory §6.6). */
      auditLogRetentionDays: env.AUDIT_LOG_RETENTION_DAYS,
      logLevel: env.LOG_LEVEL,
      /** X-API-Key value that authenticates as the static API admin (inventory §1.1); undefined = off. */
      staticApiKey: env.STATIC_API_KEY?.trim() || undefined,
      /** Secure cookies and `__Host-` prefixes only when the issuer is https (inventory §1.1). */
      secureCookies: appUrl.startsWith("https://"),
    };
  });

export type Env = z.output<typeof envSchema>;

/** Checks that span several variables; run on the raw input so they are listed with the rest. */
function crossFieldProblems(input: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const isPostgresUrl = /^postgres(ql)?:\/\//i.test(input.DB_CONNECTION_STRING?.trim() ?? "");
  const provider = input.DB_PROVIDER?.trim();
  if (provider && ["sqlite", "postgres", "postgresql"].includes(provider) && (provider !== "sqlite") !== isPostgresUrl) {
    problems.push(`DB_PROVIDER: is "${provider}" but DB_CONNECTION_STRING is ${isPostgresUrl ? "a PostgreSQL URL" : "a SQLite path"}`);
  }
  // A generated key only makes sense for the single-node SQLite default: replicas on
  // PostgreSQL must share one key, so there it has to be given.
  if (isPostgresUrl && !input.ENCRYPTION_KEY) {
    problems.push("ENCRYPTION_KEY: is required with PostgreSQL, so that every replica can decrypt the signing key (try: openssl rand -base64 32)");
  }
  return problems;
}

function resolvePath(p: string): string {
  return isAbsolute(p) ? p : resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}

/** Accepts `data/x.db`, `file:data/x.db?_pragma=...` (Pocket ID's form) and `sqlite://`. */
export function sqlitePathFrom(conn: string): string {
  let p = conn.replace(/^sqlite:\/\//i, "").replace(/^file:(\/\/)?/i, "");
  const q = p.indexOf("?");
  if (q >= 0) p = p.slice(0, q);
  if (p === ":memory:") return p;
  return resolvePath(decodeURIComponent(p));
}

/** Variables that may also be given as a file path in `<NAME>_FILE` (Docker secrets). */
const FILE_VARIANTS = ["ENCRYPTION_KEY", "DB_CONNECTION_STRING", "STATIC_API_KEY"] as const;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (normally process.env); throws ConfigError listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(source)) input[k] = v;
  for (const name of FILE_VARIANTS) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) {
      problems.push(`${name} and ${name}_FILE are both set; use one`);
      continue;
    }
    try {
      input[name] = readFileSync(file, "utf8").trim();
    } catch (e) {
      problems.push(`${name}_FILE: cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  // Empty strings mean "unset", as in Pocket ID's env loader.
  for (const k of Object.keys(input)) if (input[k] === "") input[k] = undefined;
  problems.push(...crossFieldProblems(input));
  const result = envSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.length ? String(issue.path[0]) : "";
      problems.push(name ? `${name}: ${issue.message}` : issue.message);
    }
  }
  if (problems.length || !result.success) throw new ConfigError(problems);
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use (at boot, from instrumentation.ts). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests only: forget the parsed configuration so a changed process.env is read again. */
export function resetEnvForTests(): void {
  cached = undefined;
}
