-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN "id_token_signed_response_alg" TEXT;

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "alg" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "active_for" TEXT,
    "next_for" TEXT,
    "private_key" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activates_at" DATETIME,
    "activated_at" DATETIME,
    "retired_at" DATETIME,
    "expires_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_active_for_key" ON "signing_keys"("active_for");

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_next_for_key" ON "signing_keys"("next_for");
