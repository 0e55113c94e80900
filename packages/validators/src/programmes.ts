// Programmes, sessions, bookings, registers and the locality planner: the forms' and the
// procedures' schemas.
import { z } from "zod";
import { isoDate } from "./basics";

export const deliveryUnitValues = [
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

const months = (label: string) =>
  z
    .number(`${label} must be a number of months`)
    .int(`${label} must be a whole number of months`)
    .min(0, `${label} cannot be negative`)
    .max(600, `${label} must be 50 years or less`)
    .nullable()
    .optional();

const places = (label: string) =>
  z
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be at least 1`)
    .max(1000, `${label} must be 1,000 or fewer`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const programmeInput = z
  .object({
    name: z.string().trim().min(1, "Give the programme a name").max(120),
    serviceArea: z.string().trim().min(1, "Choose a service area").max(80),
    deliveryUnit: z.enum(deliveryUnitValues).nullable().optional(),
    offer: z.enum(["universal", "targeted"]),
    minAgeMonths: months("The youngest age"),
    maxAgeMonths: months("The oldest age"),
    maxAgeMonthsDisability: months("The oldest age with a disability"),
    targetGroups: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
    capacity: places("Capacity").nullable().optional(),
    lengthWeeks: z
      .number()
      .int()
      .min(1, "A course lasts at least a week")
      .max(52)
      .nullable()
      .optional(),
    partnerOrganisation: optionalText(120),
    description: optionalText(2000),
  })
  .refine(
    (p) => p.minAgeMonths == null || p.maxAgeMonths == null || p.minAgeMonths <= p.maxAgeMonths,
    { message: "The youngest age is above the oldest age", path: ["maxAgeMonths"] },
  )
  .refine((p) => p.offer === "targeted" || !p.deliveryUnit, {
    message: "Only a targeted programme has a delivery unit",
    path: ["deliveryUnit"],
  });
export type ProgrammeInput = z.input<typeof programmeInput>;

export const programmeUpdateInput = z.object({
  id: z.uuid(),
  programme: programmeInput,
});

/** `HH:MM`, 24-hour. */
export const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Give the time as HH:MM, e.g. 09:30");

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const seriesInput = z
  .object({
    programmeId: z.uuid("Choose a programme"),
    siteId: z.uuid("Choose the centre that runs it"),
    venueSiteId: z.uuid("Choose an outreach venue").nullable().optional(),
    frequency: z.enum(["once", "weekly", "fortnightly"]),
    startsOn: isoDate,
    occurrences: z
      .number()
      .int("Give a whole number of sessions")
      .min(1, "At least one session")
      .max(104, "At most 104 sessions")
      .nullable()
      .optional(),
    untilDate: isoDate.nullable().optional(),
    startTime: clockTime,
    endTime: clockTime,
    capacity: places("Capacity").nullable().optional(),
    heldPlaces: z.number().int().min(0).max(1000).default(0),
    holdReleaseHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 14)
      .default(24),
    facilitators: z.array(z.string().trim().min(1).max(80)).max(10).default([]),
  })
  .refine((s) => minutesOf(s.endTime) > minutesOf(s.startTime), {
    message: "The session ends before it starts",
    path: ["endTime"],
  })
  .refine((s) => s.frequency === "once" || s.occurrences != null || s.untilDate != null, {
    message: "A repeating session needs an end: give the number of sessions or the last date",
    path: ["occurrences"],
  })
  .refine((s) => s.untilDate == null || s.untilDate >= s.startsOn, {
    message: "The last date is before the first",
    path: ["untilDate"],
  });
export type SeriesFormInput = z.input<typeof seriesInput>;

/** The dates a series would have (the planning form's preview): its rule and centre only. */
export const seriesPreviewInput = z.object({
  siteId: z.uuid("Choose the centre that runs it"),
  frequency: z.enum(["once", "weekly", "fortnightly"]),
  startsOn: isoDate,
  occurrences: z.number().int().min(1).max(104).nullable().optional(),
  untilDate: isoDate.nullable().optional(),
});

export const sessionUpdateInput = z
  .object({
    id: z.uuid(),
    /** The version the form read: a save after someone else's is refused. */
    version: z.number().int().min(1),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    capacity: places("Capacity").nullable().optional(),
    heldPlaces: z.number().int().min(0).max(1000).optional(),
    holdReleaseHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 14)
      .optional(),
    facilitators: z.array(z.string().trim().min(1).max(80)).max(10).optional(),
    venueSiteId: z.uuid().nullable().optional(),
  })
  .refine((s) => !s.startsAt || !s.endsAt || s.endsAt > s.startsAt, {
    message: "The session ends before it starts",
    path: ["endsAt"],
  });

const reason = (what: string) =>
  z.string().trim().min(1, `Give a reason for ${what}`).max(500, "Use 500 characters or fewer");

export const sessionCancelInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  reason: reason("the cancellation"),
});

export const bookingInput = z.object({
  sessionId: z.uuid("Choose a session"),
  personId: z.uuid("Choose a person"),
  /** Staff booking someone outside the programme's age range say why. */
  overrideReason: z.string().trim().max(500).nullable().optional(),
});

export const courseBookingInput = z.object({
  seriesId: z.uuid("Choose a course"),
  personId: z.uuid("Choose a person"),
  overrideReason: z.string().trim().max(500).nullable().optional(),
});

export const bookingCancelInput = z.object({
  bookingId: z.uuid(),
  reason: reason("the cancellation"),
});

export const markAttendanceInput = z.object({
  sessionId: z.uuid(),
  personIds: z.array(z.uuid()).min(1, "Tick at least one person").max(100),
});

export const removeAttendanceInput = z.object({
  attendanceId: z.uuid(),
  reason: reason("the correction"),
});

export const headcountInput = z.object({
  sessionId: z.uuid(),
  counts: z
    .array(
      z.object({
        ageBand: z.enum(["0-4", "5-10", "11-15", "16-19", "20-25"]),
        sex: z.enum(["female", "male", "unknown"]),
        count: z.number().int().min(0, "A count cannot be negative").max(1000),
      }),
    )
    .max(15),
});

export const termInput = z
  .object({
    name: z.string().trim().min(1, "Name the term, e.g. Spring 2027").max(60),
    startsOn: isoDate,
    endsOn: isoDate,
    localityId: z.uuid().nullable().optional(),
  })
  .refine((t) => t.endsOn >= t.startsOn, {
    message: "The term ends before it starts",
    path: ["endsOn"],
  });

export const closureDayInput = z.object({
  date: isoDate,
  name: z.string().trim().min(1, "Say what the closure is, e.g. Early May bank holiday").max(80),
  /** Left empty: every site (a bank holiday). */
  siteId: z.uuid().nullable().optional(),
});

export const periodInput = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.to >= p.from, { message: "The period ends before it starts", path: ["to"] });

export const plannerInput = z
  .object({
    localityId: z.uuid("Choose a locality"),
    from: isoDate,
    to: isoDate,
    match: z.enum(["programme", "service_area"]).default("programme"),
  })
  .refine((p) => p.to >= p.from, { message: "The period ends before it starts", path: ["to"] });

export const copyTermInput = z.object({
  localityId: z.uuid("Choose a locality"),
  fromTermId: z.uuid("Choose the term to copy"),
  toTermId: z.uuid("Choose the term to copy into"),
});

export const centreReportInput = z
  .object({ from: isoDate, to: isoDate, localityId: z.uuid().optional() })
  .refine((p) => p.to >= p.from, { message: "The period ends before it starts", path: ["to"] });
