-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" DATETIME;

-- CreateTable
CREATE TABLE "user_profile_pictures" (
    "user_id" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    "sha256" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "user_profile_pictures_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
