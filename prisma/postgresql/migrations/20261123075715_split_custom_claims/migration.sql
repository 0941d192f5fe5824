-- Custom claims move from one table with two nullable owner columns, where neither "one value per
-- key per owner" nor "exactly one owner" could be enforced, into one table per owner kind
-- (prisma/models.prisma). Hand-edited after generation: the copy below, and the DROP moved after it.
-- Kept: every claim with an owner. A claim with both owners set stays with the user; one with no
-- owner was never released to anyone and is dropped. Duplicates (same owner, same key) keep only
-- the NEWEST value (latest created_at, then the greatest id), which is what an admin last saved.

-- CreateTable
CREATE TABLE "user_custom_claims" (
    "user_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_custom_claims_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "user_group_custom_claims" (
    "user_group_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_group_custom_claims_pkey" PRIMARY KEY ("user_group_id","key")
);

-- AddForeignKey
ALTER TABLE "user_custom_claims" ADD CONSTRAINT "user_custom_claims_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_custom_claims" ADD CONSTRAINT "user_group_custom_claims_user_group_id_fkey" FOREIGN KEY ("user_group_id") REFERENCES "user_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CopyData
INSERT INTO "user_custom_claims" ("user_id", "key", "value", "created_at")
SELECT c."user_id", c."key", c."value", c."created_at" FROM "custom_claims" c
WHERE c."user_id" IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM "custom_claims" n
    WHERE n."user_id" = c."user_id" AND n."key" = c."key"
      AND (n."created_at" > c."created_at" OR (n."created_at" = c."created_at" AND n."id" > c."id"))
  );

-- CopyData
INSERT INTO "user_group_custom_claims" ("user_group_id", "key", "value", "created_at")
SELECT c."user_group_id", c."key", c."value", c."created_at" FROM "custom_claims" c
WHERE c."user_group_id" IS NOT NULL AND c."user_id" IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM "custom_claims" n
    WHERE n."user_group_id" = c."user_group_id" AND n."user_id" IS NULL AND n."key" = c."key"
      AND (n."created_at" > c."created_at" OR (n."created_at" = c."created_at" AND n."id" > c."id"))
  );

-- DropForeignKey
ALTER TABLE "custom_claims" DROP CONSTRAINT "custom_claims_user_id_fkey";

-- DropForeignKey
ALTER TABLE "custom_claims" DROP CONSTRAINT "custom_claims_user_group_id_fkey";

-- DropTable
DROP TABLE "custom_claims";
