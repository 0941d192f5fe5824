import { z } from "zod";
import { registeredOperations, type OperationSpec } from "./api-route";

/**
 * Route files that are not made with apiOperation: protocol endpoints whose bodies and errors are
 * fixed by RFCs (form bodies, RFC 6749 error objects, discovery tells clients about them) and the
 * browser's passkey ceremonies. They are listed so the document names every /api path; a route
 * file that is in neither list fails tests/integration/openapi.test.ts.
 */
export const OTHER_ENDPOINTS: { path: string; methods: string[]; summary: string; tag: string }[] = [
  { path: "/api/oidc/token", methods: ["POST"], summary: "Token endpoint (RFC 6749 §3.2): form body, client authentication, RFC 6749 errors", tag: "OpenID Connect" },
  { path: "/api/oidc/userinfo", methods: ["GET", "POST"], summary: "UserInfo (OIDC Core §5.3): Bearer access token", tag: "OpenID Connect" },
  { path: "/api/oidc/end-session", methods: ["GET", "POST"], summary: "RP-initiated logout (OIDC RP-Initiated Logout 1.0)", tag: "OpenID Connect" },
  { path: "/api/oidc/introspect", methods: ["POST"], summary: "Token introspection (RFC 7662)", tag: "OpenID Connect" },
  { path: "/api/oidc/revoke", methods: ["POST"], summary: "Token revocation (RFC 7009)", tag: "OpenID Connect" },
  { path: "/api/oidc/par", methods: ["POST"], summary: "Pushed authorization request (RFC 9126): 201 with a single-use request_uri", tag: "OpenID Connect" },
  { path: "/api/oidc/device/authorize", methods: ["POST"], summary: "Device authorization (RFC 8628 §3.1): form body, client authentication; device_code, user_code, verification_uri", tag: "OpenID Connect" },
  { path: "/api/oidc/device/info", methods: ["GET"], summary: "The app and scopes a device user code (?code=) asks for (browser only)", tag: "Sign-in" },
  { path: "/api/oidc/device/verify", methods: ["POST"], summary: "Approve a device user code (?code=); 204 (browser only)", tag: "Sign-in" },
  { path: "/api/oidc/device/deny", methods: ["POST"], summary: "Deny a device user code (?code=); 204 (browser only)", tag: "Sign-in" },
  { path: "/api/oidc/interactions/{id}/complete", methods: ["POST"], summary: "The sign-in pages finish a parked authorization request (browser only)", tag: "Sign-in" },
  { path: "/api/webauthn/register/start", methods: ["POST"], summary: "Start adding a passkey (browser only)", tag: "Sign-in" },
  { path: "/api/webauthn/register/finish", methods: ["POST"], summary: "Finish adding a passkey (browser only)", tag: "Sign-in" },
  { path: "/api/webauthn/login/start", methods: ["POST"], summary: "Start a passkey sign-in (browser only)", tag: "Sign-in" },
  { path: "/api/webauthn/login/finish", methods: ["POST"], summary: "Finish a passkey sign-in; sets the session cookie (browser only)", tag: "Sign-in" },
  { path: "/api/webauthn/logout", methods: ["POST"], summary: "Sign out: ends this browser's session", tag: "Sign-in" },
  { path: "/api/signup/setup", methods: ["GET", "POST"], summary: "First-run setup: 204 while the first admin can be created; create it (browser only)", tag: "Sign-in" },
  { path: "/api/one-time-access-token/{token}", methods: ["POST"], summary: "Sign in with a login code; sets the session cookie (browser only)", tag: "Sign-in" },
  { path: "/api/preview/sign-in", methods: ["POST"], summary: "Preview deployments only: sign in as the demo admin", tag: "Sign-in" },
];

const errorSchema = {
  type: "object",
  required: ["error", "code"],
  properties: {
    error: { type: "string", description: "A sentence for a person: what went wrong and what to do." },
    code: { type: "string", description: "Stable code (Pocket ID's, inventory Appendix A), e.g. validation_failed, not_signed_in, forbidden, already_in_use." },
    details: { type: "object", additionalProperties: true, description: "Per-field sentences for validation_failed; a reason for some refusals." },
    request_id: { type: "string", description: "Also in the X-Request-Id header and the server log." },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path" || !field.safeParse(undefined).success,
    schema: jsonSchema(field, "input"),
    ...(name.startsWith("filters[") ? { style: "form", explode: true, description: "Repeat the parameter (or send filters[field][0], [1]…) for several values." } : {}),
  }));
}

function operationObject(op: OperationSpec) {
  const status = String(op.status ?? (op.response ? 200 : 204));
  const security = op.auth === "public" ? [] : op.apiKey === false ? [{ session: [] }] : [{ session: [] }, { apiKey: [] }];
  const errors: Record<string, unknown> = { "400": { $ref: "#/components/responses/Error" } };
  if (op.auth !== "public") Object.assign(errors, { "401": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } });
  if (op.params) errors["404"] = { $ref: "#/components/responses/Error" };
  const access = op.auth === "admin" ? "Admins only." : op.auth === "user" ? "Any signed-in user." : "No sign-in needed.";
  return {
    operationId: op.id,
    summary: op.summary,
    description: [op.description, access, op.apiKey === false ? "Not with an API key (api_key_auth_not_allowed): a signed-in browser session only." : ""].filter(Boolean).join(" "),
    tags: [op.tag],
    security,
    parameters: [...parametersOf(op.params, "path"), ...parametersOf(op.query, "query")],
    ...(op.body ? { requestBody: { required: !op.optionalBody, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    responses: {
      [status]: op.response
        ? { description: "Success", headers: { "X-Request-Id": { $ref: "#/components/headers/RequestId" } }, content: { "application/json": { schema: jsonSchema(op.response, "output") } } }
        : { description: "Done, no body", headers: { "X-Request-Id": { $ref: "#/components/headers/RequestId" } } },
      ...errors,
    },
  };
}

/** The OpenAPI 3.1 document of every operation loaded in this process, plus OTHER_ENDPOINTS. */
export function openApiDocument(info: { title: string; serverUrl: string; cookieName: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const ops = registeredOperations().sort((a, b) => a.path.localeCompare(b.path));
  for (const op of ops) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  for (const e of OTHER_ENDPOINTS) {
    for (const m of e.methods) {
      (paths[e.path] ??= {})[m.toLowerCase()] ??= { summary: e.summary, tags: [e.tag], responses: { default: { description: "See the summary: not part of the JSON admin API." } } };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: `${info.title} REST API`,
      version: "1",
      description:
        "Pocket ID-compatible admin API. Authenticate with the session cookie (browser; writes need an Origin header from this site) or an `X-API-Key` header (scripts; create keys under Settings > API keys, or set STATIC_API_KEY). Errors are `{error, code, details?, request_id}`. Lists take `pagination[page]`, `pagination[limit]` (≤ 100), `sort[column]`, `sort[direction]`, `filters[field]` and `search`, and answer `{data, pagination}`.",
    },
    servers: [{ url: info.serverUrl }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: info.cookieName },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
      headers: { RequestId: { description: "Identifies this request in the server log.", schema: { type: "string" } } },
      responses: { Error: { description: "Error", content: { "application/json": { schema: errorSchema } } } },
    },
  };
}
