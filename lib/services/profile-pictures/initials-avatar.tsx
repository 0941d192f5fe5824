import { createHash } from "node:crypto";
import { ImageResponse } from "next/og";
import { PICTURE_SIZE } from "./process-profile-picture";

/**
 * Background colours of generated avatars: Tailwind's 600-700 shades, each with white text above
 * the WCAG 3:1 contrast for large text. A user's colour comes from their id, so it never changes
 * when they rename themselves and two users with the same initials usually differ.
 */
const PALETTE = ["#1d4ed8", "#4338ca", "#6d28d9", "#a21caf", "#be185d", "#be123c", "#b91c1c", "#c2410c", "#b45309", "#047857", "#0f766e", "#0e7490", "#0369a1", "#475569"];

/** Bumped when the drawing changes, so caches keyed by the ETag refetch. */
const AVATAR_VERSION = "1";

/**
 * Letters the bundled font (Geist, shipped inside next/og) draws. Anything else would make
 * next/og download a font from the internet at render time; such names (Greek, CJK, a few
 * rare Latin letters) fall back to the username, which is always ASCII. tests/unit/avatar.test.ts
 * renders every accepted letter and fails if any would be fetched.
 */
export const DRAWABLE = /^(?![ĔĕĬĭĸĿŀŉŎŏſ])[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F\u0400-\u045F]$/u;

function firstLetter(value: string): string | null {
  const ch = Array.from(value.trim().normalize("NFC"))[0];
  if (!ch || !DRAWABLE.test(ch)) return null;
  // One letter even where upper-casing makes two (ß → SS).
  const upper = Array.from(ch.toUpperCase())[0];
  return DRAWABLE.test(upper) ? upper : ch;
}

/**
 * Pocket ID's rule (inventory §5.6): the first letters of first and last name, else the first two
 * characters of the username.
 */
export function avatarInitials(user: { firstName: string; lastName: string; username: string }): string {
  const first = firstLetter(user.firstName);
  const last = firstLetter(user.lastName);
  if (first && last) return first + last;
  if (first && !user.lastName.trim()) return first;
  const fromUsername = Array.from(user.username).filter((c) => /[A-Za-z0-9]/.test(c)).slice(0, 2).join("");
  return (fromUsername || "?").toUpperCase();
}

export function avatarColour(userId: string): string {
  return PALETTE[createHash("sha256").update(userId).digest()[0] % PALETTE.length];
}

/** The ETag of a generated avatar: changes exactly when the drawing would. */
export function avatarTag(initials: string, colour: string): string {
  return "a" + createHash("sha256").update(`${AVATAR_VERSION}|${initials}|${colour}`).digest("base64url").slice(0, 22);
}

// Rendering takes ~10-100 ms; the same few hundred drawings are asked for again and again. This
// cache holds derived data only (every replica renders the same bytes), so it is not shared state.
const cache = new Map<string, Buffer>();
const CACHE_ENTRIES = 256;

/** A 300×300 PNG: white initials on the user's colour. */
export async function renderInitialsAvatar(initials: string, colour: string): Promise<Buffer> {
  const key = `${initials}|${colour}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const response = new ImageResponse(
    (
      <div
        style={{
          width: "100%",
          height: "100%",
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          background: colour,
          color: "#ffffff",
          fontSize: initials.length > 1 ? 124 : 150,
          letterSpacing: "-0.02em",
        }}
      >
        {initials}
      </div>
    ),
    { width: PICTURE_SIZE, height: PICTURE_SIZE },
  );
  const png = Buffer.from(await response.arrayBuffer());
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, png);
  return png;
}
