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

type BuiltInTargetGroup = {
  code: string;
  category: (typeof targetGroupCategories)[number];
  label: string;
  /** Whether a new installation counts it as priority; the authority changes it afterwards. */
  priority: boolean;
};

/**
 * The built-in catalogue: the vulnerability categories of seed 001 (2.14), with stable codes.
 * It lives here, beside the table, rather than in @familyhub/targeting because the demo seed (in
 * this package) writes flags that need it, and @familyhub/targeting depends on this package.
 * `syncCatalogue` in @familyhub/targeting writes it to the table. Codes never change once used.
 */
export const builtInTargetGroups = [
  // The vulnerability descriptors of the free childcare offer for two-year-olds.
  {
    code: "under_represented",
    category: "family",
    label: "From a group under-represented in the take-up of services",
    priority: false,
  },
  { code: "teenage_parent", category: "parental", label: "Teenage parent", priority: true },
  {
    code: "parent_disability",
    category: "parental",
    label: "Parent with a health condition or disability that affects parenting",
    priority: true,
  },
  {
    code: "three_under_five",
    category: "parental",
    label: "Three or more children under five",
    priority: true,
  },
  {
    code: "domestic_abuse",
    category: "parental",
    label: "Domestic abuse in the family",
    priority: true,
  },
  {
    code: "substance_misuse",
    category: "parental",
    label: "Substance misuse in the family",
    priority: true,
  },
  { code: "lone_parent", category: "parental", label: "Lone parent", priority: true },
  { code: "child_in_care", category: "child_young_person", label: "Child in care", priority: true },
  {
    code: "child_protection",
    category: "child_young_person",
    label: "Child on a child protection plan",
    priority: true,
  },
  {
    code: "child_in_need",
    category: "child_young_person",
    label: "Child in need (identified by social care)",
    priority: true,
  },
  {
    code: "developmental_delay",
    category: "child_young_person",
    label: "Developmental or learning delay",
    priority: true,
  },
  {
    code: "child_disability",
    category: "child_young_person",
    label: "Child with a disability",
    priority: true,
  },
  {
    code: "temporary_accommodation",
    category: "child_young_person",
    label: "Living in temporary accommodation",
    priority: true,
  },
  // The generic descriptors of potential vulnerability.
  { code: "deprived_area", category: "family", label: "Living in a deprived area", priority: true },
  { code: "poverty", category: "family", label: "Family living in poverty", priority: false },
  {
    code: "limited_basic_skills",
    category: "family",
    label: "Family members with limited basic skills",
    priority: false,
  },
  {
    code: "transition",
    category: "child_young_person",
    label: "At a key point of transition (e.g. primary to secondary school)",
    priority: false,
  },
  {
    code: "bereavement",
    category: "child_young_person",
    label: "Experiencing loss or bereavement",
    priority: false,
  },
  { code: "young_carer", category: "child_young_person", label: "Young carer", priority: true },
  {
    code: "young_offender",
    category: "child_young_person",
    label: "Young offender",
    priority: false,
  },
  { code: "care_leaver", category: "child_young_person", label: "Care leaver", priority: false },
  {
    code: "ethnic_group_outcomes",
    category: "child_young_person",
    label: "From an ethnic group whose outcomes are disproportionately poorer",
    priority: false,
  },
  {
    code: "lgbt",
    category: "child_young_person",
    label: "Lesbian, gay, bisexual or transgender young person",
    priority: false,
  },
  {
    code: "neet",
    category: "child_young_person",
    label: "Not in education, employment or training (NEET)",
    priority: true,
  },
  {
    code: "speech_language",
    category: "child_young_person",
    label: "Speech, language and communication difficulties",
    priority: false,
  },
  {
    code: "sexual_exploitation",
    category: "child_young_person",
    label: "Vulnerable to sexual exploitation",
    priority: false,
  },
  {
    code: "low_birth_weight",
    category: "child_young_person",
    label: "Born with a low birth weight",
    priority: false,
  },
  {
    code: "send",
    category: "child_young_person",
    label: "Special educational needs and disabilities (SEND)",
    priority: false,
  },
  {
    code: "emotional_health",
    category: "family",
    label: "Emotional health and wellbeing problems",
    priority: false,
  },
  {
    code: "health_problems",
    category: "family",
    label: "Health problems in the family",
    priority: false,
  },
  { code: "adult_worklessness", category: "family", label: "Adult worklessness", priority: false },
] as const satisfies readonly BuiltInTargetGroup[];

export type BuiltInTargetGroupCode = (typeof builtInTargetGroups)[number]["code"];

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
