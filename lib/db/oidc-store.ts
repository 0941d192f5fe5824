import { randomBytes } from "node:crypto";
import type { Db, Tx } from "./client";
import type { CodeRecord, DeviceCodeRecord, GrantRecord, InteractionRecord, OidcStore, RefreshTokenRecord } from "../oidc/store";
import { parseStoredClaimMapping } from "../oidc/claim-mapping";
import type { AuthorizeParams, FederatedIdentity, OidcClient, OidcUser } from "../oidc/types";
import { writeAudit } from "./audit";
import { hasControlCharacter } from "../oidc/limits";
import { consentKeys } from "../oidc/resource";
import { isUniqueViolation } from "./errors";
import { isSigningAlg } from "../crypto/signing-keys";

const json = <T>(s: string): T => JSON.parse(s) as T;

/**
 * Ids that arrive from clients (client_id, interaction ids) name nothing when they hold a control
 * character, and a NUL would make PostgreSQL fail the query (500) where SQLite finds no row:
 * refused before the query, so both providers answer "not found".
 */
const usableId = (id: string | null | undefined, max: number): id is string => !!id && id.length <= max && !hasControlCharacter(id);

/** A JSON array column written by someone else (admin API, import): anything unreadable is empty. */
function parseJsonArray<T>(text: string | null): T[] {
  try {
    const v: unknown = text ? JSON.parse(text) : [];
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function parseJwks(text: string | null): { keys: JsonWebKey[] } | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { keys?: unknown };
    return Array.isArray(v?.keys) ? { keys: v.keys as JsonWebKey[] } : null;
  } catch {
    return null;
  }
}

const scopeList = (s: string): string[] => (s ? s.split(" ") : []);

type GrantRow = {
  id: string; clientId: string; userId: string; sessionId: string | null; scope: string; nonce: string | null; amr: string;
  authTime: Date; revokedAt: Date | null; resource: string | null;
};

function toGrantRecord(row: GrantRow): GrantRecord {
  return {
    id: row.id,
    clientId: row.clientId,
    userId: row.userId,
    sessionId: row.sessionId,
    scope: scopeList(row.scope),
    nonce: row.nonce,
    amr: json<string[]>(row.amr),
    authTime: row.authTime,
    revokedAt: row.revokedAt,
    resource: row.resource,
  };
}

function toRefreshRecord(row: {
  id: string; grantId: string | null; clientId: string; userId: string; scope: string; expiresAt: Date; revokedAt: Date | null;
  consumedAt: Date | null; successorId: string | null; grant: GrantRow | null;
}): RefreshTokenRecord {
  return {
    id: row.id,
    grantId: row.grantId,
    clientId: row.clientId,
    userId: row.userId,
    scope: scopeList(row.scope),
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    consumedAt: row.consumedAt,
    successorId: row.successorId,
    grant: row.grant ? toGrantRecord(row.grant) : null,
  };
}

function toCodeRecord(row: {
  id: string; clientId: string; userId: string; redirectUri: string; redirectUriSent: boolean; scope: string; nonce: string | null;
  codeChallenge: string | null; codeChallengeMethod: string | null; amr: string; authTime: Date; requestedAt: Date; expiresAt: Date;
  grantId: string | null; grant: { sessionId: string | null; revokedAt: Date | null } | null; resource: string;
}): CodeRecord {
  return {
    resource: parseJsonArray<string>(row.resource).filter((r) => typeof r === "string"),
    grantId: row.grantId,
    sessionId: row.grant?.sessionId ?? null,
    grantRevokedAt: row.grant?.revokedAt ?? null,
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

const DEVICE_STATUSES = new Set(["pending", "approved", "denied", "consumed"]);

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
      const c = await db.oidcClient.findUnique({ where: { id } });
      if (!c) return null;
      // The allowed groups matter only to a group-restricted client: other clients (most, and
      // every token request of theirs) skip that query.
      const allowedGroups = c.isGroupRestricted ? await db.oidcClientAllowedGroup.findMany({ where: { oidcClientId: id }, select: { userGroupId: true } }) : [];
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
        allowedGroupIds: allowedGroups.map((g) => g.userGroupId),
        accessTokenDurationMinutes: c.accessTokenDurationMinutes,
        refreshTokenDurationMinutes: c.refreshTokenDurationMinutes,
        federatedIdentities: parseJsonArray<FederatedIdentity>(c.federatedIdentities).filter(
          (f) => !!f && typeof f === "object" && typeof f.issuer === "string" && f.issuer !== "",
        ),
        jwks: parseJwks(c.jwks),
        jwksUri: c.jwksUri,
        idTokenSignedResponseAlg: isSigningAlg(c.idTokenSignedResponseAlg) ? c.idTokenSignedResponseAlg : null,
        requiresPushedAuthorizationRequests: c.requiresPushedAuthorizationRequests,
        backchannelLogoutUri: c.backchannelLogoutUri,
        backchannelLogoutSessionRequired: c.backchannelLogoutSessionRequired,
        grantTypes: c.clientType === "cimd" ? parseJsonArray<string>(c.metadataGrantTypes).filter((g) => typeof g === "string") : null,
        isCimd: c.clientType === "cimd",
        claimMapping: parseStoredClaimMapping(c.claimMapping),
        hasLogo: !!c.imageType,
        hasDarkLogo: !!c.darkImageType,
      };
      return client;
    },

    async clientSecrets(clientId, now) {
      if (!usableId(clientId, 256)) return [];
      const rows = await db.oidcClientSecret.findMany({
        where: { clientId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        orderBy: { createdAt: "desc" },
        take: 20,
      });
      return rows.map((r) => ({ alg: r.alg, hash: r.secretHash }));
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

    async findApiAccess(clientId, audience, subjectType) {
      if (!usableId(clientId, 256) || !usableId(audience, 2048)) return { exists: false, allowed: false, scopes: [] };
      const api = await db.api.findUnique({ where: { audience }, select: { id: true } });
      if (!api) return { exists: false, allowed: false, scopes: [] };
      const access = await db.oidcClientAllowedApi.findUnique({
        where: { oidcClientId_apiId_subjectType: { oidcClientId: clientId, apiId: api.id, subjectType } },
      });
      if (!access) return { exists: true, allowed: false, scopes: [] };
      const granted = await db.oidcClientAllowedApiPermission.findMany({
        where: { oidcClientId: clientId, subjectType, permission: { apiId: api.id } },
        select: { permission: { select: { key: true } } },
      });
      return { exists: true, allowed: true, scopes: granted.map((g) => g.permission.key).sort() };
    },

    async clientApiScopeKeys(clientId) {
      if (!usableId(clientId, 256)) return [];
      const rows = await db.oidcClientAllowedApiPermission.findMany({ where: { oidcClientId: clientId }, select: { permission: { select: { key: true } } } });
      return [...new Set(rows.map((r) => r.permission.key))];
    },

    async describeApiPermissions(audience, keys) {
      if (!keys.length || !usableId(audience, 2048)) return [];
      const rows = await db.apiPermission.findMany({ where: { api: { audience }, key: { in: keys } }, select: { key: true, name: true, description: true } });
      return rows;
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

    async isUserEnabled(id) {
      if (!usableId(id, 256)) return false;
      const u = await db.user.findUnique({ where: { id }, select: { disabled: true } });
      return !!u && !u.disabled;
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

    async consumeCode(codeHash, clientId, now) {
      if (codeHash.length !== 64) return { status: "missing" };
      // The client binding is part of the conditional update: another client's attempt changes
      // nothing. Update first, read after: on PostgreSQL a concurrent redemption holds the row lock,
      // so this waits for it to commit and then finds the code used.
      // The update returns the row it claimed (UPDATE … RETURNING), so a first redemption reads
      // the code without a second query; only a failed claim looks at what is there.
      const [claimed] = await db.oauthAuthorizationCode.updateManyAndReturn({ where: { codeHash, clientId, consumedAt: null }, data: { consumedAt: now } });
      if (claimed) {
        const grant = claimed.grantId ? await db.oauthGrant.findUnique({ where: { id: claimed.grantId }, select: { sessionId: true, revokedAt: true } }) : null;
        return { status: "ok", code: toCodeRecord({ ...claimed, grant }) };
      }
      const row = await db.oauthAuthorizationCode.findUnique({ where: { codeHash }, include: { grant: { select: { sessionId: true, revokedAt: true } } } });
      if (!row) return { status: "missing" };
      if (row.clientId !== clientId) return { status: "wrong_client" };
      return { status: "reused", code: toCodeRecord(row) };
    },

    async revokeCodeTokens(codeId, now, meta) {
      await inTransaction(async (tx) => {
        const code = await tx.oauthAuthorizationCode.findUnique({ where: { id: codeId } });
        // The whole family: the code's tokens and every rotation since (one update on the grant).
        if (code?.grantId) await tx.oauthGrant.updateMany({ where: { id: code.grantId, revokedAt: null }, data: { revokedAt: now } });
        await tx.oauthAccessToken.updateMany({ where: { authorizationCodeId: codeId, revokedAt: null }, data: { revokedAt: now } });
        await tx.oauthRefreshToken.updateMany({ where: { authorizationCodeId: codeId, revokedAt: null }, data: { revokedAt: now } });
        await writeAudit(tx, "AUTHORIZATION_CODE_REUSED", meta, code?.userId ?? null, { clientId: code?.clientId ?? "" });
      });
    },

    async createGrant(grant) {
      const row = await db.oauthGrant.create({
        data: { ...grant, scope: grant.scope.join(" "), amr: JSON.stringify(grant.amr) },
      });
      return row.id;
    },

    async revokeGrant(grantId, now, meta, event) {
      await inTransaction(async (tx) => {
        const res = await tx.oauthGrant.updateMany({ where: { id: grantId, revokedAt: null }, data: { revokedAt: now } });
        if (res.count === 0) return;
        const grant = await tx.oauthGrant.findUnique({ where: { id: grantId }, select: { userId: true, clientId: true } });
        await writeAudit(tx, event, meta, grant?.userId ?? null, { clientId: grant?.clientId ?? "" });
      });
    },

    async recordAccessToken(input) {
      await db.oauthAccessToken.create({ data: { ...input, scope: input.scope.join(" ") } });
    },

    async findActiveAccessToken(jti, now) {
      if (!usableId(jti, 64)) return null;
      const row = await db.oauthAccessToken.findUnique({ where: { jti }, include: { grant: { select: { revokedAt: true } } } });
      if (!row || row.revokedAt || row.grant?.revokedAt || row.expiresAt <= now) return null;
      return {
        jti: row.jti,
        clientId: row.clientId,
        userId: row.userId,
        scope: scopeList(row.scope),
        grantId: row.grantId,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
      };
    },

    async revokeAccessToken(jti, clientId, now) {
      if (!usableId(jti, 64)) return;
      await db.oauthAccessToken.updateMany({ where: { jti, clientId, revokedAt: null }, data: { revokedAt: now } });
    },

    async recordRefreshToken(input) {
      const { scope, grantId, grant, ...rest } = input;
      await db.oauthRefreshToken.create({
        data: {
          ...rest,
          grantId,
          familyId: grantId,
          scope: scope.join(" "),
          nonce: grant.nonce,
          amr: JSON.stringify(grant.amr),
          authTime: grant.authTime,
        },
      });
      // Conditional, so the expiry only ever moves later, without reading the grant first.
      await db.oauthGrant.updateMany({ where: { id: grantId, expiresAt: { lt: input.expiresAt } }, data: { expiresAt: input.expiresAt } });
    },

    async findRefreshToken(tokenHash) {
      if (tokenHash.length !== 64) return null;
      const row = await db.oauthRefreshToken.findUnique({ where: { tokenHash }, include: { grant: true } });
      return row ? toRefreshRecord(row) : null;
    },

    async findRefreshTokenById(id) {
      const row = await db.oauthRefreshToken.findUnique({ where: { id }, include: { grant: true } });
      return row ? toRefreshRecord(row) : null;
    },

    async consumeRefreshToken(id, successorId, now) {
      const res = await db.oauthRefreshToken.updateMany({ where: { id, consumedAt: null, revokedAt: null }, data: { consumedAt: now, successorId } });
      if (res.count !== 1) return false;
      // inventory §2.7: the access tokens issued with the used refresh token stop working.
      await db.oauthAccessToken.updateMany({ where: { refreshTokenId: id, revokedAt: null }, data: { revokedAt: now } });
      return true;
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

    async findDeviceCode(deviceCodeHash) {
      if (deviceCodeHash.length !== 64) return null;
      const row = await db.oauthDeviceCode.findUnique({ where: { deviceCodeHash } });
      return row ? toDeviceCodeRecord(row) : null;
    },

    async recordDevicePoll(id, previous, now, intervalSeconds) {
      const res = await db.oauthDeviceCode.updateMany({
        where: { id, status: "pending", lastPolledAt: previous },
        data: { lastPolledAt: now, intervalSeconds },
      });
      return res.count === 1;
    },

    async slowDownDeviceCode(id, seconds, now) {
      await db.oauthDeviceCode.updateMany({ where: { id }, data: { intervalSeconds: { increment: seconds }, lastPolledAt: now } });
    },

    async consumeDeviceCode(id) {
      const res = await db.oauthDeviceCode.updateMany({ where: { id, status: "approved" }, data: { status: "consumed" } });
      return res.count === 1;
    },
  };
  return store;
}
