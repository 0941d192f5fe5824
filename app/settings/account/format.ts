/**
 * Dates on the account page: one fixed format in UTC, so the server-rendered text and the
 * hydrated client text are the same ("23 Nov 2026, 09:40 UTC").
 */
const FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function formatWhen(iso: string | Date): string {
  return `${FORMAT.format(typeof iso === "string" ? new Date(iso) : iso)} UTC`;
}
