import { TZDate, tz } from "@date-fns/tz";
import { differenceInMonths, differenceInYears, format, formatDistanceToNow } from "date-fns";
import { enGB } from "date-fns/locale";

export const LONDON = "Europe/London";
const inLondon = tz(LONDON);

/** Today's date in London as `YYYY-MM-DD`, whatever the computer's own time zone. */
export function londonToday(): string {
  return format(new Date(), "yyyy-MM-dd", { in: inLondon });
}

/** A calendar date (`YYYY-MM-DD`, as the API sends dates without a time) pinned to London. */
export function calendarDate(iso: string): TZDate {
  const [y = 1970, m = 1, d = 1] = iso.split("-").map(Number);
  return new TZDate(y, m - 1, d, LONDON);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return format(calendarDate(value), "yyyy-MM-dd") === value;
}

/** 14:05 */
export function formatTime(date: Date): string {
  return format(date, "HH:mm", { in: inLondon });
}

/** 22/11/2026, for a calendar date or an instant. */
export function formatDate(value: string | Date): string {
  const date = typeof value === "string" ? calendarDate(value) : value;
  return format(date, "dd/MM/yyyy", { in: inLondon, locale: enGB });
}

/** Saturday 22 November 2026 */
export function formatLongDate(value: string | Date): string {
  const date = typeof value === "string" ? calendarDate(value) : value;
  return format(date, "EEEE d MMMM yyyy", { in: inLondon, locale: enGB });
}

/** 22/11/2026 at 14:05 */
export function formatDateTime(date: Date): string {
  return `${formatDate(date)} at ${formatTime(date)}`;
}

/** 5 minutes ago */
export function formatRelative(date: Date): string {
  return formatDistanceToNow(date, { addSuffix: true, locale: enGB });
}

/** An age as staff say it: months for the under-twos, years after that. */
export function formatAge(dateOfBirth: string): string {
  const born = calendarDate(dateOfBirth);
  const today = calendarDate(londonToday());
  const years = differenceInYears(today, born);
  if (years >= 2) return `${years} years`;
  const months = differenceInMonths(today, born);
  return months === 1 ? "1 month" : `${months} months`;
}
