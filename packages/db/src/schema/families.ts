import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
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

/**
 * active: known to the service; pending: self-registered, waiting for staff; merged: a duplicate
 * folded into another; erased: the family asked to be forgotten (or a retention rule did), and
 * what is left is an anonymous shell that keeps past attendance figures true. An erased family
 * reads as not existing everywhere staff look.
 */
export const familyStatuses = ["active", "pending", "merged", "erased"] as const;
export const familyStatus = pgEnum("family_status", familyStatuses);

export const sexes = ["female", "male", "unknown"] as const;
export const sex = pgEnum("sex", sexes);

export const senStatuses = ["sen_support", "ehc_plan"] as const;
export const senStatus = pgEnum("sen_status", senStatuses);

export const families = pgTable(
  "families",
  {
    id: uuid().primaryKey().defaultRandom(),
    // The reference of a family in a legacy database, kept so re-imports find it again.
    familyRef: text().unique(),
    surname: text().notNull(),
    postcode: text().notNull(),
    addressLine1: text(),
    addressLine2: text(),
    town: text(),
    phone: text(),
    email: text(),
    howHeard: text(),
    status: familyStatus().notNull().default("active"),
    mergedIntoId: uuid().references((): AnyPgColumn => families.id),
    /** When the family registered themselves (kiosk or phone); staff verify before it is active. */
    selfRegisteredAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: text().references(() => user.id),
    registeredSiteId: uuid()
      .notNull()
      .references(() => sites.id),
    registeredOn: date({ mode: "string" }).notNull(),
    registeredBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.registeredSiteId),
    index().on(t.surname),
    index().on(t.postcode),
    index().on(t.status),
  ],
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
    /** Null only for an unborn child, who has an expected due date instead. */
    dateOfBirth: date({ mode: "string" }),
    expectedDueDate: date({ mode: "string" }),
    role: personRole().notNull(),
    sex: sex(),
    /** A CIN census ethnicity code, e.g. WBRI (see @familyhub/validators). */
    ethnicity: text(),
    firstLanguage: text(),
    /** How an adult relates to the children (mother, father, carer…) or a child to the family. */
    relationship: text(),
    disability: boolean().notNull().default(false),
    sen: senStatus(),
    socialCareId: text(),
    mergedIntoId: uuid().references((): AnyPgColumn => people.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.familyId),
    index().on(t.dateOfBirth),
    uniqueIndex()
      .on(t.socialCareId)
      .where(sql`${t.socialCareId} is not null`),
    index().on(t.lastName),
    check("people_born_or_due", sql`${t.dateOfBirth} is not null or ${t.expectedDueDate} is not null`),
  ],
);

export const consentKinds = ["privacy_notice", "data_sharing", "photographs"] as const;
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
