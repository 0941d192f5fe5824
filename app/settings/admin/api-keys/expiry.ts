/** yyyy-mm-dd of a date in the browser's time zone (what <input type="date"> takes). */
export function dateInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function daysFromNow(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return dateInputValue(d);
}

/**
 * The instant a key chosen to expire "on" a day stops working: the end of that day in the
 * browser's time zone, so a key set to expire today-plus-30 works all of that day.
 */
export function endOfDayIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T23:59:59`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
