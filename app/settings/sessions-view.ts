import type { SessionDto } from "@/lib/services/sessions/session-dto";
import { formatAgo, formatWhen } from "./account/format";
import type { SessionView } from "./session-list";

/** Session DTOs with their times in words, computed once on the server so both renders agree. */
export function sessionViews(sessions: SessionDto[], now = new Date()): SessionView[] {
  return sessions.map((s) => ({ ...s, signedInText: formatWhen(s.signedInAt), lastSeenText: formatAgo(s.lastSeenAt, now) }));
}

/** The picture URL the settings pages show: versioned, so a change shows at once and caching is forever. */
export function pictureSrc(userId: string, tag: string): string {
  return `/api/users/${encodeURIComponent(userId)}/profile-picture.png?v=${encodeURIComponent(tag)}`;
}
