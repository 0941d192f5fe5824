import { auditEventLabel } from "./audit-log-dto";
import type { GlobalAuditLogDto } from "./list-all-audit-logs";

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A
 * cell a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return
 * that some spreadsheets skip before one) gets a leading apostrophe: audit rows carry text that
 * users and apps chose (names, user agents), and opening the export must never run it (OWASP
 * "CSV injection").
 */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? "";
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const AUDIT_CSV_COLUMNS = ["Date (UTC)", "Event", "Event name", "User", "User ID", "Client", "IP address", "Country", "City", "Device", "User agent", "Details"] as const;

/** The export of a filtered audit log view: a header row, then one line per event, CRLF line ends. */
export function auditLogCsv(rows: GlobalAuditLogDto[]): string {
  const lines = [AUDIT_CSV_COLUMNS.map(csvCell).join(",")];
  for (const r of rows) {
    const details = Object.keys(r.data).length ? JSON.stringify(r.data) : "";
    lines.push(
      [r.createdAt, auditEventLabel(r.event), r.event, r.username, r.userID, r.data.clientName, r.ipAddress, r.country, r.city, r.device, r.userAgent, details]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}
