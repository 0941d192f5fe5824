import { randomBytes } from "node:crypto";
import { sqlOf, type Db, type Tx } from "./client";
import { deferringRunner, hotStoreMethods, usableId, type DeferredWrites } from "./oidc-store-sql";

export { toDeviceCodeRecord } from "./oidc-store-sql";
import type { SqlDatabase, SqlRunner } from "./sql";
import type { InteractionRecord, OidcStore } from "../oidc/store";
import type { AuthorizeParams } from "../oidc/types";
import { writeAudit } from "./audit";
import { consentKeys } from "../oidc/resource";
import { isLockTimeout, isUniqueViolation } from "./errors";
import { TemporarilyUnavailableError } from "../oidc/errors";

const json = <T>(s: string): T => JSON.parse(s) as T;


/**
 * The protocol's storage: its hot statements in plain SQL on Prisma's own adapter
 * (oidc-store-sql.ts), the rest through Prisma (SQLite or PostgreSQL).
 */
export function prismaOidcStore(root: Db): OidcStore {
  return storeOn(root, busyAnswered(sqlOf(root)));
}

/**
 * A row lock that PostgreSQL could not take within lock_timeout (client.ts) fails the statement
 * and its transaction, which changed nothing: the protocol answers 503 temporarily_unavailable
 * (retry) instead of server_error.
 */
function busyAnswered(sql: SqlDatabase): SqlDatabase {
  const translate = (e: unknown): never => {
    throw isLockTimeout(e) ? new TemporarilyUnavailableError() : e;
  };
  return {
    provider: sql.provider,
    rows: (text, args) => sql.rows(text, args).catch(translate),
    run: (text, args) => sql.run(text, args).catch(translate),
    runGrouped: (text, args) => sql.runGrouped(text, args).catch(translate),
    transaction: (fn) => sql.transaction(fn).catch(translate),
  };
}

/**
 * A grant's transaction (DESIGN "Seams"): one plain-SQL transaction from BEGIN to COMMIT, in
 * which every store method a grant uses runs (oidc-store-sql.ts). Anything else would run
 * outside it (and on SQLite wait for its lock until timing out): it throws instead.
 */
function transactionStore(q: SqlRunner, provider: SqlDatabase["provider"], deferred?: DeferredWrites): OidcStore {
  const store: Partial<OidcStore> = {
    transaction: (fn) => fn(store as OidcStore),
    ...hotStoreMethods(q, (fn) => fn(q), provider, undefined, deferred),
  };
  return new Proxy(store as OidcStore, {
    get(target, prop, receiver) {
      // `then` stays undefined: the store is not a promise (awaiting it must not hang).
      if (typeof prop === "string" && prop !== "then" && !(prop in target)) {
        return () => Promise.reject(new Error(`store.${prop} is not available inside a grant transaction (lib/db/oidc-store-sql.ts).`));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** The store on the root client. On SQLite transactions of this process take turns (serialized-sqlite.ts), on PostgreSQL row locks order them. */
function storeOn(db: Db, sql: SqlDatabase): OidcStore {
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => db.$transaction(fn);
  const store: OidcStore = {
    transaction: (fn) =>
      sql.transaction(async (q) => {
        if (sql.provider !== "postgresql") return fn(transactionStore(q, sql.provider));
        // PostgreSQL: the grant's held-back writes go as one statement before COMMIT (oidc-store-sql.ts).
        const writes = deferringRunner(q);
        const result = await fn(transactionStore(writes, sql.provider, writes));
        await writes.flush();
        return result;
      }),
    ...hotStoreMethods(
      sql,
      (fn) => sql.transaction(fn),
      sql.provider,
      (text, args) => sql.runGrouped(text, args),
    ),

    async clientExists(id) {
      if (!usableId(id, 256)) return false;
      return (await db.oidcClient.count({ where: { id } })) > 0;
    },

    async recordAssertionJti(clientId, jti, expiresAt, now) {
      if (!usableId(jti, 512)) return false;
      // An expired record no longer protects anything (the assertion it came from is dead too).
      await db.oauthClientAssertionJti.deleteMany({ where: { clientId, jti, expiresAt: { lte: now } } });
      // The primary key decides a race between two requests with the same jti. Not inside a
      // transaction: on PostgreSQL a failed insert would abort it.
      try {
        await db.oauthClientAssertionJti.create({ data: { clientId, jti, expiresAt } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },



    async describeApiPermissions(audience, keys) {
      if (!keys.length || !usableId(audience, 2048)) return [];
      const rows = await db.apiPermission.findMany({ where: { api: { audience }, key: { in: keys } }, select: { key: true, name: true, description: true } });
      return rows;
    },



    async findConsent(userId, clientId) {
      if (!usableId(userId, 256) || !usableId(clientId, 256)) return null;
      const row = await db.userAuthorizedClient.findUnique({ where: { userId_clientId: { userId, clientId } } });
      return row ? json<string[]>(row.scope) : null;
    },

    async createInteraction(params, now, ttlSeconds) {
      const id = randomBytes(24).toString("base64url");
      await db.oauthInteraction.create({
        data: {
          id,
          clientId: params.client_id,
          parameters: JSON.stringify(params),
          requestedAt: now,
          expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
        },
      });
      return id;
    },

    async loadInteraction(id, now): Promise<InteractionRecord | null> {
      if (!usableId(id, 64)) return null;
      const row = await db.oauthInteraction.findUnique({ where: { id } });
      if (!row || row.expiresAt <= now) return null;
      return {
        id: row.id,
        params: json<AuthorizeParams>(row.parameters),
        requestedAt: row.requestedAt,
        confirmedUserId: row.userId,
        selectedUserId: row.selectedUserId,
        denied: row.denied,
      };
    },

    async confirmInteraction(id, userId) {
      if (!usableId(id, 64)) return false;
      const res = await db.oauthInteraction.updateMany({ where: { id }, data: { userId } });
      return res.count === 1;
    },

    async denyInteraction(id) {
      if (!usableId(id, 64)) return false;
      const res = await db.oauthInteraction.updateMany({ where: { id }, data: { denied: true } });
      return res.count === 1;
    },

    async deleteInteraction(id) {
      if (!usableId(id, 64)) return false;
      const res = await db.oauthInteraction.deleteMany({ where: { id } });
      return res.count === 1;
    },

    async selectAccount(id, userId) {
      if (!usableId(id, 64)) return false;
      const res = await db.oauthInteraction.updateMany({ where: { id }, data: { selectedUserId: userId } });
      return res.count === 1;
    },

    async savePushedRequest({ requestUriHash, clientId, params, expiresAt }) {
      await db.oauthPushedRequest.create({ data: { requestUriHash, clientId, parameters: JSON.stringify(params), expiresAt } });
    },

    async consumePushedRequest(requestUriHash, clientId, now) {
      if (!usableId(clientId, 256) || requestUriHash.length !== 64) return null;
      return inTransaction(async (tx) => {
        // Read and delete in one transaction: whoever deletes the row owns it (single use).
        const row = await tx.oauthPushedRequest.findUnique({ where: { requestUriHash } });
        if (!row) return null;
        const deleted = await tx.oauthPushedRequest.deleteMany({ where: { requestUriHash } });
        if (deleted.count !== 1 || row.clientId !== clientId || row.expiresAt <= now) return null;
        return json<[string, string][]>(row.parameters);
      });
    },

    async saveAuthorization({ code: { resource, ...code }, interactionId, usedPkce, meta, clientName }) {
      return inTransaction(async (tx) => {
        if (interactionId) {
          // Single use: a second resume of the same interaction finds nothing to delete, and
          // nothing has been written yet, so returning commits an empty transaction.
          const deleted = await tx.oauthInteraction.deleteMany({ where: { id: interactionId } });
          if (deleted.count !== 1) return false;
        }
        // The grant family starts with the code (DESIGN "Seams"); the code's tokens join it.
        const { sessionId, ...codeRow } = code;
        const grant = await tx.oauthGrant.create({
          data: {
            clientId: code.clientId,
            userId: code.userId,
            sessionId: sessionId ?? null,
            scope: code.scope.join(" "),
            nonce: code.nonce,
            amr: JSON.stringify(code.amr),
            authTime: code.authTime,
            expiresAt: code.expiresAt,
            resource: resource?.[0] ?? null,
          },
        });
        await tx.oauthAuthorizationCode.create({
          data: { ...codeRow, scope: code.scope.join(" "), resource: JSON.stringify(resource ?? []), amr: JSON.stringify(code.amr), grantId: grant.id },
        });
        const existing = await tx.userAuthorizedClient.findUnique({
          where: { userId_clientId: { userId: code.userId, clientId: code.clientId } },
        });
        // Consent is a union of keys (inventory §2.4); API permissions are qualified by audience (§2.16).
        const merged = Array.from(new Set([...(existing ? json<string[]>(existing.scope) : []), ...consentKeys(code.scope, resource?.[0])]));
        await tx.userAuthorizedClient.upsert({
          where: { userId_clientId: { userId: code.userId, clientId: code.clientId } },
          create: { userId: code.userId, clientId: code.clientId, scope: JSON.stringify(merged), lastUsedAt: new Date() },
          update: { scope: JSON.stringify(merged), lastUsedAt: new Date() },
        });
        if (usedPkce) {
          // Admin hint: a confidential client without the PKCE flag was seen using PKCE (§2.2).
          await tx.oidcClient.updateMany({ where: { id: code.clientId, pkceEnabled: false, pkceSupported: false }, data: { pkceSupported: true } });
        }
        await writeAudit(tx, existing ? "CLIENT_AUTHORIZATION" : "NEW_CLIENT_AUTHORIZATION", meta, code.userId, {
          clientName,
          clientId: code.clientId,
        });
        return true;
      });
    },












    async saveDeviceCode({ now, scope, resource, ...row }) {
      // An expired code keeps its row (the page can still say "expired") until cleanup, but its
      // user code may be drawn again. Not inside a transaction: on PostgreSQL a failed insert
      // would abort it.
      await db.oauthDeviceCode.deleteMany({ where: { userCodeHash: row.userCodeHash, expiresAt: { lte: now } } });
      try {
        await db.oauthDeviceCode.create({ data: { ...row, scope: scope.join(" "), resource: JSON.stringify(resource), createdAt: now } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },




  };
  return store;
}
