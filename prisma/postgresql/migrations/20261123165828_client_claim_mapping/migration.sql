-- AlterTable
ALTER TABLE "oidc_clients" ADD COLUMN     "claim_mapping" TEXT;
