// The words of reach (PRODUCT.md, "Reach, defined"): cohorts, services, age bands.
import { baselineCohorts, type siteKinds } from "@familyhub/db/schema";
import {
  reachAgeBandNames as reachAgeBands,
  reachBreakdowns,
  reachServices,
  reportCohorts,
} from "@familyhub/validators";

export { baselineCohorts, reachAgeBands, reachBreakdowns, reachServices, reportCohorts };
export type BaselineCohort = (typeof baselineCohorts)[number];

export type ReportCohort = (typeof reportCohorts)[number];
export const scsCohorts = ["LAC", "CP", "CIN"] as const satisfies readonly BaselineCohort[];

export type ReachService = (typeof reachServices)[number];

/** The kinds of site each service counts: family hubs and wellbeing centres are children's centres. */
export const serviceSiteKinds: Record<ReachService, readonly (typeof siteKinds)[number][]> = {
  children_centre: ["children_centre", "family_hub", "wellbeing_centre"],
  youth_hub: ["youth_hub"],
  all: ["children_centre", "family_hub", "youth_hub", "wellbeing_centre", "outreach_venue"],
};

export type AgeRange = { min: number; max: number | null };

/** Children's centre reach counts the 0–4 baseline by default, youth hub reach 12–18. */
export const defaultAges: Record<ReachService, AgeRange | null> = {
  children_centre: { min: 0, max: 4 },
  youth_hub: { min: 12, max: 18 },
  all: null,
};

export type ReachAgeBand = (typeof reachAgeBands)[number];
export const ageBandRanges: Record<ReachAgeBand, AgeRange> = {
  "0-4": { min: 0, max: 4 },
  "5-10": { min: 5, max: 10 },
  "11-15": { min: 11, max: 15 },
  "16+": { min: 16, max: null },
};

export type ReachBreakdown = (typeof reachBreakdowns)[number];

/** Sustained reach: at least this many attendances in the period (configurable per report). */
export const DEFAULT_SUSTAINED_MIN = 3;

/** `0-4`, `12-18`, `16+` or `5` → an age range in whole years; null when it is none of those. */
export function parseAges(raw: string): AgeRange | null {
  const value = raw.trim();
  let match = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(value);
  if (match) {
    const min = Number(match[1]);
    const max = Number(match[2]);
    return min <= max ? { min, max } : null;
  }
  match = /^(\d{1,2})\s*\+$/.exec(value);
  if (match) return { min: Number(match[1]), max: null };
  match = /^(\d{1,2})$/.exec(value);
  if (match) return { min: Number(match[1]), max: Number(match[1]) };
  return null;
}

export function formatAges(ages: AgeRange | null): string {
  if (!ages) return "all ages";
  return ages.max === null ? `${ages.min}+` : `${ages.min}-${ages.max}`;
}

/** Whole years between a date of birth and a date, both `YYYY-MM-DD`. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [y, m, d] = on.split("-").map(Number);
  if (by === undefined || bm === undefined || bd === undefined) return 0;
  if (y === undefined || m === undefined || d === undefined) return 0;
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}
