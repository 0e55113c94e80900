import { sql } from "drizzle-orm";
import {
  date,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { sites } from "./geography";

export const personRoles = ["child", "adult"] as const;
export const personRole = pgEnum("person_role", personRoles);

export const families = pgTable(
  "families",
  {
    id: uuid().primaryKey().defaultRandom(),
    // The reference of a family in a legacy database, kept so re-imports find it again.
    familyRef: text().unique(),
    surname: text().notNull(),
    postcode: text().notNull(),
    registeredSiteId: uuid()
      .notNull()
      .references(() => sites.id),
    registeredOn: date({ mode: "string" }).notNull(),
    registeredBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.registeredSiteId), index().on(t.surname)],
);

export const people = pgTable(
  "people",
  {
    id: uuid().primaryKey().defaultRandom(),
    familyId: uuid()
      .notNull()
      .references(() => families.id),
    personRef: text().unique(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    dateOfBirth: date({ mode: "string" }).notNull(),
    role: personRole().notNull(),
    socialCareId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.familyId),
    index().on(t.dateOfBirth),
    uniqueIndex()
      .on(t.socialCareId)
      .where(sql`${t.socialCareId} is not null`),
  ],
);

export const consentKinds = ["privacy_notice"] as const;
export const consentKind = pgEnum("consent_kind", consentKinds);

export const consents = pgTable(
  "consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    familyId: uuid()
      .notNull()
      .references(() => families.id),
    kind: consentKind().notNull(),
    version: text().notNull(),
    givenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    recordedBy: text().references(() => user.id),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.familyId)],
);

// A family's QR card. Only a SHA-256 of the token is stored: the token has 144 random bits,
// so a fast hash is enough, and a leaked table cannot be turned back into working cards.
export const familyCards = pgTable(
  "family_cards",
  {
    id: uuid().primaryKey().defaultRandom(),
    familyId: uuid()
      .notNull()
      .references(() => families.id),
    tokenHash: text().notNull().unique(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    issuedBy: text().references(() => user.id),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: text().references(() => user.id),
  },
  (t) => [index().on(t.familyId)],
);
