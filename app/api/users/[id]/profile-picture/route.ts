import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { readUploadedFile } from "@/lib/http/upload";
import { transaction } from "@/lib/services/transaction";
import { MAX_PICTURE_BYTES } from "@/lib/services/profile-pictures/process-profile-picture";
import { uploadProfilePicture } from "@/lib/services/profile-pictures/upload-profile-picture";
import { resetProfilePicture } from "@/lib/services/profile-pictures/reset-profile-picture";

export const dynamic = "force-dynamic";

/** inventory §1.5: an admin sets any user's picture (the audit row names the admin). */
export const PUT = apiOperation(
  {
    id: "users.profile-picture.update",
    method: "PUT",
    path: "/api/users/{id}/profile-picture",
    tag: "Users",
    auth: "admin",
    summary: "Upload a user's profile picture",
    description: "As PUT /api/users/me/profile-picture, for any user.",
    params: idParams,
  },
  async ({ request, caller, meta, params }) => {
    const file = await readUploadedFile(request, MAX_PICTURE_BYTES);
    await uploadProfilePicture({ userId: caller.userId, meta }, params.id, file.bytes, { own: false, actorUsername: caller.user.username });
  },
);

export const DELETE = apiOperation(
  { id: "users.profile-picture.reset", method: "DELETE", path: "/api/users/{id}/profile-picture", tag: "Users", auth: "admin", summary: "Reset a user's profile picture", params: idParams },
  async ({ caller, meta, params }) => transaction((tx) => resetProfilePicture(tx, { userId: caller.userId, meta }, params.id, caller.user.username)),
);

export const { GET, POST, PATCH } = methodNotAllowed(["PUT", "DELETE"]);
