// Words staff read for the programme catalogue's codes, shared by the catalogue, the planner,
// the register and the reports.
import type { deliveryUnitValues } from "@familyhub/validators";

export type DeliveryUnit = (typeof deliveryUnitValues)[number];

/** The ten delivery units of seed 000, 3.39–3.41, as the council names them. */
export const deliveryUnitLabels: Record<DeliveryUnit, string> = {
  boys_and_young_men: "Boys and young men",
  creative_arts: "Creative arts",
  emotional_health_and_wellbeing: "Emotional health and wellbeing",
  girls_and_young_women: "Girls and young women",
  mobile_and_detached: "Mobile and detached",
  peer_leadership: "Peer leadership",
  substance_use: "Substance use",
  sexual_health: "Sexual health",
  transition_support: "Transition support",
  volunteer_engagement: "Volunteer engagement",
};

export function isDeliveryUnit(value: string): value is DeliveryUnit {
  return value in deliveryUnitLabels;
}

/** An age in months as staff say it: "6 months", "2 years", "2 years 6 months". */
export function ageInWords(months: number): string {
  if (months < 24) return months === 1 ? "1 month" : `${months} months`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest ? `${years} years ${rest} months` : `${years} years`;
}

/** "0–12 months", "11–19 years", "Expectant parents and babies", "All ages". */
export function ageRange(min: number | null, max: number | null): string {
  if (min == null && max == null) return "All ages";
  if (min == null && max != null) return `Up to ${ageInWords(max)}`;
  if (min != null && max == null) return `${ageInWords(min)} and over`;
  if (min != null && max != null) {
    // Both under two, or both whole years: one unit, as on a leaflet.
    if (max < 24) return `${min}–${max} months`;
    if (min % 12 === 0 && max % 12 === 0) return `${min / 12}–${max / 12} years`;
    return `${ageInWords(min)} to ${ageInWords(max)}`;
  }
  return "All ages";
}

export const weekdayNames = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/** ISO weekday (1 = Monday) to its name. */
export function weekdayName(isoWeekday: number): string {
  return weekdayNames[isoWeekday - 1] ?? "";
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

/** A Mantine NumberInput's value as the API wants it: a number, or null when left empty. */
export function numberOrNull(value: number | string): number | null {
  if (typeof value === "number") return value;
  if (value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
