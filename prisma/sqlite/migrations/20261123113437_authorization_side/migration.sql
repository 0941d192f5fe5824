-- CreateTable
CREATE TABLE "oauth_pushed_requests" (
    "request_uri_hash" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "parameters" TEXT NOT NULL,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "oauth_pushed_requests_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "oauth_device_codes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "device_code_hash" TEXT NOT NULL,
    "user_code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "resource" TEXT NOT NULL DEFAULT '[]',
    "nonce" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "user_id" TEXT,
    "session_id" TEXT,
    "amr" TEXT NOT NULL DEFAULT '[]',
    "auth_time" DATETIME,
    "interval_seconds" INTEGER NOT NULL DEFAULT 5,
    "last_polled_at" DATETIME,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "oauth_device_codes_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_device_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "backchannel_logout_outbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "locked_until" DATETIME,
    "last_error" TEXT,
    CONSTRAINT "backchannel_logout_outbox_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_oidc_clients" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "callback_urls" TEXT NOT NULL DEFAULT '[]',
    "logout_callback_urls" TEXT NOT NULL DEFAULT '[]',
    "launch_url" TEXT,
    "image_type" TEXT,
    "dark_image_type" TEXT,
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "pkce_enabled" BOOLEAN NOT NULL DEFAULT false,
    "pkce_supported" BOOLEAN NOT NULL DEFAULT false,
    "requires_reauthentication" BOOLEAN NOT NULL DEFAULT false,
    "requires_pushed_authorization_requests" BOOLEAN NOT NULL DEFAULT false,
    "skip_consent" BOOLEAN NOT NULL DEFAULT false,
    "is_group_restricted" BOOLEAN NOT NULL DEFAULT false,
    "client_type" TEXT NOT NULL DEFAULT 'standard',
    "federated_identities" TEXT NOT NULL DEFAULT '[]',
    "jwks" TEXT,
    "jwks_uri" TEXT,
    "access_token_duration_minutes" INTEGER NOT NULL DEFAULT 60,
    "refresh_token_duration_minutes" INTEGER NOT NULL DEFAULT 43200,
    "id_token_signed_response_alg" TEXT,
    "backchannel_logout_uri" TEXT,
    "backchannel_logout_session_required" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    CONSTRAINT "oidc_clients_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_oidc_clients" ("access_token_duration_minutes", "callback_urls", "client_type", "created_at", "created_by_id", "dark_image_type", "description", "federated_identities", "id", "id_token_signed_response_alg", "image_type", "is_group_restricted", "is_public", "jwks", "jwks_uri", "launch_url", "logout_callback_urls", "name", "pkce_enabled", "pkce_supported", "refresh_token_duration_minutes", "requires_pushed_authorization_requests", "requires_reauthentication", "skip_consent", "updated_at") SELECT "access_token_duration_minutes", "callback_urls", "client_type", "created_at", "created_by_id", "dark_image_type", "description", "federated_identities", "id", "id_token_signed_response_alg", "image_type", "is_group_restricted", "is_public", "jwks", "jwks_uri", "launch_url", "logout_callback_urls", "name", "pkce_enabled", "pkce_supported", "refresh_token_duration_minutes", "requires_pushed_authorization_requests", "requires_reauthentication", "skip_consent", "updated_at" FROM "oidc_clients";
DROP TABLE "oidc_clients";
ALTER TABLE "new_oidc_clients" RENAME TO "oidc_clients";
CREATE TABLE "new_oauth_interactions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT,
    "selected_user_id" TEXT,
    "denied" BOOLEAN NOT NULL DEFAULT false,
    "parameters" TEXT NOT NULL,
    "requested_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "oauth_interactions_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oauth_interactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_oauth_interactions" ("client_id", "created_at", "expires_at", "id", "parameters", "requested_at", "user_id") SELECT "client_id", "created_at", "expires_at", "id", "parameters", "requested_at", "user_id" FROM "oauth_interactions";
DROP TABLE "oauth_interactions";
ALTER TABLE "new_oauth_interactions" RENAME TO "oauth_interactions";
CREATE INDEX "oauth_interactions_expires_at_idx" ON "oauth_interactions"("expires_at");
CREATE TABLE "new_oauth_authorization_codes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "redirect_uri_sent" BOOLEAN NOT NULL DEFAULT true,
    "scope" TEXT NOT NULL,
    "resource" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_oauth_authorization_codes" ("amr", "auth_time", "client_id", "code_challenge", "code_challenge_method", "code_hash", "consumed_at", "created_at", "expires_at", "grant_id", "id", "nonce", "redirect_uri", "redirect_uri_sent", "requested_at", "scope", "user_id") SELECT "amr", "auth_time", "client_id", "code_challenge", "code_challenge_method", "code_hash", "consumed_at", "created_at", "expires_at", "grant_id", "id", "nonce", "redirect_uri", "redirect_uri_sent", "requested_at", "scope", "user_id" FROM "oauth_authorization_codes";
DROP TABLE "oauth_authorization_codes";
ALTER TABLE "new_oauth_authorization_codes" RENAME TO "oauth_authorization_codes";
CREATE UNIQUE INDEX "oauth_authorization_codes_code_hash_key" ON "oauth_authorization_codes"("code_hash");
CREATE INDEX "oauth_authorization_codes_expires_at_idx" ON "oauth_authorization_codes"("expires_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "oauth_pushed_requests_expires_at_idx" ON "oauth_pushed_requests"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_device_codes_device_code_hash_key" ON "oauth_device_codes"("device_code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_device_codes_user_code_hash_key" ON "oauth_device_codes"("user_code_hash");

-- CreateIndex
CREATE INDEX "oauth_device_codes_expires_at_idx" ON "oauth_device_codes"("expires_at");

-- CreateIndex
CREATE INDEX "backchannel_logout_outbox_next_attempt_at_idx" ON "backchannel_logout_outbox"("next_attempt_at");
