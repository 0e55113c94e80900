import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  time,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { people, sex } from "./families";
import { localities, sites } from "./geography";
import { kiosks } from "./kiosks";

export const offerTypes = ["universal", "targeted"] as const;
export const offerType = pgEnum("offer_type", offerTypes);

/** The ten targeted programme delivery units of seed 000, 3.39–3.41, in the order of its table. */
export const deliveryUnits = [
  "boys_and_young_men",
  "creative_arts",
  "emotional_health_and_wellbeing",
  "girls_and_young_women",
  "mobile_and_detached",
  "peer_leadership",
  "substance_use",
  "sexual_health",
  "transition_support",
  "volunteer_engagement",
] as const;
export const deliveryUnit = pgEnum("delivery_unit", deliveryUnits);

export const programmes = pgTable(
  "programmes",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    serviceArea: text().notNull(),
    /** Targeted programmes only: which of the ten units delivers it. */
    deliveryUnit: deliveryUnit(),
    offer: offerType().notNull().default("universal"),
    /** Null bounds are open: an antenatal course for expectant parents has no age range. */
    minAgeMonths: integer(),
    maxAgeMonths: integer(),
    /** A higher upper age for a disabled person (a youth club 11–19, 25 with a disability). */
    maxAgeMonthsDisability: integer(),
    /** Codes of the priority target groups it is for (targeting's catalogue). */
    targetGroups: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    capacity: integer(),
    lengthWeeks: integer(),
    partnerOrganisation: text(),
    description: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "programmes_age_range",
      sql`${t.minAgeMonths} is null or ${t.maxAgeMonths} is null or ${t.minAgeMonths} <= ${t.maxAgeMonths}`,
    ),
  ],
);

export const repeatFrequencies = ["once", "weekly", "fortnightly"] as const;
export const repeatFrequency = pgEnum("repeat_frequency", repeatFrequencies);

/**
 * How a run of sessions was planned: weekly or fortnightly for N sessions or until a date. The
 * sessions it made are rows of their own, each editable or cancellable; the series is kept so a
 * course can be booked whole and its completion followed.
 */
export const sessionSeries = pgTable(
  "session_series",
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    venueSiteId: uuid().references(() => sites.id),
    frequency: repeatFrequency().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    /** Sessions to make (term dates and closure days skipped, not counted), or… */
    occurrences: integer(),
    /** …the last date a session may fall on. */
    untilDate: date({ mode: "string" }),
    startTime: time().notNull(),
    endTime: time().notNull(),
    capacity: integer(),
    facilitators: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "session_series_has_end",
      sql`${t.frequency} = 'once' or ${t.occurrences} is not null or ${t.untilDate} is not null`,
    ),
    check("session_series_times", sql`${t.endTime} > ${t.startTime}`),
  ],
);

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
    seriesId: uuid().references(() => sessionSeries.id),
    /** An outreach venue (a church hall, a library) where the centre in siteId runs it. */
    venueSiteId: uuid().references(() => sites.id),
    facilitators: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Places kept for priority families until `holdReleaseHours` before the start. */
    heldPlaces: integer().notNull().default(0),
    holdReleaseHours: integer().notNull().default(24),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: text().references(() => user.id),
    cancelReason: text(),
    /** Optimistic concurrency: an edit names the version it read, and loses if it changed. */
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.siteId, t.startsAt),
    unique().on(t.programmeId, t.siteId, t.startsAt),
    index().on(t.seriesId),
    index().on(t.startsAt),
    // A person's attendances in a period (reach, scorecard: per child, `attendances` by
    // person_id joined to its sessions) read each session's date and site from this index
    // alone, so the planner looks up ~7 sessions a child instead of hashing a month's 5,000
    // for every child: the scorecard went from 8.4 s to 2.7 s at a county's size (BENCHMARKS.md).
    index("sessions_id_starts_at_site_id_index").on(t.id, t.startsAt, t.siteId),
    check("sessions_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("sessions_held_places", sql`${t.heldPlaces} >= 0`),
  ],
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
    // A family checked in at a kiosk while it was offline: the server ticked the members whose
    // age suits the session, and staff confirm or untick them on the register.
    unconfirmed: boolean().notNull().default(false),
    recordedBy: text().references(() => user.id),
  },
  (t) => [
    unique().on(t.personId, t.sessionId),
    // By session, with the person: a register, and a month's attendees read from the index
    // alone (the scorecard reads its month's sessions' attendances this way, not the table).
    index().on(t.sessionId, t.personId),
    index().on(t.checkInId),
  ],
);

/** Terms of the authority (or of one locality): sessions are planned inside them. */
export const terms = pgTable(
  "terms",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    /** Null: the whole authority's term. */
    localityId: uuid().references(() => localities.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.startsOn), check("terms_dates", sql`${t.endsOn} >= ${t.startsOn}`)],
);

/** Days no session is planned: bank holidays (every site) or a centre's own closure. */
export const closureDays = pgTable(
  "closure_days",
  {
    id: uuid().primaryKey().defaultRandom(),
    date: date({ mode: "string" }).notNull(),
    name: text().notNull(),
    /** Null: every site (a bank holiday). */
    siteId: uuid().references(() => sites.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.date), unique().on(t.date, t.siteId).nullsNotDistinct()],
);

export const bookingStatuses = ["booked", "waiting", "cancelled"] as const;
export const bookingStatus = pgEnum("booking_status", bookingStatuses);

/**
 * A place on a session for one person. A waiting booking is offered a place in the order it
 * was made (createdAt) when one frees up; a cancellation keeps the row, with its reason.
 */
export const bookings = pgTable(
  "bookings",
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id),
    personId: uuid()
      .notNull()
      .references(() => people.id),
    status: bookingStatus().notNull(),
    /** Booked on the whole course (a series), not this one session. */
    seriesId: uuid().references(() => sessionSeries.id),
    /** Took one of the places held for priority families. */
    heldPlace: boolean().notNull().default(false),
    /** Why staff booked someone outside the programme's age range. */
    overrideReason: text(),
    bookedBy: text().references(() => user.id),
    placedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: text().references(() => user.id),
    cancelReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.sessionId, t.personId),
    index().on(t.sessionId, t.status, t.createdAt),
    index().on(t.personId),
  ],
);

export const headcountAgeBands = ["0-4", "5-10", "11-15", "16-19", "20-25"] as const;
export const headcountAgeBand = pgEnum("headcount_age_band", headcountAgeBands);

/** Attendees counted but not named (detached and drop-in youth work), by age band and sex. */
export const anonymousAttendance = pgTable(
  "anonymous_attendance",
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id),
    ageBand: headcountAgeBand().notNull(),
    sex: sex().notNull(),
    count: integer().notNull(),
    recordedBy: text().references(() => user.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.sessionId, t.ageBand, t.sex),
    check("anonymous_attendance_count", sql`${t.count} >= 0`),
  ],
);
