-- AlterTable
ALTER TABLE "oauth_grants" ADD COLUMN "resource" TEXT;

-- CreateTable
CREATE TABLE "apis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME,
    "name" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "allow_cimd_clients" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "api_permissions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "api_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "allowed_for_cimd_clients" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "api_permissions_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "oidc_clients_allowed_apis" (
    "oidc_client_id" TEXT NOT NULL,
    "api_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,

    PRIMARY KEY ("oidc_client_id", "api_id", "subject_type"),
    CONSTRAINT "oidc_clients_allowed_apis_oidc_client_id_fkey" FOREIGN KEY ("oidc_client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oidc_clients_allowed_apis_api_id_fkey" FOREIGN KEY ("api_id") REFERENCES "apis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "oidc_clients_allowed_api_permissions" (
    "oidc_client_id" TEXT NOT NULL,
    "api_permission_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,

    PRIMARY KEY ("oidc_client_id", "api_permission_id", "subject_type"),
    CONSTRAINT "oidc_clients_allowed_api_permissions_oidc_client_id_fkey" FOREIGN KEY ("oidc_client_id") REFERENCES "oidc_clients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "oidc_clients_allowed_api_permissions_api_permission_id_fkey" FOREIGN KEY ("api_permission_id") REFERENCES "api_permissions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "apis_audience_key" ON "apis"("audience");

-- CreateIndex
CREATE UNIQUE INDEX "api_permissions_api_id_key_key" ON "api_permissions"("api_id", "key");

-- CreateIndex
CREATE INDEX "oidc_clients_allowed_apis_api_id_idx" ON "oidc_clients_allowed_apis"("api_id");

-- CreateIndex
CREATE INDEX "oidc_clients_allowed_api_permissions_api_permission_id_idx" ON "oidc_clients_allowed_api_permissions"("api_permission_id");
