-- CreateTable
CREATE TABLE "app_config_variables" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);
