import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { createLoginCode, createLoginCodeSchema } from "@/lib/services/login-codes/create-login-code";

export const dynamic = "force-dynamic";

/** An admin creates a login code for a user (inventory §1.5, §5.4): 201 {token, url, expiresAt}. */
export const POST = apiOperation(
  {
    id: "users.oneTimeAccessToken",
    method: "POST",
    path: "/api/users/{id}/one-time-access-token",
    tag: "Users",
    auth: "admin",
    summary: "Create a login code for a user",
    description: "ttl in seconds or as a duration (15m, 1h); default 15 minutes, at most 31 days. Codes valid ≤ 15 minutes have 6 characters, longer ones 12.",
    params: idParams,
    body: createLoginCodeSchema,
    response: z.object({ token: z.string(), url: z.string(), expiresAt: z.string() }),
    status: 201,
  },
  async ({ params, body, caller, meta }) => {
    const issued = await createLoginCode(params.id, body, { id: caller.userId, username: caller.user.username }, meta);
    return { token: issued.code, url: issued.url, expiresAt: issued.expiresAt.toISOString() };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
