-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN     "backchannel_logout_session_required" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "backchannel_logout_uri" TEXT;

-- AlterTable
ALTER TABLE "oauth_interactions" ADD COLUMN     "denied" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "selected_user_id" TEXT;

-- AlterTable
ALTER TABLE "oauth_authorization_codes" ADD COLUMN     "resource" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "oauth_pushed_requests" (
    "request_uri_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "parameters" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_pushed_requests_pkey" PRIMARY KEY ("request_uri_hash")
);

-- CreateTable
CREATE TABLE "oauth_device_codes" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "auth_time" TIMESTAMP(3),
    "interval_seconds" INTEGER NOT NULL DEFAULT 5,
    "last_polled_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_device_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backchannel_logout_outbox" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "session_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "locked_until" TIMESTAMP(3),
    "last_error" TEXT,

    CONSTRAINT "backchannel_logout_outbox_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "oauth_pushed_requests" ADD CONSTRAINT "oauth_pushed_requests_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_device_codes" ADD CONSTRAINT "oauth_device_codes_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_device_codes" ADD CONSTRAINT "oauth_device_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backchannel_logout_outbox" ADD CONSTRAINT "backchannel_logout_outbox_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
