import { z } from "zod";
import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setUserClaims } from "@/lib/services/custom-claims/set-user-claims";
import { claimDtoSchema, claimsSchema } from "@/lib/services/custom-claims/claim-input";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "customClaims.setUser", method: "PUT", path: "/api/custom-claims/user/{userId}", tag: "Custom claims", auth: "admin",
    summary: "Replace a user's custom claims",
    description: "A value that is valid JSON (array, number, object, boolean) is released with that type; other text as a string. Reserved keys (sub, email, groups…) are refused with reserved_claim, a repeated key with duplicate_claim. A user's claim wins over a group's with the same key.",
    params: z.object({ userId: z.string() }), body: claimsSchema, response: z.array(claimDtoSchema),
  },
  async (ctx) => transaction((tx) => setUserClaims(tx, actorOf(ctx), ctx.params.userId, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
