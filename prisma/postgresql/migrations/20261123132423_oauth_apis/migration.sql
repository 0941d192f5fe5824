-- AlterTable
ALTER TABLE "oauth_grants" ADD COLUMN     "resource" TEXT;

-- CreateTable
CREATE TABLE "apis" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3),
    "name" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "allow_cimd_clients" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "apis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_permissions" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "api_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "allowed_for_cimd_clients" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "api_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oidc_clients_allowed_apis" (
    "oidc_client_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,

    CONSTRAINT "oidc_clients_allowed_apis_pkey" PRIMARY KEY ("oidc_client_id","api_id","subject_type")
);

-- CreateTable
CREATE TABLE "oidc_clients_allowed_api_permissions" (
    "oidc_client_id" TEXT NOT NULL,
    "api_permission_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,

    CONSTRAINT "oidc_clients_allowed_api_permissions_pkey" PRIMARY KEY ("oidc_client_id","api_permission_id","subject_type")
);

-- CreateIndex
CREATE UNIQUE INDEX "apis_audience_key" ON "apis"("audience");

-- CreateIndex
CREATE UNIQUE INDEX "api_permissions_api_id_key_key" ON "api_permissions"("api_id", "key");

-- CreateIndex
CREATE INDEX "oidc_clients_allowed_apis_api_id_idx" ON "oidc_clients_allowed_apis"("api_id");

-- CreateIndex
CREATE INDEX "oidc_clients_allowed_api_permissions_api_permission_id_idx" ON "oidc_clients_allowed_api_permissions"("api_permission_id");

-- AddForeignKey
ALTER TABLE "api_permissions" ADD CONSTRAINT "api_permissions_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oidc_clients_allowed_apis" ADD CONSTRAINT "oidc_clients_allowed_apis_oidc_client_id_fkey" FOREIGN KEY ("oidc_client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oidc_clients_allowed_apis" ADD CONSTRAINT "oidc_clients_allowed_apis_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oidc_clients_allowed_api_permissions" ADD CONSTRAINT "oidc_clients_allowed_api_permissions_oidc_client_id_fkey" FOREIGN KEY ("oidc_client_id") REFERENCES "oidc_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oidc_clients_allowed_api_permissions" ADD CONSTRAINT "oidc_clients_allowed_api_permissions_api_permission_id_fkey" FOREIGN KEY ("api_permission_id") REFERENCES "api_permissions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
