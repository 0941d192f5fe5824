// Regression: a Prisma table rebuild (SQLite's way to change a column's default, type or nullability)
// ran with foreign keys enforced, so `DROP TABLE users` cascaded and deleted every passkey, session,
// claim and audit row. Migrations must keep every row of every table, and still refuse dangling rows.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PROVIDERS, freshDatabase, type Provider, type TestDb } from "../helpers/db";
import { seedClient, seedUser } from "../helpers/seed";
import { diffSchemas } from "../helpers/schema-engine";
import { runMigrations } from "@/lib/db/migrate";
import { db, type DatabaseTarget } from "@/lib/db/client";
import { keyRing } from "@/lib/keys";

/** Every row of every table (except the migration log), as sorted JSON lines per table. */
async function snapshot(target: DatabaseTarget): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  // Keys sorted: a SQLite table rebuild may reorder the columns, which is no loss.
  const line = (row: object) =>
    JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))), (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  if (target.provider === "sqlite") {
    const conn = new Database(target.path, { readonly: true });
    try {
      const tables = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[];
      for (const { name } of tables) out[name] = (conn.prepare(`SELECT * FROM "${name}"`).all() as object[]).map(line).sort();
    } finally {
      conn.close();
    }
    return out;
  }
  const c = new pg.Client({ connectionString: target.url });
  await c.connect();
  try {
    const { rows: tables } = await c.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    );
    for (const { table_name } of tables) out[table_name] = (await c.query(`SELECT * FROM "${table_name}"`)).rows.map(line).sort();
  } finally {
    await c.end();
  }
  return out;
}

/**
 * One of everything a user and a client own, so a cascade anywhere shows up as a missing row.
 * `previous`: in the schema of the first release (one custom_claims table, codes without
 * redirect_uri_sent), written around the current Prisma models where they differ.
 */
async function seedEverything(shape: "current" | "previous" = "current") {
  const user = await seedUser("alice", { isAdmin: true });
  const group = await db().userGroup.create({ data: { name: "devs", friendlyName: "Developers" } });
  await db().userGroupMember.create({ data: { userId: user.id, userGroupId: group.id } });
  if (shape === "current") {
    await db().userCustomClaim.create({ data: { key: "shell", value: '"/bin/zsh"', userId: user.id } });
    await db().userGroupCustomClaim.create({ data: { key: "team", value: '"core"', userGroupId: group.id } });
  } else {
    await db().$executeRaw`INSERT INTO "custom_claims" ("id", "key", "value", "user_id") VALUES ('claim-1', 'shell', '"/bin/zsh"', ${user.id})`;
    await db().$executeRaw`INSERT INTO "custom_claims" ("id", "key", "value", "user_group_id") VALUES ('claim-2', 'team', '"core"', ${group.id})`;
  }
  await db().webauthnCredential.create({ data: { name: "Laptop", credentialId: "cred-1", publicKey: Buffer.from([1, 2, 3]), userId: user.id } });
  const later = new Date(Date.now() + 3600_000);
  // Raw: the Prisma client would read back last_seen_at, which the first release lacks.
  await db().$executeRaw`INSERT INTO "sessions" ("id", "token_hash", "user_id", "amr", "expires_at") VALUES ('session-row-1', 'session-hash', ${user.id}, '["phr"]', ${later})`;
  await db().webauthnSession.create({ data: { challenge: "challenge-1", kind: "authentication", expiresAt: later } });
  await db().auditLog.create({ data: { event: "SIGN_IN", userId: user.id, ipAddress: "203.0.113.7" } });
  if (shape === "current") {
    await seedClient({ id: "rp" });
    await keyRing().signingKey(); // the first row of signing_keys
  } else {
    // createMany writes only the columns given (no RETURNING of columns the first release lacks).
    // Raw: createMany still writes defaulted boolean columns the first release lacks.
    await db().$executeRaw`INSERT INTO "oidc_clients" ("id", "updated_at", "name", "callback_urls") VALUES ('rp', CURRENT_TIMESTAMP, 'Test Client', '["https://app.example.com/cb"]')`;
    await db().oidcClientSecret.createMany({ data: [{ clientId: "rp", secretHash: "secret-hash", prefix: "s3cr" }] });
  }
  await db().oidcClient.updateMany({ where: { id: "rp" }, data: { createdById: user.id, isGroupRestricted: true } });
  await db().oidcClientAllowedGroup.create({ data: { oidcClientId: "rp", userGroupId: group.id } });
  await db().userAuthorizedClient.create({ data: { userId: user.id, clientId: "rp", scope: '["openid"]' } });
  if (shape === "current") await db().oauthInteraction.create({ data: { id: "interaction-1", clientId: "rp", userId: user.id, parameters: "{}", expiresAt: later } });
  else await db().$executeRaw`INSERT INTO "oauth_interactions" ("id", "client_id", "user_id", "parameters", "expires_at") VALUES ('interaction-1', 'rp', ${user.id}, '{}', ${later})`;
  const now = new Date();
  const code = { id: "code-1" };
  if (shape === "current") {
    await db().oauthAuthorizationCode.create({
      data: { id: code.id, codeHash: "code-hash", clientId: "rp", userId: user.id, redirectUri: "https://app.example.com/cb", scope: "openid", authTime: now, requestedAt: now, expiresAt: later },
    });
  } else {
    // The Prisma client would also write redirect_uri_sent, which the first release lacks.
    await db().$executeRaw`INSERT INTO "oauth_authorization_codes" ("id", "code_hash", "client_id", "user_id", "redirect_uri", "scope", "auth_time", "requested_at", "expires_at")
      VALUES (${code.id}, 'code-hash', 'rp', ${user.id}, 'https://app.example.com/cb', 'openid', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`;
  }
  await db().oauthAccessToken.createMany({ data: [{ jti: "jti-1", clientId: "rp", userId: user.id, scope: "openid", expiresAt: later, authorizationCodeId: code.id }] });
  await db().oauthRefreshToken.createMany({
    data: [{ tokenHash: "refresh-hash", familyId: "family-1", clientId: "rp", userId: user.id, scope: "openid", authTime: now, expiresAt: later, authorizationCodeId: code.id }],
  });
  if (shape === "current") await db().apiKey.create({ data: { name: "script", keyHash: "api-key-hash", userId: user.id, expiresAt: later } });
  if (shape === "current") {
    await db().oauthPushedRequest.create({ data: { requestUriHash: "par-hash", clientId: "rp", parameters: "[]", expiresAt: later } });
    await db().oauthDeviceCode.create({ data: { deviceCodeHash: "dc-hash", userCodeHash: "uc-hash", clientId: "rp", scope: "openid", userId: user.id, expiresAt: later } });
    await db().backchannelLogoutOutbox.create({ data: { clientId: "rp", userId: user.id, sessionId: "s-1", nextAttemptAt: now } });
    // Grant families (issue 6): a family with its code, tokens and a used client-assertion jti.
    await db().oauthGrant.create({ data: { id: "grant-1", clientId: "rp", userId: user.id, sessionId: "session-1", scope: "openid", authTime: now, expiresAt: later } });
    await db().oauthAuthorizationCode.update({ where: { id: code.id }, data: { grantId: "grant-1" } });
    await db().oauthAccessToken.create({ data: { jti: "jti-2", clientId: "rp", userId: user.id, scope: "openid", expiresAt: later, grantId: "grant-1" } });
    await db().oauthClientAssertionJti.create({ data: { clientId: "rp", jti: "assertion-1", expiresAt: later } });
    // OAuth APIs (issue 6 item 8): an API, a permission, and the client's grants on both.
    await db().api.create({ data: { id: "api-1", name: "Items", audience: "https://api.example.com", permissions: { create: [{ id: "perm-1", key: "items:read", name: "Read items" }] } } });
    await db().oidcClientAllowedApi.create({ data: { oidcClientId: "rp", apiId: "api-1", subjectType: "user" } });
    await db().oidcClientAllowedApiPermission.create({ data: { oidcClientId: "rp", apiPermissionId: "perm-1", subjectType: "user" } });
  }
  if (shape === "current") await db().userProfilePicture.create({ data: { userId: user.id, data: new Uint8Array([137, 80, 78, 71]), sha256: "picture-hash" } });
  await db().kv.create({ data: { key: "setup_completed", value: now.toISOString() } });
  await db().rateLimit.create({ data: { key: "test:198.51.100.1", tat: BigInt(Date.now()), expiresAt: later } });
  if (shape === "current") {
    await db().loginCode.create({ data: { codeHash: "login-code-hash", userId: user.id, expiresAt: later } });
    await db().deviceLoginRequest.create({ data: { codeHash: "device-code-hash", pollTokenHash: "poll-hash", userId: user.id, status: "approved", expiresAt: later } });
    // Application configuration (issue 8 item 4) and stored files (issue 8 item 5, FILE_BACKEND=database).
    await db().appConfigVariable.create({ data: { key: "appName", value: "Acme ID" } });
    await db().storedFile.create({ data: { path: "application-images/logoLight.svg", data: new Uint8Array([60, 115, 118, 103]), sha256: "file-hash" } });
  }
}

/** Changes a field's default in the schema text; fails loudly if the models no longer match. */
function changeDefault(schema: string, field: RegExp, to: string): string {
  if (!field.test(schema)) throw new Error(`field ${field} not found in the schema`);
  return schema.replace(field, (m) => m.replace(/@default\("[^"]*"\)/, `@default("${to}")`));
}

describe.each(PROVIDERS)("migrations keep rows on %s", (provider: Provider) => {
  let t: TestDb;
  let root: string;
  let migrations: string;

  beforeEach(async () => {
    // A private copy of the migrations tree, so the test can add migrations to it.
    root = mkdtempSync(join(tmpdir(), "pocketid-migrations-"));
    migrations = join(root, provider, "migrations");
    cpSync(join(process.cwd(), "prisma", provider, "migrations"), migrations, { recursive: true });
    process.env.MIGRATIONS_ROOT = root;
    t = await freshDatabase(provider);
  });
  afterEach(async () => {
    delete process.env.MIGRATIONS_ROOT;
    await t.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  function addMigration(name: string, sql: string) {
    mkdirSync(join(migrations, name), { recursive: true });
    writeFileSync(join(migrations, name, "migration.sql"), sql);
  }

  it("keeps every row of every table when Prisma's migrations rebuild users and oidc_clients", async () => {
    await seedEverything();
    const before = await snapshot(t.target);
    for (const [table, rows] of Object.entries(before)) expect(rows.length, `seeded rows in ${table}`).toBeGreaterThan(0);

    // The SQL the real schema engine writes for a changed default: on SQLite a full table rebuild
    // (CREATE new_x, INSERT SELECT, DROP x, RENAME), on PostgreSQL an ALTER COLUMN.
    const migrated = readFileSync(join(migrations, "migrated.prisma"), "utf8");
    const usersChanged = changeDefault(migrated, /\n\s*firstName\s+String\s+@default\(""\)/, "-");
    const clientsChanged = changeDefault(usersChanged, /\n\s*description\s+String\s+@default\(""\)/, "-");
    const pgUrl = provider === "postgresql" ? inject("pgUrl") : undefined;
    const rebuildUsers = await diffSchemas(provider, migrated, usersChanged, pgUrl);
    const rebuildClients = await diffSchemas(provider, usersChanged, clientsChanged, pgUrl);
    if (provider === "sqlite") {
      expect(rebuildUsers).toContain('DROP TABLE "users"');
      expect(rebuildClients).toContain('DROP TABLE "oidc_clients"');
    }
    addMigration("29991231000001_rebuild_users", rebuildUsers);
    addMigration("29991231000002_rebuild_oidc_clients", rebuildClients);

    expect((await runMigrations(t.target)).applied).toEqual(["29991231000001_rebuild_users", "29991231000002_rebuild_oidc_clients"]);
    expect(await snapshot(t.target)).toEqual(before);

    // The new defaults took effect, and foreign keys still hold for the application afterwards.
    // (Raw inserts: the Prisma client would send the old schema's defaults itself.)
    await db().$executeRawUnsafe(`INSERT INTO "users" ("id", "updated_at", "username", "username_key") VALUES ('bob', CURRENT_TIMESTAMP, 'bob', 'bob')`);
    await db().$executeRawUnsafe(`INSERT INTO "oidc_clients" ("id", "updated_at", "name") VALUES ('rp2', CURRENT_TIMESTAMP, 'RP 2')`);
    expect((await db().user.findUniqueOrThrow({ where: { id: "bob" } })).firstName).toBe("-");
    expect((await db().oidcClient.findUniqueOrThrow({ where: { id: "rp2" } })).description).toBe("-");
    await expect(db().session.create({ data: { tokenHash: "orphan", userId: "no-such-user", expiresAt: new Date() } })).rejects.toThrow();
    const alice = await db().user.findFirstOrThrow({ where: { usernameKey: "alice" }, include: { credentials: true, sessions: true } });
    expect(alice.credentials.map((c) => c.credentialId)).toEqual(["cred-1"]);
    expect(alice.sessions.map((s) => s.tokenHash)).toEqual(["session-hash"]);
  });

  it("applies this release's migrations to a database of the first release without losing a row", async () => {
    // Back to the first release's schema only, with everything in it.
    await t.cleanup();
    const all = readdirSync(migrations).filter((n) => /^\d{14}_/.test(n)).sort();
    for (const name of all.slice(1)) rmSync(join(migrations, name), { recursive: true });
    t = await freshDatabase(provider);
    await seedEverything("previous");
    const before = await snapshot(t.target);
    for (const [table, rows] of Object.entries(before)) expect(rows.length, `seeded rows in ${table}`).toBeGreaterThan(0);

    // This release: custom claims split per owner kind; codes record whether redirect_uri was
    // sent (on SQLite a rebuild of the table that access and refresh tokens reference).
    cpSync(join(process.cwd(), "prisma", provider, "migrations"), migrations, { recursive: true });
    expect((await runMigrations(t.target)).applied).toEqual(all.slice(1));
    const after = await snapshot(t.target);

    const { custom_claims: _claims, oauth_authorization_codes: codesBefore, ...unchanged } = before;
    // Tables that only gained columns keep every row and every old value (new columns aside).
    const oldColumns = (afterRows: string[], beforeRows: string[]) => {
      const keep = new Set(Object.keys(JSON.parse(beforeRows[0] ?? "{}") as object));
      return afterRows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(r) as object).filter(([k]) => keep.has(k)))));
    };
    for (const [table, rows] of Object.entries(unchanged)) expect(oldColumns(after[table], rows), table).toEqual(rows);
    expect(after.custom_claims).toBeUndefined();
    const parse = (rows: string[]) => rows.map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(parse(after.user_custom_claims)).toMatchObject([{ key: "shell", value: '"/bin/zsh"' }]);
    expect(parse(after.user_group_custom_claims)).toMatchObject([{ key: "team", value: '"core"' }]);
    const codesAfter = parse(after.oauth_authorization_codes);
    expect(codesAfter.map((c) => Boolean(c.redirect_uri_sent))).toEqual([true]);
    expect(oldColumns(after.oauth_authorization_codes, codesBefore)).toEqual(codesBefore);

    // Through the application: the user's claims and the tokens issued from the code are all there.
    const alice = await db().user.findFirstOrThrow({ where: { usernameKey: "alice" }, include: { credentials: true, sessions: true, customClaims: true } });
    expect(alice.credentials).toHaveLength(1);
    expect(alice.sessions).toHaveLength(1);
    expect(alice.customClaims.map((c) => c.key)).toEqual(["shell"]);
    expect(await db().oauthAccessToken.count({ where: { authorizationCodeId: { not: null } } })).toBe(1);
    expect(await db().oauthRefreshToken.count({ where: { authorizationCodeId: { not: null } } })).toBe(1);
  });

  it("refuses a migration that leaves rows pointing at nothing, and records nothing", async () => {
    await seedUser("alice");
    addMigration("29991231000001_orphan_session", `INSERT INTO "sessions" ("id", "token_hash", "user_id", "expires_at") VALUES ('s1', 'h1', 'ghost', CURRENT_TIMESTAMP);\n`);
    await expect(runMigrations(t.target)).rejects.toThrow(/29991231000001_orphan_session[\s\S]*sessions/);
    expect(await db().session.count()).toBe(0);
    const rows = await db().$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '2999%'`);
    expect(rows).toEqual([]);
  });
});
