import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAppConfig } from "@/lib/services/app-config/list-app-config";
import { appConfigEntrySchema } from "@/lib/services/app-config/app-config-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "appConfig.listAll", method: "GET", path: "/api/application-configuration/all", tag: "Application configuration", auth: "admin",
    summary: "Every application configuration key",
    description: "All keys of inventory §4.1 as [{key, type, value, isPublic}], defaults applied. Sensitive values (smtpPassword, ldapBindPassword) read \"XXXXXXXXXX\" when set and \"\" when not: they are never sent in clear.",
    response: z.array(appConfigEntrySchema),
  },
  async () => listAppConfig(),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
