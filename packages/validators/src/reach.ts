// Inputs of the reach procedures (issue 4), shared with the admin app's dashboard filters and
// review queue so the form and the server agree.
import { z } from "zod";
import { isoDate } from "./basics";

/** The report's cohorts, in the order of Kent's table: SCS is LAC, CP or CIN, each child once. */
export const reportCohorts = ["SCS", "LAC", "CP", "CIN", "EHN"] as const;
export const reachServices = ["children_centre", "youth_hub", "all"] as const;
export const reachBreakdowns = ["cohort", "district", "age_band", "site"] as const;
export const reachAgeBandNames = ["0-4", "5-10", "11-15", "16+"] as const;

const age = z.number().int().min(0, "Ages start at 0").max(30, "Ages go up to 30");

/** Ages on the snapshot date; absent: the service's default (0–4, 12–18); null: every age. */
export const reachAgesInput = z
  .object({ min: age, max: age.nullable() })
  .refine((a) => a.max === null || a.min <= a.max, "The youngest age is above the oldest")
  .nullable()
  .optional();

const period = {
  from: isoDate,
  to: isoDate,
  service: z.enum(reachServices).default("all"),
  ages: reachAgesInput,
  sustainedMin: z.number().int().min(1).max(100).optional(),
  /**
   * Ignored (always on) unless the caller's role has report:unsuppressed: only then can a
   * report show counts of 1 to 5.
   */
  suppress: z.boolean().default(true),
};

export const reachReportInput = z.object({
  ...period,
  snapshotDate: isoDate.optional(),
  by: z.enum(reachBreakdowns).default("cohort"),
  district: z.string().trim().min(1).max(100).optional(),
});
export type ReachReportInput = z.input<typeof reachReportInput>;

export const reachTrendInput = z.object({
  service: z.enum(reachServices).default("all"),
  ages: reachAgesInput,
  sustainedMin: z.number().int().min(1).max(100).optional(),
  suppress: z.boolean().default(true),
});

export const unreachedInput = reachReportInput.omit({ by: true, suppress: true }).extend({
  cohort: z.enum(reportCohorts),
  measure: z.enum(["registered", "engaged", "sustained"]),
  ageBand: z.enum(reachAgeBandNames).optional(),
});

export const scorecardInput = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a month (YYYY-MM)"),
  suppress: z.boolean().default(true),
});

export const reviewDecisionInput = z.object({ reviewId: z.uuid("That is not a valid id") });

/** Purging snapshots older than this many months (their children deleted, figures kept). */
export const purgeSnapshotsInput = z.object({
  retentionMonths: z
    .number()
    .int("Whole months")
    .min(1, "Keep at least one month")
    .max(120, "Ten years at most"),
});
