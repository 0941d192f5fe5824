// /api/openapi.json is generated from the handlers' own zod schemas and names every /api route file:
// a new route that is neither registered nor listed as a protocol endpoint fails here.
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { GET as openapi } from "@/app/api/openapi.json/route";
import { userCreateSchema } from "@/lib/services/users/user-input";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === "route.ts" ? [p] : [];
  });
}

/** app/api/users/[id]/route.ts → /api/users/{id} */
function pathOf(file: string): string {
  const rel = relative(join(process.cwd(), "app"), file).split(sep).slice(0, -1);
  return "/" + rel.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
}

describe("OpenAPI document", () => {
  let t: TestDb;
  let doc: { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> }; parameters?: { name: string; in: string }[]; security?: unknown[] }>> };
  beforeAll(async () => {
    t = await freshDatabase("sqlite");
    const res = await openapi(req("/api/openapi.json"), undefined);
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(async () => t.cleanup());

  it("is OpenAPI 3.1 and lists every /api route file", () => {
    expect(doc.openapi).toBe("3.1.0");
    const files = routeFiles(join(process.cwd(), "app", "api")).filter((f) => !f.includes("[[...slug]]"));
    expect(files.length).toBeGreaterThan(20);
    const missing = files.map(pathOf).filter((p) => !doc.paths[p]);
    expect(missing, "route files missing from /api/openapi.json: import them in app/api/openapi.json/operations.ts (apiOperation routes) or list them in OTHER_ENDPOINTS (lib/http/openapi.ts)").toEqual([]);
  });

  it("describes request bodies with the schema the handler validates with", () => {
    const body = doc.paths["/api/users"].post.requestBody!.content["application/json"].schema;
    expect(Object.keys(body.properties).sort()).toEqual(Object.keys(userCreateSchema.shape).sort());
    expect(body.required).toEqual(["username"]);
    const listParams = doc.paths["/api/users"].get.parameters!.map((p) => p.name);
    expect(listParams).toEqual(expect.arrayContaining(["pagination[page]", "pagination[limit]", "sort[column]", "sort[direction]", "search", "filters[isAdmin]", "filters[disabled]", "filters[emailVerified]"]));
    expect(doc.paths["/api/users/{id}"].get.parameters).toEqual([expect.objectContaining({ name: "id", in: "path" })]);
    // Browser-only routes do not offer the API key scheme.
    expect(doc.paths["/api/api-keys"].post.security).toEqual([{ session: [] }]);
    expect(doc.paths["/api/users"].get.security).toEqual([{ session: [] }, { apiKey: [] }]);
  });
});
