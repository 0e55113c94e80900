import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { families, people } from "./families";

export const targetGroupCategories = ["family", "parental", "child_young_person"] as const;
export const targetGroupCategory = pgEnum("target_group_category", targetGroupCategories);

/**
 * The catalogue of priority target groups (seed 001, 2.14) plus an authority's local groups.
 * Which groups count as priority is local configuration: `isPriority`.
 */
export const targetGroups = pgTable("target_groups", {
  code: text().primaryKey(),
  category: targetGroupCategory().notNull(),
  label: text().notNull(),
  isPriority: boolean().notNull().default(true),
  isLocal: boolean().notNull().default(false),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const flagSources = ["self_declared", "staff", "rule", "social_care"] as const;
export const flagSource = pgEnum("flag_source", flagSources);

/**
 * A family, or one person in it, in a target group. Flags end rather than being deleted, so the
 * figures of the past stay true: a flag counts for a date on or after `startedOn` and before
 * `endedAt` (when set).
 */
export const targetFlags = pgTable(
  "target_flags",
  {
    id: uuid().primaryKey().defaultRandom(),
    familyId: uuid()
      .notNull()
      .references(() => families.id),
    /** Null: the flag is about the whole family (e.g. temporary accommodation). */
    personId: uuid().references(() => people.id),
    groupCode: text()
      .notNull()
      .references(() => targetGroups.code),
    source: flagSource().notNull(),
    note: text(),
    startedOn: date({ mode: "string" }).notNull(),
    reviewOn: date({ mode: "string" }),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    recordedBy: text().references(() => user.id),
    endedAt: timestamp({ withTimezone: true }),
    endedBy: text().references(() => user.id),
    endReason: text(),
  },
  (t) => [
    index().on(t.familyId),
    index().on(t.personId),
    index().on(t.groupCode),
    // One open flag per subject, group and source.
    uniqueIndex("target_flags_open_unique")
      .on(
        t.familyId,
        sql`coalesce(${t.personId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        t.groupCode,
        t.source,
      )
      .where(sql`${t.endedAt} is null`),
  ],
);

/** Postcode → LSOA → IMD decile, imported by an administrator as CSV; decile 1 is the most deprived. */
export const deprivationLookup = pgTable("deprivation_lookup", {
  postcode: text().primaryKey(),
  lsoaCode: text().notNull(),
  imdDecile: integer().notNull(),
});
