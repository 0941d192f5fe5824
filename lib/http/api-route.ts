import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError } from "../errors";
import { log } from "../log";
import { checkOrigin } from "../auth/guards";
import { resolveCaller, type Caller } from "../auth/caller";
import type { RequestMeta } from "../db/audit";
import { apiError } from "./api-error";
import { readJson } from "./api";
import { decodePathParams } from "./path-id";
import { requestMeta } from "./request-meta";
import { routeGuard } from "./route-guard";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One REST operation: its place in the API, who may call it and the zod schemas its input must
 * satisfy. The same object validates requests and produces /api/openapi.json, so the document
 * cannot drift from what the handlers accept.
 */
export interface OperationSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /** OpenAPI operationId, also the log/error tag: `users.list`. */
  id: string;
  method: HttpMethod;
  /** OpenAPI path template: `/api/users/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * `admin`: an admin; `user`: anyone signed in (inventory §1.1: 401 not_signed_in, 403 forbidden).
   * `public`: no caller needed.
   */
  auth: "admin" | "user" | "public";
  /** False for Pocket ID's "browser" routes (creating or renewing API keys): API keys are refused. */
  apiKey?: boolean;
  /** The JSON body may be left out entirely (no Content-Type, no bytes): it then reads as `{}`. */
  optionalBody?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of the success body, for the document; absent = no body (204) or free-form. */
  response?: z.ZodType;
  /** Success status (default 200, 204 when the handler returns undefined). */
  status?: number;
}

export interface OperationContext<P, Q, B> {
  request: NextRequest;
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  meta: RequestMeta;
  requestId: string;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type NextContext = { params?: Promise<Record<string, string | string[]>> } | undefined;
export type OperationHandler<P, Q, B> = (ctx: OperationContext<P, Q, B>) => Promise<unknown>;

const g = globalThis as unknown as { __pocketIdOperations?: Map<string, OperationSpec> };
/** Every operation defined so far, keyed by `METHOD path` (read by lib/http/openapi.ts). */
export function registeredOperations(): OperationSpec[] {
  return [...(g.__pocketIdOperations ?? new Map()).values()];
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The admin API route wrapper (DESIGN "Seams", like dub's withWorkspace). In this order:
 * 1. request id (X-Request-Id on every answer, in error bodies and in the log line);
 * 2. caller: session cookie, else `X-API-Key` (per-user key or STATIC_API_KEY);
 * 3. Origin check for cookie-authenticated unsafe requests only: a browser can be tricked into
 *    sending a cookie cross-site, never a header, so scripts with an API key need no Origin;
 * 4. role: 401 `not_signed_in` without a caller, 403 `forbidden` for a non-admin on admin routes,
 *    403 `api_key_auth_not_allowed` for API keys on browser-only routes;
 * 5. params (`id`/`clientId` sent as `~base64url` decoded), query and JSON body through the operation's zod schemas (400 `validation_failed`
 *    with one sentence per field);
 * 6. the handler; its return value is the JSON body (undefined = 204), an AppError becomes
 *    `{error, code, details?, request_id}` with the code's status.
 * Rate limits and response headers come from routeGuard around all of it.
 */
export function apiOperation<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  spec: Omit<OperationSpec, "params" | "query" | "body"> & { params?: P; query?: Q; body?: B },
  handler: OperationHandler<Infer<P>, Infer<Q>, Infer<B>>,
) {
  const ops = (g.__pocketIdOperations ??= new Map());
  ops.set(`${spec.method} ${spec.path}`, spec as OperationSpec);
  return routeGuard(async (request: NextRequest, context?: NextContext) => {
    const requestId = randomUUID();
    const started = Date.now();
    let response: Response;
    let who = "anonymous";
    try {
      const caller = await callerFor(request, spec);
      if (caller) who = `${caller.via}:${caller.userId}`;
      // Inventory §1.5: `~<base64url>` ids carry URL-shaped (CIMD) client ids in one segment.
      const rawParams = decodePathParams((await context?.params) ?? {});
      const params = spec.params ? spec.params.parse(rawParams) : undefined;
      const query = spec.query ? spec.query.parse(queryObject(request.nextUrl.searchParams)) : undefined;
      const body = spec.body ? spec.body.parse(await bodyOf(request, spec.optionalBody === true)) : undefined;
      const result = await handler({
        request,
        caller: caller as Caller,
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
        meta: requestMeta(request.headers),
        requestId,
      });
      if (result instanceof Response) response = result;
      else if (result === undefined) response = new NextResponse(null, { status: 204 });
      else response = NextResponse.json(result, { status: spec.status ?? 200 });
    } catch (e) {
      response = apiError(e, `${spec.id} ${requestId}`, requestId);
    }
    response.headers.set("X-Request-Id", requestId);
    const line = `[api] ${requestId} ${spec.method} ${request.nextUrl.pathname} ${response.status} ${Date.now() - started}ms ${who}`;
    if (response.status >= 500) log.error(line);
    else if (response.status >= 400) log.info(line);
    else log.debug(line);
    return response;
  }, spec.id);
}

async function bodyOf(request: NextRequest, optional: boolean): Promise<unknown> {
  if (optional && !request.headers.get("content-type") && (request.headers.get("content-length") ?? "0") === "0") return {};
  return readJson(request);
}

async function callerFor(request: NextRequest, spec: Pick<OperationSpec, "auth" | "apiKey">): Promise<Caller | null> {
  if (spec.auth === "public") return null;
  const caller = await resolveCaller(request);
  // DESIGN "Security rules": cookie-authenticated state changes must come from this site.
  if (caller?.via === "session" && UNSAFE.has(request.method)) checkOrigin(request);
  if (!caller) throw new AppError("not_signed_in");
  if (spec.apiKey === false && caller.via !== "session") throw new AppError("api_key_auth_not_allowed");
  if (spec.auth === "admin" && !caller.user.isAdmin) throw new AppError("forbidden");
  return caller;
}

/**
 * The query string as an object keyed by parameter name, so a zod object with keys such as
 * `pagination[page]` validates it. Pocket ID's `filters[isAdmin][0]=true` and repeated
 * `filters[isAdmin]=…` both become `{"filters[isAdmin]": ["true", …]}`; filters are always lists.
 */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.replace(/\[\d*\]$/, "");
    const isList = key !== rawKey || key.startsWith("filters[");
    const current = out[key];
    if (isList || Array.isArray(current)) out[key] = [...(Array.isArray(current) ? current : current === undefined ? [] : [current]), value];
    else if (current === undefined) out[key] = value;
  }
  return out;
}

/** The `[id]` segment of a route. */
export const idParams = z.object({ id: z.string() });

/** The acting user of an admin change, for the audit row. */
export function actorOf(ctx: { caller: Caller; meta: RequestMeta }): { userId: string; meta: RequestMeta } {
  return { userId: ctx.caller.userId, meta: ctx.meta };
}
