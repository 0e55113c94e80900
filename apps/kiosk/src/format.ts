import { currentLocale } from "./i18n";

/** Sessions run in England: show their times there, whatever the tablet's own clock zone. */
const TIME_ZONE = "Europe/London";

export function formatLongDate(date: Date): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: TIME_ZONE,
  }).format(date);
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }).format(date);
}

export function formatNames(names: string[]): string {
  return new Intl.ListFormat(currentLocale(), { style: "long", type: "conjunction" }).format(names);
}
