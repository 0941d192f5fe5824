import { db } from "../../db/client";
import { fileStorage } from "../../db/file-storage";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { avatarColour, avatarInitials, avatarTag, renderInitialsAvatar } from "./initials-avatar";

export interface PictureVersion {
  /** Strong ETag value without quotes: the stored picture's hash, or the avatar drawing's. */
  tag: string;
  custom: boolean;
}

async function loadVersion(userId: string) {
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, firstName: true, lastName: true, username: true, profilePicture: { select: { sha256: true } } },
  });
  if (!user) throw new AppError("user_not_found");
  const initials = avatarInitials(user);
  const colour = avatarColour(user.id);
  if (user.profilePicture) return { version: { tag: user.profilePicture.sha256, custom: true } as PictureVersion, initials, colour };
  // Inventory §6.7: an uploaded default profile picture replaces the initials avatar.
  const fallback = await fileStorage().stat(DEFAULT_PICTURE_PATH);
  const version: PictureVersion = fallback ? { tag: `d${fallback.sha256}`, custom: false } : { tag: avatarTag(initials, colour), custom: false };
  return { version, initials, colour };
}

/** Where PUT /application-images/default-profile-picture stores its 300×300 PNG (inventory §3.3). */
const DEFAULT_PICTURE_PATH = "application-images/default-profile-picture.png";

/** The generated avatar, or the uploaded default picture when there is one. */
async function fallbackPicture(initials: string, colour: string): Promise<{ tag: string; png: Buffer }> {
  const file = await fileStorage().read(DEFAULT_PICTURE_PATH);
  if (file) return { tag: `d${file.sha256}`, png: file.data };
  return { tag: avatarTag(initials, colour), png: await renderInitialsAvatar(initials, colour) };
}

/** The current picture's version, without its bytes (account page image URLs, ETag checks). */
export async function profilePictureVersion(userId: string): Promise<PictureVersion> {
  return (await loadVersion(userId)).version;
}

/**
 * A user's picture for GET /api/users/:id/profile-picture.png (inventory §1.5, §5.6): the
 * uploaded one, else the generated initials avatar. With `ifNoneMatch` equal to the current
 * version only the version is returned (304), so a revalidation never reads or renders bytes.
 */
export async function loadProfilePicture(userId: string, ifNoneMatch?: string | null): Promise<PictureVersion & { png: Buffer | null }> {
  const { version, initials, colour } = await loadVersion(userId);
  if (ifNoneMatch && matchesEtag(ifNoneMatch, version.tag)) return { ...version, png: null };
  if (!version.custom) return { ...(await fallbackPicture(initials, colour)), custom: false };
  const row = await db().userProfilePicture.findUnique({ where: { userId }, select: { data: true, sha256: true } });
  // Reset between the two reads: the fallback is what the user has now.
  if (!row) return { ...(await fallbackPicture(initials, colour)), custom: false };
  return { tag: row.sha256, custom: true, png: Buffer.from(row.data) };
}

/** RFC 9110 §13.1.2: If-None-Match is `*` or a list of entity tags, compared weakly. */
function matchesEtag(header: string, tag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === `"${tag}"`);
}
