import { randomUUID } from "node:crypto";
import type { DeviceCodeRecord, OidcStore, StoreMeta } from "../oidc/store";
import type { FederatedIdentity, OidcClient, OidcUser } from "../oidc/types";
import { parseStoredClaimMapping } from "../oidc/claim-mapping";
import { hasControlCharacter } from "../oidc/limits";
import { isSigningAlg } from "../crypto/signing-keys";
import { insertAuditRow, type AuditEvent } from "./audit";
import { sqlBool, sqlDate, sqlDateOrNull, sqlString, sqlStringOrNull, type SqlRow, type SqlRunner, type SqlValue } from "./sql";

/**
 * The store methods of the protocol's hot paths (token endpoint, userinfo, introspection,
 * revocation), in plain SQL on Prisma's own adapter (lib/db/sql.ts says why and how). Everything
 * a grant does inside its transaction is here, so a grant's transaction is one plain-SQL
 * transaction from BEGIN to COMMIT. Each method keeps the semantics (conditions, order, race
 * behaviour) of the Prisma query it replaced; the integration tests run both databases.
 */
export type HotStoreMethods = Pick<
  OidcStore,
  | "findClient"
  | "findClientWithSecrets"
  | "findUser"
  | "isUserEnabled"
  | "findApiAccess"
  | "clientApiScopeKeys"
  | "consumeCode"
  | "revokeCodeTokens"
  | "createGrant"
  | "revokeGrant"
  | "recordAccessToken"
  | "findActiveAccessToken"
  | "revokeAccessToken"
  | "recordRefreshToken"
  | "findRefreshToken"
  | "findRefreshTokenById"
  | "consumeRefreshToken"
  | "findDeviceCode"
  | "recordDevicePoll"
  | "slowDownDeviceCode"
  | "consumeDeviceCode"
>;

/**
 * Ids that arrive from clients (client_id, interaction ids) name nothing when they hold a control
 * character, and a NUL would make PostgreSQL fail the query (500) where SQLite finds no row:
 * refused before the query, so both providers answer "not found".
 */
export const usableId = (id: string | null | undefined, max: number): id is string => !!id && id.length <= max && !hasControlCharacter(id);

function parseJsonArray<T>(text: unknown): T[] {
  try {
    const v: unknown = typeof text === "string" && text ? JSON.parse(text) : [];
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function parseJwks(text: unknown): { keys: JsonWebKey[] } | null {
  if (typeof text !== "string" || !text) return null;
  try {
    const v = JSON.parse(text) as { keys?: unknown };
    return Array.isArray(v?.keys) ? { keys: v.keys as JsonWebKey[] } : null;
  } catch {
    return null;
  }
}

/** How far past its newest refresh token a grant's expiry is moved (see recordRefreshToken). */
export const GRANT_EXPIRY_SLACK_MS = 24 * 3600_000;

const scopeList = (s: unknown): string[] => (typeof s === "string" && s ? s.split(" ") : []);
const first = (rows: SqlRow[]): SqlRow | undefined => rows[0];

/** The client's columns; `c.` prefixes them for a join. */
const CLIENT_COLUMNS = (c = "") =>
  [
    "id", "name", "is_public", "pkce_enabled", "callback_urls", "logout_callback_urls", "requires_reauthentication", "skip_consent",
    "is_group_restricted", "access_token_duration_minutes", "refresh_token_duration_minutes", "federated_identities", "jwks", "jwks_uri",
    "id_token_signed_response_alg", "requires_pushed_authorization_requests", "backchannel_logout_uri", "backchannel_logout_session_required",
    "client_type", "metadata_grant_types", "claim_mapping", "image_type", "dark_image_type",
  ]
    .map((name) => `${c}"${name}"`)
    .join(", ");

const GRANT_COLUMNS = (g: string) =>
  `${g}."id" AS "g_id", ${g}."client_id" AS "g_client_id", ${g}."user_id" AS "g_user_id", ${g}."session_id" AS "g_session_id",
  ${g}."scope" AS "g_scope", ${g}."nonce" AS "g_nonce", ${g}."amr" AS "g_amr", ${g}."auth_time" AS "g_auth_time",
  ${g}."revoked_at" AS "g_revoked_at", ${g}."resource" AS "g_resource", ${g}."expires_at" AS "g_expires_at"`;

function grantOf(r: SqlRow) {
  if (r.g_id === null || r.g_id === undefined) return null;
  return {
    id: sqlString(r.g_id),
    clientId: sqlString(r.g_client_id),
    userId: sqlString(r.g_user_id),
    sessionId: sqlStringOrNull(r.g_session_id),
    scope: scopeList(r.g_scope),
    nonce: sqlStringOrNull(r.g_nonce),
    amr: parseJsonArray<string>(r.g_amr),
    authTime: sqlDate(r.g_auth_time),
    revokedAt: sqlDateOrNull(r.g_revoked_at),
    resource: sqlStringOrNull(r.g_resource),
    expiresAt: sqlDate(r.g_expires_at),
  };
}

const REFRESH_COLUMNS = `r."id", r."grant_id", r."client_id", r."user_id", r."scope", r."expires_at", r."revoked_at", r."consumed_at",
  r."successor_id", ${GRANT_COLUMNS("g")}`;
const REFRESH_FROM = `FROM "oauth_refresh_tokens" r LEFT JOIN "oauth_grants" g ON g."id" = r."grant_id"`;
const REFRESH_SELECT = `SELECT ${REFRESH_COLUMNS} ${REFRESH_FROM}`;

function refreshOf(r: SqlRow) {
  return {
    id: sqlString(r.id),
    grantId: sqlStringOrNull(r.grant_id),
    clientId: sqlString(r.client_id),
    userId: sqlString(r.user_id),
    scope: scopeList(r.scope),
    expiresAt: sqlDate(r.expires_at),
    revokedAt: sqlDateOrNull(r.revoked_at),
    consumedAt: sqlDateOrNull(r.consumed_at),
    successorId: sqlStringOrNull(r.successor_id),
    grant: grantOf(r),
  };
}

/** The code's columns; `c.` prefixes them for a join (RETURNING takes them bare). */
const CODE_COLUMNS = (c = "") =>
  ["id", "client_id", "user_id", "redirect_uri", "redirect_uri_sent", "scope", "resource", "nonce", "code_challenge", "code_challenge_method", "amr", "auth_time", "requested_at", "expires_at", "grant_id"]
    .map((name) => `${c}"${name}"`)
    .join(", ");

function codeOf(r: SqlRow, grant: { sessionId: string | null; revokedAt: Date | null } | null) {
  return {
    id: sqlString(r.id),
    clientId: sqlString(r.client_id),
    userId: sqlString(r.user_id),
    redirectUri: sqlString(r.redirect_uri),
    redirectUriSent: sqlBool(r.redirect_uri_sent),
    scope: scopeList(r.scope),
    resource: parseJsonArray<unknown>(r.resource).filter((x): x is string => typeof x === "string"),
    nonce: sqlStringOrNull(r.nonce),
    codeChallenge: sqlStringOrNull(r.code_challenge),
    codeChallengeMethod: sqlStringOrNull(r.code_challenge_method),
    amr: parseJsonArray<string>(r.amr),
    authTime: sqlDate(r.auth_time),
    requestedAt: sqlDate(r.requested_at),
    expiresAt: sqlDate(r.expires_at),
    grantId: sqlStringOrNull(r.grant_id),
    sessionId: grant?.sessionId ?? null,
    grantRevokedAt: grant?.revokedAt ?? null,
  };
}

/** The grant columns read with a code (g_id, g_session_id, g_revoked_at), if it has a grant. */
const codeGrantOf = (r: SqlRow) => (r.g_id ? { sessionId: sqlStringOrNull(r.g_session_id), revokedAt: sqlDateOrNull(r.g_revoked_at) } : null);

const DEVICE_STATUSES = new Set(["pending", "approved", "denied", "consumed"]);

/** A device-code row (as Prisma or plain SQL reads it) as the protocol sees it. */
export function toDeviceCodeRecord(row: {
  id: string; clientId: string; scope: string; resource: string; nonce: string | null; status: string; userId: string | null;
  amr: string; authTime: Date | null; intervalSeconds: number; lastPolledAt: Date | null; createdAt: Date; expiresAt: Date;
}): DeviceCodeRecord {
  return {
    id: row.id,
    clientId: row.clientId,
    scope: scopeList(row.scope),
    resource: parseJsonArray<string>(row.resource),
    nonce: row.nonce,
    // An unknown status (a newer version's row) is treated as used: it never yields tokens.
    status: (DEVICE_STATUSES.has(row.status) ? row.status : "consumed") as DeviceCodeRecord["status"],
    userId: row.userId,
    amr: parseJsonArray<string>(row.amr),
    authTime: row.authTime,
    intervalSeconds: row.intervalSeconds,
    lastPolledAt: row.lastPolledAt,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * One statement for a user with its groups (part 0, a row per group), its own custom claims
 * (part 1) and those of its groups (part 2). `id` is where the user id comes from: a placeholder,
 * or (PostgreSQL, see `userRowsOf`) a column of the statement around it: hence aliases ending in
 * "_", which no statement around it uses (an inner alias of the same name would hide the outer one,
 * e.g. `c."user_id"` of a code would silently read a custom claim's).
 */
const USER_ROWS = (id: string) =>
  `SELECT 0 AS "part", "u_"."id", "u_"."username", "u_"."email", "u_"."email_verified", "u_"."first_name", "u_"."last_name", "u_"."display_name", "u_"."disabled",
     "g_"."id" AS "group_id", "g_"."name" AS "group_name", NULL AS "key", NULL AS "value", NULL AS "created_at"
   FROM "users" "u_" LEFT JOIN "user_groups_users" "m_" ON "m_"."user_id" = "u_"."id" LEFT JOIN "user_groups" "g_" ON "g_"."id" = "m_"."user_group_id"
   WHERE "u_"."id" = ${id}
   UNION ALL
   SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "c_"."key", "c_"."value", "c_"."created_at"
   FROM "user_custom_claims" "c_" WHERE "c_"."user_id" = ${id}
   UNION ALL
   SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "gc_"."user_group_id", NULL, "gc_"."key", "gc_"."value", "gc_"."created_at"
   FROM "user_group_custom_claims" "gc_" JOIN "user_groups_users" "gm_" ON "gm_"."user_group_id" = "gc_"."user_group_id" WHERE "gm_"."user_id" = ${id}`;

/**
 * PostgreSQL: the rows of USER_ROWS as one JSON column of another statement, so a grant reads
 * its user with the token or code it redeems (one round trip fewer). JSON has the same names and
 * values: timestamps without an offset, which sqlDate reads as UTC as Prisma wrote them.
 */
const userRowsOf = (id: string) => `(SELECT json_agg("x") FROM (${USER_ROWS(id)}) "x")`;

/** findActiveAccessToken's extra columns and joins on PostgreSQL (its `also`). */
const USERINFO_EXTRA = [
  `, "ur"."user_rows", c."id" AS "c_id", c."claim_mapping"`,
  ` LEFT JOIN "oidc_clients" c ON c."id" = t."client_id" LEFT JOIN LATERAL (SELECT ${userRowsOf(`t."user_id"`)} AS "user_rows") "ur" ON TRUE`,
] as const;
const INTROSPECTION_EXTRA = [`, u."id" AS "u_id", u."disabled" AS "u_disabled"`, ` LEFT JOIN "users" u ON u."id" = t."user_id"`] as const;

/** The user from USER_ROWS' rows, or null when there is none. */
function userOf(rows: SqlRow[]): OidcUser | null {
  const u = rows.find((r) => Number(r.part) === 0);
  if (!u) return null;
  const groups = rows
    .filter((r) => Number(r.part) === 0 && r.group_id !== null && r.group_id !== undefined)
    .map((r) => ({ id: sqlString(r.group_id), name: sqlString(r.group_name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const claims = rows.filter((r) => Number(r.part) !== 0);
  // Inventory §2.10: the user's own claims first, then each group's (groups by name), each in
  // the order they were created.
  const byCreation = (a: SqlRow, b: SqlRow) => sqlDate(a.created_at).getTime() - sqlDate(b.created_at).getTime();
  const claim = (r: SqlRow) => ({ key: sqlString(r.key), value: sqlString(r.value) });
  const own = claims.filter((r) => Number(r.part) === 1).sort(byCreation);
  return {
    id: sqlString(u.id),
    username: sqlString(u.username),
    email: sqlStringOrNull(u.email),
    emailVerified: sqlBool(u.email_verified),
    firstName: sqlString(u.first_name),
    lastName: sqlString(u.last_name),
    displayName: sqlString(u.display_name),
    disabled: sqlBool(u.disabled),
    groups,
    customClaims: [
      ...own.map(claim),
      ...groups.flatMap((g) =>
        claims
          .filter((r) => Number(r.part) === 2 && r.group_id === g.id)
          .sort(byCreation)
          .map(claim),
      ),
    ],
  };
}

/** A user_rows column (userRowsOf): the user, or null for none. */
function prefetchedUser(v: unknown): OidcUser | null {
  const rows: unknown = typeof v === "string" ? JSON.parse(v) : v;
  return Array.isArray(rows) ? userOf(rows as SqlRow[]) : null;
}

/**
 * PostgreSQL, inside a grant's transaction: writes whose outcome nothing waits for (the tokens'
 * records, a consumption whose row this transaction holds locked) are held back and sent together
 * as one statement, before the next statement or the COMMIT (`deferringRunner`).
 */
export interface DeferredWrites {
  defer(sql: string, args: readonly SqlValue[]): void;
}

/**
 * A transaction's runner that holds deferred writes until its next statement or `flush` (called
 * before COMMIT), so a transaction still reads its own writes. Several are one data-modifying
 * WITH: PostgreSQL runs each to completion, on one snapshot, so none may touch a row another
 * writes (the deferred ones never do: each writes rows of its own).
 */
export function deferringRunner(q: SqlRunner): SqlRunner & DeferredWrites & { flush(): Promise<void> } {
  let pending: { sql: string; args: readonly SqlValue[] }[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const writes = pending;
    pending = [];
    const last = writes[writes.length - 1];
    const sql = writes.length === 1 ? last.sql : `WITH ${writes.slice(0, -1).map((w, i) => `"w${i}" AS (${w.sql})`).join(", ")} ${last.sql}`;
    await q.run(sql, writes.flatMap((w) => w.args));
  };
  return {
    defer(sql, args) {
      pending.push({ sql, args });
    },
    flush,
    async rows(sql, args) {
      await flush();
      return q.rows(sql, args);
    },
    async run(sql, args) {
      await flush();
      return q.run(sql, args);
    },
  };
}

/** Writes an audit row with plain SQL, inside the caller's transaction (DESIGN rule 7). */
async function audit(q: SqlRunner, event: AuditEvent, meta: StoreMeta, userId: string | null, data: Record<string, string>, now: Date) {
  const row = insertAuditRow(event, meta, userId, data);
  await q.run(
    `INSERT INTO "audit_logs" ("id", "created_at", "event", "user_id", "ip_address", "user_agent", "data", "country", "city") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), now, row.event, row.userId, row.ipAddress, row.userAgent, row.data, row.country, row.city],
  );
}

/**
 * The methods on `q` (the root runner or a transaction's). `inTransaction` runs a function in one
 * transaction: a new one at the root, the current one inside a transaction.
 */
export function hotStoreMethods(
  q: SqlRunner,
  inTransaction: <T>(fn: (q: SqlRunner) => Promise<T>) => Promise<T>,
  /** On PostgreSQL, where each statement is a round trip to another process, pairs of writes are one statement (a data-modifying WITH, which SQLite lacks). */
  provider: "sqlite" | "postgresql",
  /** A write outside any transaction that may be committed with others (SqlDatabase.runGrouped); `q.run` inside a transaction. */
  runGrouped: SqlRunner["run"] = (sql, args) => q.run(sql, args),
  /**
   * PostgreSQL, inside a grant's transaction (`deferringRunner` on `q`): a grant then reads its
   * user with the code or refresh token it redeems, locks the refresh token it reads, and sends
   * its writes as one statement before COMMIT. Code exchange and refresh: 4 statements each.
   */
  deferred?: DeferredWrites,
): HotStoreMethods {
  const pg = provider === "postgresql";
  const tx = pg ? deferred : undefined;
  // This transaction's users, read with a code or refresh token (tx only).
  const prefetched = new Map<string, OidcUser | null>();
  // Refresh tokens this transaction read FOR UPDATE (tx only): whether each was unused and unrevoked.
  const locked = new Map<string, boolean>();
  const clientOf = async (c: SqlRow): Promise<OidcClient> => {
    const id = sqlString(c.id);
    const restricted = sqlBool(c.is_group_restricted);
    // The allowed groups matter only to a group-restricted client: other clients (most, and
    // every token request of theirs) skip that query.
    const allowed = restricted ? await q.rows(`SELECT "user_group_id" FROM "oidc_clients_allowed_user_groups" WHERE "oidc_client_id" = ?`, [id]) : [];
    const isCimd = c.client_type === "cimd";
    return {
      id,
      name: sqlString(c.name),
      isPublic: sqlBool(c.is_public),
      pkceEnabled: sqlBool(c.pkce_enabled),
      callbackUrls: parseJsonArray<string>(c.callback_urls),
      logoutCallbackUrls: parseJsonArray<string>(c.logout_callback_urls),
      requiresReauthentication: sqlBool(c.requires_reauthentication),
      skipConsent: sqlBool(c.skip_consent),
      isGroupRestricted: restricted,
      allowedGroupIds: allowed.map((g) => sqlString(g.user_group_id)),
      accessTokenDurationMinutes: Number(c.access_token_duration_minutes),
      refreshTokenDurationMinutes: Number(c.refresh_token_duration_minutes),
      federatedIdentities: parseJsonArray<FederatedIdentity>(c.federated_identities).filter(
        (f) => !!f && typeof f === "object" && typeof f.issuer === "string" && f.issuer !== "",
      ),
      jwks: parseJwks(c.jwks),
      jwksUri: sqlStringOrNull(c.jwks_uri),
      idTokenSignedResponseAlg: isSigningAlg(c.id_token_signed_response_alg) ? c.id_token_signed_response_alg : null,
      requiresPushedAuthorizationRequests: sqlBool(c.requires_pushed_authorization_requests),
      backchannelLogoutUri: sqlStringOrNull(c.backchannel_logout_uri),
      backchannelLogoutSessionRequired: sqlBool(c.backchannel_logout_session_required),
      grantTypes: isCimd ? parseJsonArray<unknown>(c.metadata_grant_types).filter((g): g is string => typeof g === "string") : null,
      isCimd,
      claimMapping: parseStoredClaimMapping(sqlStringOrNull(c.claim_mapping)),
      hasLogo: !!c.image_type,
      hasDarkLogo: !!c.dark_image_type,
    };
  };
  return {
    async findClient(id) {
      if (!usableId(id, 256)) return null;
      const c = first(await q.rows(`SELECT ${CLIENT_COLUMNS()} FROM "oidc_clients" WHERE "id" = ?`, [id]));
      return c ? clientOf(c) : null;
    },

    async findClientWithSecrets(id, now) {
      if (!usableId(id, 256)) return null;
      // The client row with each of its live secrets (newest first, at most 20, inventory §2.8):
      // one read for what client authentication needs.
      const rows = await q.rows(
        `SELECT ${CLIENT_COLUMNS("c.")}, s."alg" AS "secret_alg", s."secret_hash" AS "secret_hash"
         FROM "oidc_clients" c LEFT JOIN "oidc_client_secrets" s ON s."client_id" = c."id" AND (s."expires_at" IS NULL OR s."expires_at" > ?)
         WHERE c."id" = ? ORDER BY s."created_at" DESC LIMIT 20`,
        [now, id],
      );
      if (!rows[0]) return null;
      const secrets = rows.filter((r) => r.secret_hash !== null && r.secret_hash !== undefined).map((r) => ({ alg: sqlString(r.secret_alg), hash: sqlString(r.secret_hash) }));
      return { client: await clientOf(rows[0]), secrets };
    },

    async findUser(id) {
      if (!usableId(id, 256)) return null;
      if (prefetched.has(id)) return prefetched.get(id)!;
      return userOf(await q.rows(USER_ROWS("?"), [id, id, id]));
    },

    async isUserEnabled(id) {
      if (!usableId(id, 256)) return false;
      const u = first(await q.rows(`SELECT "disabled" FROM "users" WHERE "id" = ?`, [id]));
      return !!u && !sqlBool(u.disabled);
    },

    async findApiAccess(clientId, audience, subjectType) {
      if (!usableId(clientId, 256) || !usableId(audience, 2048)) return { exists: false, allowed: false, scopes: [] };
      const api = first(await q.rows(`SELECT "id" FROM "apis" WHERE "audience" = ?`, [audience]));
      if (!api) return { exists: false, allowed: false, scopes: [] };
      const access = first(
        await q.rows(`SELECT 1 AS "ok" FROM "oidc_clients_allowed_apis" WHERE "oidc_client_id" = ? AND "api_id" = ? AND "subject_type" = ?`, [
          clientId,
          sqlString(api.id),
          subjectType,
        ]),
      );
      if (!access) return { exists: true, allowed: false, scopes: [] };
      const granted = await q.rows(
        `SELECT p."key" FROM "oidc_clients_allowed_api_permissions" a JOIN "api_permissions" p ON p."id" = a."api_permission_id"
         WHERE a."oidc_client_id" = ? AND a."subject_type" = ? AND p."api_id" = ?`,
        [clientId, subjectType, sqlString(api.id)],
      );
      return { exists: true, allowed: true, scopes: granted.map((g) => sqlString(g.key)).sort() };
    },

    async clientApiScopeKeys(clientId) {
      if (!usableId(clientId, 256)) return [];
      const rows = await q.rows(
        `SELECT p."key" FROM "oidc_clients_allowed_api_permissions" a JOIN "api_permissions" p ON p."id" = a."api_permission_id" WHERE a."oidc_client_id" = ?`,
        [clientId],
      );
      return [...new Set(rows.map((r) => sqlString(r.key)))];
    },

    async consumeCode(codeHash, clientId, now) {
      if (codeHash.length !== 64 || !usableId(clientId, 256)) return { status: "missing" };
      // The client binding is part of the conditional update: another client's attempt changes
      // nothing. Update first, read after: on PostgreSQL a concurrent redemption holds the row
      // lock, so this waits for it to commit and then finds the code used. RETURNING hands the
      // claimed row back, so a first redemption reads the code without another query.
      // The family's session and revocation come back in the same statement (a subquery in
      // RETURNING: SQLite and PostgreSQL both allow it).
      // PostgreSQL, in a grant's transaction: the code's user too (findUser then answers from it).
      const claimed = first(
        await q.rows(
          `UPDATE "oauth_authorization_codes" SET "consumed_at" = ? WHERE "code_hash" = ? AND "client_id" = ? AND "consumed_at" IS NULL
           RETURNING ${CODE_COLUMNS()},
             (SELECT g."id" FROM "oauth_grants" g WHERE g."id" = "oauth_authorization_codes"."grant_id") AS "g_id",
             (SELECT g."session_id" FROM "oauth_grants" g WHERE g."id" = "oauth_authorization_codes"."grant_id") AS "g_session_id",
             (SELECT g."revoked_at" FROM "oauth_grants" g WHERE g."id" = "oauth_authorization_codes"."grant_id") AS "g_revoked_at"${
               tx ? `, ${userRowsOf(`"oauth_authorization_codes"."user_id"`)} AS "user_rows"` : ""
             }`,
          [now, codeHash, clientId],
        ),
      );
      if (claimed) {
        if (tx) prefetched.set(sqlString(claimed.user_id), prefetchedUser(claimed.user_rows));
        return { status: "ok", code: codeOf(claimed, codeGrantOf(claimed)) };
      }
      const row = first(
        await q.rows(
          `SELECT ${CODE_COLUMNS("c.")}, g."id" AS "g_id", g."session_id" AS "g_session_id", g."revoked_at" AS "g_revoked_at"
           FROM "oauth_authorization_codes" c LEFT JOIN "oauth_grants" g ON g."id" = c."grant_id" WHERE c."code_hash" = ?`,
          [codeHash],
        ),
      );
      if (!row) return { status: "missing" };
      if (row.client_id !== clientId) return { status: "wrong_client" };
      return { status: "reused", code: codeOf(row, codeGrantOf(row)) };
    },

    async revokeCodeTokens(codeId, now, meta) {
      await inTransaction(async (tx) => {
        const code = first(await tx.rows(`SELECT "grant_id", "user_id", "client_id" FROM "oauth_authorization_codes" WHERE "id" = ?`, [codeId]));
        // The whole family: the code's tokens and every rotation since (one update on the grant).
        if (code?.grant_id) await tx.run(`UPDATE "oauth_grants" SET "revoked_at" = ? WHERE "id" = ? AND "revoked_at" IS NULL`, [now, sqlString(code.grant_id)]);
        await tx.run(`UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "authorization_code_id" = ? AND "revoked_at" IS NULL`, [now, codeId]);
        await tx.run(`UPDATE "oauth_refresh_tokens" SET "revoked_at" = ? WHERE "authorization_code_id" = ? AND "revoked_at" IS NULL`, [now, codeId]);
        await audit(tx, "AUTHORIZATION_CODE_REUSED", meta, sqlStringOrNull(code?.user_id), { clientId: sqlString(code?.client_id) }, now);
      });
    },

    async createGrant(grant) {
      const id = randomUUID();
      await q.run(
        `INSERT INTO "oauth_grants" ("id", "created_at", "client_id", "user_id", "session_id", "scope", "nonce", "amr", "auth_time", "expires_at", "resource")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, new Date(), grant.clientId, grant.userId, grant.sessionId, grant.scope.join(" "), grant.nonce, JSON.stringify(grant.amr), grant.authTime, grant.expiresAt, grant.resource ?? null],
      );
      return id;
    },

    async revokeGrant(grantId, now, meta, event) {
      await inTransaction(async (tx) => {
        const revoked = first(
          await tx.rows(`UPDATE "oauth_grants" SET "revoked_at" = ? WHERE "id" = ? AND "revoked_at" IS NULL RETURNING "user_id", "client_id"`, [now, grantId]),
        );
        if (!revoked) return;
        await audit(tx, event, meta, sqlStringOrNull(revoked.user_id), { clientId: sqlString(revoked.client_id) }, now);
      });
    },

    async recordAccessToken(input) {
      const insert = `INSERT INTO "oauth_access_tokens" ("jti", "created_at", "client_id", "user_id", "scope", "expires_at", "authorization_code_id", "refresh_token_id", "grant_id")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
      const values = [input.jti, new Date(), input.clientId, input.userId, input.scope.join(" "), input.expiresAt, input.authorizationCodeId, input.refreshTokenId ?? null, input.grantId ?? null];
      if (tx) return tx.defer(insert, values);
      // Outside a grant's transaction (client_credentials), committed with the other requests'
      // access-token records of the same moment.
      await runGrouped(insert, values);
    },

    async findActiveAccessToken(jti, now, also) {
      if (!usableId(jti, 64)) return null;
      // PostgreSQL: what the caller reads next comes in the same statement (userinfo: the user and
      // the client's claim mapping; introspection: whether the user is enabled).
      const extra = !pg || !also ? "" : also === "userinfo" ? USERINFO_EXTRA : INTROSPECTION_EXTRA;
      const row = first(
        await q.rows(
          `SELECT t."jti", t."client_id", t."user_id", t."scope", t."grant_id", t."created_at", t."expires_at", t."revoked_at", g."revoked_at" AS "grant_revoked_at"${extra[0] ?? ""}
           FROM "oauth_access_tokens" t LEFT JOIN "oauth_grants" g ON g."id" = t."grant_id"${extra[1] ?? ""} WHERE t."jti" = ?`,
          [jti],
        ),
      );
      if (!row || row.revoked_at || row.grant_revoked_at) return null;
      const expiresAt = sqlDate(row.expires_at);
      if (expiresAt <= now) return null;
      const userId = sqlStringOrNull(row.user_id);
      return {
        jti: sqlString(row.jti),
        clientId: sqlString(row.client_id),
        userId,
        scope: scopeList(row.scope),
        grantId: sqlStringOrNull(row.grant_id),
        createdAt: sqlDate(row.created_at),
        expiresAt,
        ...(extra === USERINFO_EXTRA && {
          also: {
            user: userId ? prefetchedUser(row.user_rows) : null,
            clientClaimMapping: row.c_id === null || row.c_id === undefined ? undefined : parseStoredClaimMapping(sqlStringOrNull(row.claim_mapping)),
          },
        }),
        // A token without a user (client_credentials) is active as long as it is.
        ...(extra === INTROSPECTION_EXTRA && { also: { userEnabled: !userId || (row.u_id !== null && row.u_id !== undefined && !sqlBool(row.u_disabled)) } }),
      };
    },

    async revokeAccessToken(jti, clientId, now) {
      if (!usableId(jti, 64) || !usableId(clientId, 256)) return;
      await q.run(`UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "jti" = ? AND "client_id" = ? AND "revoked_at" IS NULL`, [now, jti, clientId]);
    },

    async recordRefreshToken(input) {
      const { grant } = input;
      const insert = `INSERT INTO "oauth_refresh_tokens" ("id", "created_at", "token_hash", "family_id", "grant_id", "client_id", "user_id", "scope", "nonce", "amr",
           "auth_time", "id_token_jti", "expires_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
      const values = [
        input.id,
        new Date(),
        input.tokenHash,
        input.grantId,
        input.grantId,
        input.clientId,
        input.userId,
        input.scope.join(" "),
        grant.nonce,
        JSON.stringify(grant.amr),
        grant.authTime,
        input.idTokenJti,
        input.expiresAt,
      ];
      // The family must outlive its newest refresh token (lib/services/cleanup.ts deletes it by
      // this expiry). When it is moved, it moves a day past the token: a chain of refreshes then
      // writes the grant row about once a day instead of at every rotation, and a grant read
      // with the token (refresh) that already covers it is not written at all. Conditional, so
      // the expiry only ever moves later.
      const covered = !!grant.expiresAt && grant.expiresAt >= input.expiresAt;
      const extend = `UPDATE "oauth_grants" SET "expires_at" = ? WHERE "id" = ? AND "expires_at" < ?`;
      const extendValues = [new Date(input.expiresAt.getTime() + GRANT_EXPIRY_SLACK_MS), input.grantId, input.expiresAt];
      if (tx) {
        tx.defer(insert, values);
        if (!covered) tx.defer(extend, extendValues);
        return;
      }
      if (covered) {
        await q.run(insert, values);
        return;
      }
      if (pg) {
        // One statement: PostgreSQL runs a data-modifying WITH to completion even unreferenced.
        await q.run(`WITH "inserted" AS (${insert} RETURNING 1) ${extend}`, [...values, ...extendValues]);
        return;
      }
      await q.run(insert, values);
      await q.run(extend, extendValues);
    },

    async findRefreshToken(tokenHash) {
      if (tokenHash.length !== 64) return null;
      if (tx) {
        // A grant's transaction on PostgreSQL: the token locked until COMMIT (a concurrent rotation
        // waits here and then reads it used), so its consumption cannot fail and waits for the
        // other writes (consumeRefreshToken); its user read with it.
        const row = first(
          await q.rows(
            `SELECT ${REFRESH_COLUMNS}, "ur"."user_rows" ${REFRESH_FROM} LEFT JOIN LATERAL (SELECT ${userRowsOf(`r."user_id"`)} AS "user_rows") "ur" ON TRUE
             WHERE r."token_hash" = ? FOR UPDATE OF r`,
            [tokenHash],
          ),
        );
        if (!row) return null;
        const record = refreshOf(row);
        locked.set(record.id, !record.consumedAt && !record.revokedAt);
        prefetched.set(record.userId, prefetchedUser(row.user_rows));
        return record;
      }
      const row = first(await q.rows(`${REFRESH_SELECT} WHERE r."token_hash" = ?`, [tokenHash]));
      return row ? refreshOf(row) : null;
    },

    async findRefreshTokenById(id) {
      if (!usableId(id, 64)) return null;
      const row = first(await q.rows(`${REFRESH_SELECT} WHERE r."id" = ?`, [id]));
      return row ? refreshOf(row) : null;
    },

    async consumeRefreshToken(id, successorId, now) {
      const consume = `UPDATE "oauth_refresh_tokens" SET "consumed_at" = ?, "successor_id" = ? WHERE "id" = ? AND "consumed_at" IS NULL AND "revoked_at" IS NULL`;
      if (tx && locked.get(id)) {
        // Read unused and unrevoked FOR UPDATE in this transaction: nobody else can change it
        // before COMMIT, so both updates go with the tokens' records.
        locked.set(id, false);
        tx.defer(consume, [now, successorId, id]);
        // inventory §2.7: the access tokens issued with the used refresh token stop working.
        tx.defer(`UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "refresh_token_id" = ? AND "revoked_at" IS NULL`, [now, id]);
        return true;
      }
      if (pg) {
        // Both updates in one statement (the second revokes only if the first consumed the
        // token); a concurrent rotation's row lock is waited for as by the plain UPDATE.
        const consumed = await q.rows(
          `WITH "consumed" AS (
             UPDATE "oauth_refresh_tokens" SET "consumed_at" = ?, "successor_id" = ? WHERE "id" = ? AND "consumed_at" IS NULL AND "revoked_at" IS NULL RETURNING "id"
           ), "revoked" AS (
             UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "refresh_token_id" IN (SELECT "id" FROM "consumed") AND "revoked_at" IS NULL
           ) SELECT "id" FROM "consumed"`,
          [now, successorId, id, now],
        );
        return consumed.length === 1;
      }
      const changed = await q.run(consume, [now, successorId, id]);
      if (changed !== 1) return false;
      // inventory §2.7: the access tokens issued with the used refresh token stop working.
      await q.run(`UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "refresh_token_id" = ? AND "revoked_at" IS NULL`, [now, id]);
      return true;
    },

    async findDeviceCode(deviceCodeHash) {
      if (deviceCodeHash.length !== 64) return null;
      const r = first(
        await q.rows(
          `SELECT "id", "client_id", "scope", "resource", "nonce", "status", "user_id", "amr", "auth_time", "interval_seconds", "last_polled_at",
             "created_at", "expires_at" FROM "oauth_device_codes" WHERE "device_code_hash" = ?`,
          [deviceCodeHash],
        ),
      );
      if (!r) return null;
      return toDeviceCodeRecord({
        id: sqlString(r.id),
        clientId: sqlString(r.client_id),
        scope: sqlString(r.scope),
        resource: sqlString(r.resource),
        nonce: sqlStringOrNull(r.nonce),
        status: sqlString(r.status),
        userId: sqlStringOrNull(r.user_id),
        amr: sqlString(r.amr),
        authTime: sqlDateOrNull(r.auth_time),
        intervalSeconds: Number(r.interval_seconds),
        lastPolledAt: sqlDateOrNull(r.last_polled_at),
        createdAt: sqlDate(r.created_at),
        expiresAt: sqlDate(r.expires_at),
      });
    },

    async recordDevicePoll(id, previous, now, intervalSeconds) {
      const changed =
        previous === null
          ? await q.run(
              `UPDATE "oauth_device_codes" SET "last_polled_at" = ?, "interval_seconds" = ? WHERE "id" = ? AND "status" = 'pending' AND "last_polled_at" IS NULL`,
              [now, intervalSeconds, id],
            )
          : await q.run(
              `UPDATE "oauth_device_codes" SET "last_polled_at" = ?, "interval_seconds" = ? WHERE "id" = ? AND "status" = 'pending' AND "last_polled_at" = ?`,
              [now, intervalSeconds, id, previous],
            );
      return changed === 1;
    },

    async slowDownDeviceCode(id, seconds, now) {
      await q.run(`UPDATE "oauth_device_codes" SET "interval_seconds" = "interval_seconds" + ?, "last_polled_at" = ? WHERE "id" = ?`, [seconds, now, id]);
    },

    async consumeDeviceCode(id) {
      return (await q.run(`UPDATE "oauth_device_codes" SET "status" = 'consumed' WHERE "id" = ? AND "status" = 'approved'`, [id])) === 1;
    },
  };
}
