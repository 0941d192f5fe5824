-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN "jwks" TEXT;
ALTER TABLE "oidc_clients" ADD COLUMN "jwks_uri" TEXT;

-- CreateTable
CREATE TABLE "oauth_grants" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_id" TEXT,
    "scope" TEXT NOT NULL,
    "nonce" TEXT,
    "amr" TEXT NOT NULL DEFAULT '[]',
    "auth_time" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "oauth_grants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "oauth_client_assertion_jtis" (
    "client_id" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,

    PRIMARY KEY ("client_id", "jti"),
    CONSTRAINT "oauth_client_assertion_jtis_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_oauth_authorization_codes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "redirect_uri_sent" BOOLEAN NOT NULL DEFAULT true,
    "scope" TEXT NOT NULL,
    "nonce" TEXT,
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "amr" TEXT NOT NULL DEFAULT '[]',
    "auth_time" DATETIME NOT NULL,
    "requested_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "consumed_at" DATETIME,
    "grant_id" TEXT,
    CONSTRAINT "oauth_authorization_codes_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_authorization_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_authorization_codes_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_oauth_authorization_codes" ("amr", "auth_time", "client_id", "code_challenge", "code_challenge_method", "code_hash", "consumed_at", "created_at", "expires_at", "id", "nonce", "redirect_uri", "redirect_uri_sent", "requested_at", "scope", "user_id") SELECT "amr", "auth_time", "client_id", "code_challenge", "code_challenge_method", "code_hash", "consumed_at", "created_at", "expires_at", "id", "nonce", "redirect_uri", "redirect_uri_sent", "requested_at", "scope", "user_id" FROM "oauth_authorization_codes";
DROP TABLE "oauth_authorization_codes";
ALTER TABLE "new_oauth_authorization_codes" RENAME TO "oauth_authorization_codes";
CREATE UNIQUE INDEX "oauth_authorization_codes_code_hash_key" ON "oauth_authorization_codes"("code_hash");
CREATE INDEX "oauth_authorization_codes_expires_at_idx" ON "oauth_authorization_codes"("expires_at");
CREATE TABLE "new_oauth_access_tokens" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT,
    "scope" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "authorization_code_id" TEXT,
    "refresh_token_id" TEXT,
    "grant_id" TEXT,
    CONSTRAINT "oauth_access_tokens_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_access_tokens_authorization_code_id_fkey" FOREIGN KEY ("authorization_code_id") REFERENCES "oauth_authorization_codes" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "oauth_access_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_oauth_access_tokens" ("authorization_code_id", "client_id", "created_at", "expires_at", "jti", "refresh_token_id", "revoked_at", "scope", "user_id") SELECT "authorization_code_id", "client_id", "created_at", "expires_at", "jti", "refresh_token_id", "revoked_at", "scope", "user_id" FROM "oauth_access_tokens";
DROP TABLE "oauth_access_tokens";
ALTER TABLE "new_oauth_access_tokens" RENAME TO "oauth_access_tokens";
CREATE INDEX "oauth_access_tokens_client_id_user_id_idx" ON "oauth_access_tokens"("client_id", "user_id");
CREATE INDEX "oauth_access_tokens_authorization_code_id_idx" ON "oauth_access_tokens"("authorization_code_id");
CREATE INDEX "oauth_access_tokens_grant_id_idx" ON "oauth_access_tokens"("grant_id");
CREATE INDEX "oauth_access_tokens_refresh_token_id_idx" ON "oauth_access_tokens"("refresh_token_id");
CREATE INDEX "oauth_access_tokens_expires_at_idx" ON "oauth_access_tokens"("expires_at");
CREATE TABLE "new_oauth_refresh_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token_hash" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "nonce" TEXT,
    "amr" TEXT NOT NULL DEFAULT '[]',
    "auth_time" DATETIME NOT NULL,
    "id_token_jti" TEXT,
    "expires_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "authorization_code_id" TEXT,
    "grant_id" TEXT,
    "consumed_at" DATETIME,
    "successor_id" TEXT,
    CONSTRAINT "oauth_refresh_tokens_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_refresh_tokens_authorization_code_id_fkey" FOREIGN KEY ("authorization_code_id") REFERENCES "oauth_authorization_codes" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "oauth_refresh_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_oauth_refresh_tokens" ("amr", "auth_time", "authorization_code_id", "client_id", "created_at", "expires_at", "family_id", "id", "id_token_jti", "nonce", "revoked_at", "scope", "token_hash", "user_id") SELECT "amr", "auth_time", "authorization_code_id", "client_id", "created_at", "expires_at", "family_id", "id", "id_token_jti", "nonce", "revoked_at", "scope", "token_hash", "user_id" FROM "oauth_refresh_tokens";
DROP TABLE "oauth_refresh_tokens";
ALTER TABLE "new_oauth_refresh_tokens" RENAME TO "oauth_refresh_tokens";
CREATE UNIQUE INDEX "oauth_refresh_tokens_token_hash_key" ON "oauth_refresh_tokens"("token_hash");
CREATE INDEX "oauth_refresh_tokens_family_id_idx" ON "oauth_refresh_tokens"("family_id");
CREATE INDEX "oauth_refresh_tokens_grant_id_idx" ON "oauth_refresh_tokens"("grant_id");
CREATE INDEX "oauth_refresh_tokens_client_id_user_id_idx" ON "oauth_refresh_tokens"("client_id", "user_id");
CREATE INDEX "oauth_refresh_tokens_authorization_code_id_idx" ON "oauth_refresh_tokens"("authorization_code_id");
CREATE INDEX "oauth_refresh_tokens_expires_at_idx" ON "oauth_refresh_tokens"("expires_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "oauth_grants_client_id_user_id_idx" ON "oauth_grants"("client_id", "user_id");

-- CreateIndex
CREATE INDEX "oauth_grants_session_id_idx" ON "oauth_grants"("session_id");

-- CreateIndex
CREATE INDEX "oauth_grants_expires_at_idx" ON "oauth_grants"("expires_at");

-- CreateIndex
CREATE INDEX "oauth_client_assertion_jtis_expires_at_idx" ON "oauth_client_assertion_jtis"("expires_at");
