-- AlterTable
ALTER TABLE "oauth_authorization_codes" ADD COLUMN     "redirect_uri_sent" BOOLEAN NOT NULL DEFAULT true;
