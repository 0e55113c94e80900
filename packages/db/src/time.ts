import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";

export const TIME_ZONE = "Europe/London";

/** Today's date in Europe/London as `YYYY-MM-DD`. */
export function londonDate(at: Date = new Date()): string {
  return format(new TZDate(at, TIME_ZONE), "yyyy-MM-dd");
}

/** The UTC instants at which a Europe/London calendar day starts and ends (DST-aware). */
export function londonDayBounds(date: string): { start: Date; end: Date } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const start = new TZDate(y, m - 1, d, TIME_ZONE);
  const end = addDays(start, 1);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** A Europe/London wall-clock time on a date, as a UTC instant. */
export function londonTime(date: string, hours: number, minutes = 0): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hours, minutes, TIME_ZONE).getTime());
}

let todayBounds: { start: Date; end: Date } | null = null;

/**
 * `londonDayBounds(londonDate())`, worked out once a day rather than on every call: the kiosk asks
 * for it on every scan, and time zone arithmetic is a noticeable share of a check-in's CPU.
 */
export function londonTodayBounds(now: number = Date.now()): { start: Date; end: Date } {
  if (!todayBounds || now < todayBounds.start.getTime() || now >= todayBounds.end.getTime()) {
    todayBounds = londonDayBounds(londonDate(new Date(now)));
  }
  return todayBounds;
}
