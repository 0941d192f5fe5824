import { z } from "zod";
import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listPublicAppConfig } from "@/lib/services/app-config/list-app-config";
import { updateAppConfig } from "@/lib/services/app-config/update-app-config";
import { appConfigEntrySchema, appConfigPublicEntrySchema, appConfigUpdateSchema } from "@/lib/services/app-config/app-config-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "appConfig.listPublic", method: "GET", path: "/api/application-configuration", tag: "Application configuration", auth: "public",
    summary: "Public application configuration",
    description: "The public keys of inventory §4.1 as [{key, type, value}], plus the synthetic uiConfigDisabled and tracingEnabled.",
    response: z.array(appConfigPublicEntrySchema),
  },
  async () => listPublicAppConfig(),
);

export const PUT = apiOperation(
  {
    id: "appConfig.update", method: "PUT", path: "/api/application-configuration", tag: "Application configuration", auth: "admin",
    summary: "Replace the application configuration",
    description:
      "Replaces every key: a missing, null or empty key returns to its default. For smtpPassword and ldapBindPassword, \"XXXXXXXXXX\" (what GET /all shows for a set secret) keeps the stored value. " +
      "400 validation_failed names each invalid key in details; 403 ui_config_disabled when UI_CONFIG_DISABLED=true. Answers the new configuration as GET /all does.",
    body: appConfigUpdateSchema, response: z.array(appConfigEntrySchema),
  },
  async (ctx) => (await updateAppConfig(actorOf(ctx), ctx.body)).entries,
);

export const { POST, PATCH, DELETE } = methodNotAllowed(["GET", "PUT"]);
