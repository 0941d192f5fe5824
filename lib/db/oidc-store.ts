import { randomBytes } from "node:crypto";
import type { Db, Tx } from "./client";
import type { CodeRecord, InteractionRecord, OidcStore } from "../oidc/store";
import type { AuthorizeParams, OidcClient, OidcUser } from "../oidc/types";
import { writeAudit } from "./audit";
import { hasControlCharacter } from "../oidc/limits";

const json = <T>(s: string): T => JSON.parse(s) as T;

/**
 * Ids that arrive from clients (client_id, interaction ids) name nothing when they hold a control
 * character, and a NUL would make PostgreSQL fail the query (500) where SQLite finds no row:
 * refused before the query, so both providers answer "not found".
 */
const usableId = (id: string | null | undefined, max: number): id is string => !!id && id.length <= max && !hasControlCharacter(id);

function toCodeRecord(row: {
  id: string; clientId: string; userId: string; redirectUri: string; redirectUriSent: boolean; scope: string; nonce: string | null;
  codeChallenge: string | null; codeChallengeMethod: string | null; amr: string; authTime: Date; requestedAt: Date; expiresAt: Date;
}): CodeRecord {
  return {
    id: row.id,
    clientId: row.clientId,
    userId: row.userId,
    redirectUri: row.redirectUri,
    redirectUriSent: row.redirectUriSent,
    scope: row.scope ? row.scope.split(" ") : [],
    nonce: row.nonce,
    codeChallenge: row.codeChallenge,
    codeChallengeMethod: row.codeChallengeMethod,
    amr: json<string[]>(row.amr),
    authTime: row.authTime,
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
  };
}

/** The protocol's storage on Prisma (SQLite or PostgreSQL). */
export function prismaOidcStore(root: Db): OidcStore {
  return storeOn(root, root);
}

/**
 * The store on `db`: the root client (`root` set) or a transaction (`root` null), in which case
 * everything runs inside that one transaction. On SQLite the adapter serialises transactions of
 * this process with a mutex, on PostgreSQL row locks order them.
 */
function storeOn(db: Tx, root: Db | null): OidcStore {
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (root ? root.$transaction(fn) : fn(db));
  const store: OidcStore = {
    transaction(fn) {
      if (!root) return fn(store);
      return root.$transaction((tx) => fn(storeOn(tx, null)), { maxWait: 10_000, timeout: 10_000 });
    },

    async findClient(id) {
      if (!usableId(id, 256)) return null;
      const c = await db.oidcClient.findUnique({ where: { id }, include: { allowedGroups: true } });
      if (!c) return null;
      const client: OidcClient = {
        id: c.id,
        name: c.name,
        isPublic: c.isPublic,
        pkceEnabled: c.pkceEnabled,
        callbackUrls: json(c.callbackUrls),
        logoutCallbackUrls: json(c.logoutCallbackUrls),
        requiresReauthentication: c.requiresReauthentication,
        skipConsent: c.skipConsent,
        isGroupRestricted: c.isGroupRestricted,
        allowedGroupIds: c.allowedGroups.map((g) => g.userGroupId),
        accessTokenDurationMinutes: c.accessTokenDurationMinutes,
      };
      return client;
    },

    async clientSecretHashes(clientId, now) {
      if (!usableId(clientId, 256)) return [];
      const rows = await db.oidcClientSecret.findMany({
        where: { clientId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        orderBy: { createdAt: "desc" },
        take: 20,
      });
      return rows.map((r) => r.secretHash);
    },

    async findUser(id) {
      const u = await db.user.findUnique({
        where: { id },
        include: {
          customClaims: { orderBy: { createdAt: "asc" } },
          groups: { include: { userGroup: { include: { customClaims: { orderBy: { createdAt: "asc" } } } } } },
        },
      });
      if (!u) return null;
      const groups = u.groups.map((m) => m.userGroup).sort((a, b) => a.name.localeCompare(b.name));
      const user: OidcUser = {
        id: u.id,
        username: u.username,
        email: u.email,
        emailVerified: u.emailVerified,
        firstName: u.firstName,
        lastName: u.lastName,
        displayName: u.displayName,
        disabled: u.disabled,
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        customClaims: [
          ...u.customClaims.map((c) => ({ key: c.key, value: c.value })),
          ...groups.flatMap((g) => g.customClaims.map((c) => ({ key: c.key, value: c.value }))),
        ],
      };
      return user;
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
      return { id: row.id, params: json<AuthorizeParams>(row.parameters), requestedAt: row.requestedAt, confirmedUserId: row.userId };
    },

    async confirmInteraction(id, userId) {
      if (!usableId(id, 64)) return false;
      const res = await db.oauthInteraction.updateMany({ where: { id }, data: { userId } });
      return res.count === 1;
    },

    async saveAuthorization({ code, interactionId, usedPkce, meta, clientName }) {
      return inTransaction(async (tx) => {
        if (interactionId) {
          // Single use: a second resume of the same interaction finds nothing to delete, and
          // nothing has been written yet, so returning commits an empty transaction.
          const deleted = await tx.oauthInteraction.deleteMany({ where: { id: interactionId } });
          if (deleted.count !== 1) return false;
        }
        await tx.oauthAuthorizationCode.create({
          data: { ...code, scope: code.scope.join(" "), amr: JSON.stringify(code.amr) },
        });
        const existing = await tx.userAuthorizedClient.findUnique({
          where: { userId_clientId: { userId: code.userId, clientId: code.clientId } },
        });
        const merged = Array.from(new Set([...(existing ? json<string[]>(existing.scope) : []), ...code.scope]));
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

    async consumeCode(codeHash, clientId, now) {
      if (codeHash.length !== 64) return { status: "missing" };
      // The client binding is part of the conditional update: another client's attempt changes
      // nothing. Update first, read after: on PostgreSQL a concurrent redemption holds the row lock,
      // so this waits for it to commit and then finds the code used.
      const claimed = await db.oauthAuthorizationCode.updateMany({ where: { codeHash, clientId, consumedAt: null }, data: { consumedAt: now } });
      const row = await db.oauthAuthorizationCode.findUnique({ where: { codeHash } });
      if (!row) return { status: "missing" };
      if (row.clientId !== clientId) return { status: "wrong_client" };
      return { status: claimed.count === 1 ? "ok" : "reused", code: toCodeRecord(row) };
    },

    async revokeCodeTokens(codeId, now, meta) {
      await inTransaction(async (tx) => {
        const code = await tx.oauthAuthorizationCode.findUnique({ where: { id: codeId } });
        await tx.oauthAccessToken.updateMany({ where: { authorizationCodeId: codeId, revokedAt: null }, data: { revokedAt: now } });
        await tx.oauthRefreshToken.updateMany({ where: { authorizationCodeId: codeId, revokedAt: null }, data: { revokedAt: now } });
        await writeAudit(tx, "AUTHORIZATION_CODE_REUSED", meta, code?.userId ?? null, { clientId: code?.clientId ?? "" });
      });
    },

    async recordAccessToken(input) {
      await db.oauthAccessToken.create({ data: { ...input, scope: input.scope.join(" ") } });
    },

    async findActiveAccessToken(jti, now) {
      const row = await db.oauthAccessToken.findUnique({ where: { jti } });
      if (!row || row.revokedAt || row.expiresAt <= now) return null;
      return { userId: row.userId, clientId: row.clientId, scope: row.scope ? row.scope.split(" ") : [] };
    },
  };
  return store;
}
