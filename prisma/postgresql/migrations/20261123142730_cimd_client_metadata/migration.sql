-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN     "metadata_expires_at" TIMESTAMP(3),
ADD COLUMN     "metadata_grant_types" TEXT;
