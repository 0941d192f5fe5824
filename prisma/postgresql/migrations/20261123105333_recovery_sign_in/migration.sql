-- CreateTable
CREATE TABLE "one_time_access_tokens" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'admin',
    "created_by_id" TEXT,
    "device_token_hash" TEXT,

    CONSTRAINT "one_time_access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_login_requests" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "code_hash" TEXT NOT NULL,
    "poll_token_hash" TEXT NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "user_id" TEXT,
    "decided_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "device_login_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "one_time_access_tokens_code_hash_key" ON "one_time_access_tokens"("code_hash");

-- CreateIndex
CREATE INDEX "one_time_access_tokens_user_id_idx" ON "one_time_access_tokens"("user_id");

-- CreateIndex
CREATE INDEX "one_time_access_tokens_expires_at_idx" ON "one_time_access_tokens"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "device_login_requests_code_hash_key" ON "device_login_requests"("code_hash");

-- CreateIndex
CREATE INDEX "device_login_requests_expires_at_idx" ON "device_login_requests"("expires_at");

-- AddForeignKey
ALTER TABLE "one_time_access_tokens" ADD CONSTRAINT "one_time_access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_login_requests" ADD CONSTRAINT "device_login_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
