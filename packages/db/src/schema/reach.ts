// Reach against the social care caseload (PRODUCT.md, "Reach, defined"). A baseline snapshot is
// the list of children in the social care cohorts on a date. Only what matching and the reach
// figures need is kept (no raw file, no start dates, no addresses beyond the postcode); a
// snapshot's children can be purged after a retention period, leaving its aggregate figures.
import {
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { people } from "./families";

export const baselineCohorts = ["LAC", "CP", "CIN", "EHN"] as const;
export const baselineCohort = pgEnum("baseline_cohort", baselineCohorts);

/** How a baseline child came to be linked to a person. */
export const reachLinkMethods = ["social_care_id", "auto", "confirmed"] as const;
export const reachLinkMethod = pgEnum("reach_link_method", reachLinkMethods);

export const matchReviewStatuses = ["pending", "confirmed", "rejected"] as const;
export const matchReviewStatus = pgEnum("match_review_status", matchReviewStatuses);

export const baselineSnapshots = pgTable("baseline_snapshots", {
  id: uuid().primaryKey().defaultRandom(),
  snapshotDate: date({ mode: "string" }).notNull().unique(),
  /** Rows of the file (a child once per cohort) and distinct children. */
  rows: integer().notNull(),
  children: integer().notNull(),
  importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  importedBy: text().references(() => user.id),
  matchedAt: timestamp({ withTimezone: true }),
  /** Set when its children were purged; the figures in reach_snapshot_figures remain. */
  purgedAt: timestamp({ withTimezone: true }),
});

/** One child of a snapshot, once, whatever the number of cohorts they are in. */
export const baselineChildren = pgTable(
  "baseline_children",
  {
    id: uuid().primaryKey().defaultRandom(),
    snapshotId: uuid()
      .notNull()
      .references(() => baselineSnapshots.id, { onDelete: "cascade" }),
    socialCareId: text().notNull(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    dateOfBirth: date({ mode: "string" }).notNull(),
    /** The date with day and month swapped, when that is another date: the second matching block. */
    swappedDateOfBirth: date({ mode: "string" }),
    /** Whole years on the snapshot date. */
    ageYears: integer().notNull(),
    postcode: text().notNull(),
    district: text().notNull(),
    personId: uuid().references(() => people.id),
    linkMethod: reachLinkMethod(),
    linkScore: integer(),
  },
  (t) => [
    unique().on(t.snapshotId, t.socialCareId),
    index().on(t.snapshotId, t.personId),
    index().on(t.personId),
  ],
);

export const baselineChildCohorts = pgTable(
  "baseline_child_cohorts",
  {
    childId: uuid()
      .notNull()
      .references(() => baselineChildren.id, { onDelete: "cascade" }),
    cohort: baselineCohort().notNull(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.cohort] }), index().on(t.cohort)],
);

/** A possible match waiting for a person (between the two thresholds), and what they decided. */
export const matchReviews = pgTable(
  "match_reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    snapshotId: uuid()
      .notNull()
      .references(() => baselineSnapshots.id, { onDelete: "cascade" }),
    childId: uuid()
      .notNull()
      .references(() => baselineChildren.id, { onDelete: "cascade" }),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    score: integer().notNull(),
    /** What agreed and what did not, e.g. { firstName: "typo", dateOfBirth: "swapped" }. */
    reasons: jsonb().$type<Record<string, string>>().notNull(),
    status: matchReviewStatus().notNull().default("pending"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: text().references(() => user.id),
  },
  (t) => [unique().on(t.childId, t.personId), index().on(t.snapshotId, t.status)],
);

/** A rejected pair is remembered by social care id, so next month's snapshot does not queue it again. */
export const matchRejections = pgTable(
  "match_rejections",
  {
    socialCareId: text().notNull(),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    rejectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rejectedBy: text().references(() => user.id),
  },
  (t) => [primaryKey({ columns: [t.socialCareId, t.personId] })],
);

/**
 * A snapshot's reach figures for its own calendar month, by cohort (SCS too), service, district
 * and age in years, so any age range or district can be summed. Written after every match and
 * review decision, and kept when the snapshot's children are purged: the trend reads them then.
 */
export const reachSnapshotFigures = pgTable(
  "reach_snapshot_figures",
  {
    snapshotId: uuid()
      .notNull()
      .references(() => baselineSnapshots.id, { onDelete: "cascade" }),
    service: text().notNull(),
    cohort: text().notNull(),
    district: text().notNull(),
    ageYears: integer().notNull(),
    periodFrom: date({ mode: "string" }).notNull(),
    periodTo: date({ mode: "string" }).notNull(),
    baseline: integer().notNull(),
    registered: integer().notNull(),
    engaged: integer().notNull(),
    sustained: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.service, t.cohort, t.district, t.ageYears] })],
);
