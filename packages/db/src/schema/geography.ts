import { boolean, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const siteKinds = [
  "children_centre",
  "family_hub",
  "youth_hub",
  "wellbeing_centre",
  "outreach_venue",
] as const;
export const siteOperators = [
  "local_authority",
  "school",
  "charity",
  "fe_college",
  "health",
] as const;

export const siteKind = pgEnum("site_kind", siteKinds);
export const siteOperator = pgEnum("site_operator", siteOperators);

export const localities = pgTable("localities", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const sites = pgTable("sites", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  kind: siteKind().notNull(),
  operator: siteOperator().notNull(),
  localityId: uuid()
    .notNull()
    .references(() => localities.id),
  district: text().notNull(),
  postcode: text().notNull(),
  isLead: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
