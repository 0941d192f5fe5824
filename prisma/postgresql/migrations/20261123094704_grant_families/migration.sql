-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN     "jwks" TEXT,
ADD COLUMN     "jwks_uri" TEXT;

-- AlterTable
ALTER TABLE "oauth_authorization_codes" ADD COLUMN     "grant_id" TEXT;

-- AlterTable
ALTER TABLE "oauth_access_tokens" ADD COLUMN     "grant_id" TEXT;

-- AlterTable
ALTER TABLE "oauth_refresh_tokens" ADD COLUMN     "consumed_at" TIMESTAMP(3),
ADD COLUMN     "grant_id" TEXT,
ADD COLUMN     "successor_id" TEXT;

-- CreateTable
CREATE TABLE "oauth_grants" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_id" TEXT,
    "scope" TEXT NOT NULL,
    "nonce" TEXT,
    "amr" TEXT NOT NULL DEFAULT '[]',
    "auth_time" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_client_assertion_jtis" (
    "client_id" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_client_assertion_jtis_pkey" PRIMARY KEY ("client_id","jti")
);

-- CreateIndex
CREATE INDEX "oauth_grants_client_id_user_id_idx" ON "oauth_grants"("client_id", "user_id");

-- CreateIndex
CREATE INDEX "oauth_grants_session_id_idx" ON "oauth_grants"("session_id");

-- CreateIndex
CREATE INDEX "oauth_grants_expires_at_idx" ON "oauth_grants"("expires_at");

-- CreateIndex
CREATE INDEX "oauth_client_assertion_jtis_expires_at_idx" ON "oauth_client_assertion_jtis"("expires_at");

-- CreateIndex
CREATE INDEX "oauth_access_tokens_grant_id_idx" ON "oauth_access_tokens"("grant_id");

-- CreateIndex
CREATE INDEX "oauth_access_tokens_refresh_token_id_idx" ON "oauth_access_tokens"("refresh_token_id");

-- CreateIndex
CREATE INDEX "oauth_refresh_tokens_grant_id_idx" ON "oauth_refresh_tokens"("grant_id");

-- AddForeignKey
ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "oauth_authorization_codes_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_access_tokens" ADD CONSTRAINT "oauth_access_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_refresh_tokens" ADD CONSTRAINT "oauth_refresh_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_grants" ADD CONSTRAINT "oauth_grants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_grants" ADD CONSTRAINT "oauth_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_client_assertion_jtis" ADD CONSTRAINT "oauth_client_assertion_jtis_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
