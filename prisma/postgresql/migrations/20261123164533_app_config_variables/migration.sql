-- CreateTable
CREATE TABLE "app_config_variables" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "app_config_variables_pkey" PRIMARY KEY ("key")
);
