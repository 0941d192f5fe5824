import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { readUploadedFile } from "@/lib/http/upload";
import { transaction } from "@/lib/services/transaction";
import { MAX_PICTURE_BYTES } from "@/lib/services/profile-pictures/process-profile-picture";
import { uploadProfilePicture } from "@/lib/services/profile-pictures/upload-profile-picture";
import { resetProfilePicture } from "@/lib/services/profile-pictures/reset-profile-picture";
import { checkOwnAccountEditable } from "@/lib/services/account/own-account-policy";

export const dynamic = "force-dynamic";

const UPLOAD_DESCRIPTION =
  "multipart/form-data with the image in the field `file` (JPEG, PNG, WebP, GIF or AVIF; at most 10 MB; never SVG). Centre-cropped and scaled to a 300×300 PNG without metadata. 413 file_too_large, 415 file_type_not_supported, 400 invalid_image.";

/** inventory §1.5: PUT /users/me/profile-picture; refused like PUT /users/me on a locked account. */
export const PUT = apiOperation(
  { id: "users.me.profile-picture.update", method: "PUT", path: "/api/users/me/profile-picture", tag: "Users", auth: "user", summary: "Upload your profile picture", description: UPLOAD_DESCRIPTION },
  async ({ request, caller, meta }) => {
    await checkOwnAccountEditable(caller.userId);
    const file = await readUploadedFile(request, MAX_PICTURE_BYTES);
    await uploadProfilePicture({ userId: caller.userId, meta }, caller.userId, file.bytes, { own: true });
  },
);

/** Back to the initials avatar. */
export const DELETE = apiOperation(
  { id: "users.me.profile-picture.reset", method: "DELETE", path: "/api/users/me/profile-picture", tag: "Users", auth: "user", summary: "Reset your profile picture to the initials avatar" },
  async ({ caller, meta }) =>
    transaction(async (tx) => {
      await checkOwnAccountEditable(caller.userId, tx);
      await resetProfilePicture(tx, { userId: caller.userId, meta }, caller.userId);
    }),
);

export const { GET, POST, PATCH } = methodNotAllowed(["PUT", "DELETE"]);
