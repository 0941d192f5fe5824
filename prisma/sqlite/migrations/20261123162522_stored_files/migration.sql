-- CreateTable
CREATE TABLE "stored_files" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    "sha256" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL
);
