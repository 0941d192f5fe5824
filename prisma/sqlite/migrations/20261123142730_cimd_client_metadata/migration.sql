-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN "metadata_expires_at" DATETIME;
ALTER TABLE "oidc_clients" ADD COLUMN "metadata_grant_types" TEXT;
