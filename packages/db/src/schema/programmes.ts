import {
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { people } from "./families";
import { sites } from "./geography";
import { kiosks } from "./kiosks";

export const offerTypes = ["universal", "targeted"] as const;
export const offerType = pgEnum("offer_type", offerTypes);

export const programmes = pgTable("programmes", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  serviceArea: text().notNull(),
  offer: offerType().notNull().default("universal"),
  minAgeMonths: integer(),
  maxAgeMonths: integer(),
  capacity: integer(),
  lengthWeeks: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.siteId, t.startsAt), unique().on(t.programmeId, t.siteId, t.startsAt)],
);

export const attendanceMethods = ["kiosk", "staff", "import"] as const;
export const attendanceMethod = pgEnum("attendance_method", attendanceMethods);

export const attendances = pgTable(
  "attendances",
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    method: attendanceMethod().notNull(),
    checkedInAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kioskId: uuid().references(() => kiosks.id),
    // The id the kiosk made for the check-in, so a replayed check-in is recognised.
    checkInId: uuid(),
    recordedBy: text().references(() => user.id),
  },
  (t) => [unique().on(t.personId, t.sessionId), index().on(t.sessionId), index().on(t.checkInId)],
);
