import { NextResponse } from "next/server";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { openApiDocument } from "@/lib/http/openapi";
import { env } from "@/lib/config/env";
import { sessionCookieName } from "@/lib/auth/session";
import { appConfig } from "@/lib/config/app-config";
import "./operations";

export const dynamic = "force-dynamic";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the route handlers validate with
 * (./operations imports every route file, which registers its operations).
 */
export const GET = apiOperation(
  { id: "openapi", method: "GET", path: "/api/openapi.json", tag: "Meta", auth: "public", summary: "This OpenAPI 3.1 document" },
  async () =>
    NextResponse.json(openApiDocument({ title: (await appConfig()).appName, serverUrl: env().appUrl, cookieName: sessionCookieName() }), {
      headers: { "Cache-Control": "public, max-age=300" },
    }),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
