import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { pictureResponse } from "@/lib/http/picture-response";
import { loadProfilePicture } from "@/lib/services/profile-pictures/load-profile-picture";

export const dynamic = "force-dynamic";

/** The signed-in user's own picture (the /users/:id one, for whoever is signed in: not shared-cacheable). */
export const GET = apiOperation(
  { id: "users.me.profile-picture.get", method: "GET", path: "/api/users/me/profile-picture.png", tag: "Users", auth: "user", summary: "Your profile picture (300×300 PNG)" },
  async ({ caller, request }) => pictureResponse(await loadProfilePicture(caller.userId, request.headers.get("if-none-match")), { personal: true }),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
