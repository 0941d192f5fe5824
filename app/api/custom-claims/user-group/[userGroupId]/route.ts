import { z } from "zod";
import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setUserGroupClaims } from "@/lib/services/custom-claims/set-user-group-claims";
import { claimDtoSchema, claimsSchema } from "@/lib/services/custom-claims/claim-input";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "customClaims.setUserGroup", method: "PUT", path: "/api/custom-claims/user-group/{userGroupId}", tag: "Custom claims", auth: "admin",
    summary: "Replace a group's custom claims", description: "Members get these claims unless they have an own claim with the same key.",
    params: z.object({ userGroupId: z.string() }), body: claimsSchema, response: z.array(claimDtoSchema),
  },
  async (ctx) => transaction((tx) => setUserGroupClaims(tx, actorOf(ctx), ctx.params.userGroupId, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
