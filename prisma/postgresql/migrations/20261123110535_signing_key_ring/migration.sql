-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN     "id_token_signed_response_alg" TEXT;

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "active_for" TEXT,
    "next_for" TEXT,
    "private_key" TEXT NOT NULL,
    "public_jwk" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activates_at" TIMESTAMP(3),
    "activated_at" TIMESTAMP(3),
    "retired_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_active_for_key" ON "signing_keys"("active_for");

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_next_for_key" ON "signing_keys"("next_for");
