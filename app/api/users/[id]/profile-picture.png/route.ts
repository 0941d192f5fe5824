import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { pictureResponse } from "@/lib/http/picture-response";
import { loadProfilePicture } from "@/lib/services/profile-pictures/load-profile-picture";

export const dynamic = "force-dynamic";

/**
 * inventory §1.5: public, as the `picture` claim's URL must load in any app's page without a
 * session. The uploaded picture, else the generated initials avatar; never a 404 for a user.
 */
export const GET = apiOperation(
  {
    id: "users.profile-picture.get",
    method: "GET",
    path: "/api/users/{id}/profile-picture.png",
    tag: "Users",
    auth: "public",
    summary: "A user's profile picture (300×300 PNG)",
    description: "The uploaded picture or the generated initials avatar. ETag and If-None-Match (304); cached 15 minutes, or a year when ?v= names the current version.",
    params: idParams,
    query: z.object({ v: z.string().max(64).optional() }),
  },
  async ({ params, query, request }) => pictureResponse(await loadProfilePicture(params.id, request.headers.get("if-none-match")), { requestedVersion: query.v }),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
