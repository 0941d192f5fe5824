import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listClaimSuggestions } from "@/lib/services/custom-claims/list-claim-suggestions";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "customClaims.suggestions", method: "GET", path: "/api/custom-claims/suggestions", tag: "Custom claims", auth: "admin", summary: "Claim keys already in use", response: z.array(z.string()) },
  async () => listClaimSuggestions(),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
