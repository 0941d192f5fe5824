/**
 * Dates on the account page: one fixed format in UTC, so the server-rendered text and the
 * hydrated client text are the same ("23 Nov 2026, 09:40 UTC").
 */
const FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function formatWhen(iso: string | Date): string {
  return `${FORMAT.format(typeof iso === "string" ? new Date(iso) : iso)} UTC`;
}

/** "Active now", "5 minutes ago", "3 hours ago", else the date: computed on the server, passed as text. */
export function formatAgo(iso: string, now = new Date()): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 2) return "Active now";
  if (minutes < 60) return `${minutes} minutes ago`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    return `${h} hour${h === 1 ? "" : "s"} ago`;
  }
  return formatWhen(iso);
}
