import { and, asc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import {
  anonymousAttendance,
  attendances,
  bookings,
  closureDays,
  families,
  type headcountAgeBands,
  kiosks,
  people,
  programmes,
  sessionSeries,
  sessions,
  type sexes,
  sites,
  targetFlags,
  targetGroups,
} from "../schema";
import { addDays, daysBetween } from "../seed/dates";
import { londonDate, londonDayBounds, londonTime } from "../time";
import { type Actor, recordAudit } from "./audit";
import { offerFreedPlaces } from "./bookings";
import { isPlannable, type PlanningCalendar, planningCalendar } from "./programmes";
import { selectRows } from "./raw";
import { type Scope, siteInScope } from "./scope";

/** Places taken on a session (the waiting list and cancellations not counted). */
const bookedCount = sql<number>`(select count(*)::int from ${bookings}
  where ${bookings.sessionId} = ${sessions.id} and ${bookings.status} = 'booked')`;

export async function listSites(db: Database, scope: Scope) {
  return db
    .select({
      id: sites.id,
      code: sites.code,
      name: sites.name,
      kind: sites.kind,
      operator: sites.operator,
      district: sites.district,
      isLead: sites.isLead,
      localityId: sites.localityId,
    })
    .from(sites)
    .where(siteInScope(scope, sites.id))
    .orderBy(asc(sites.name));
}

/** The sessions on one Europe/London day, at one site or every site in scope. */
export async function listSessionsForDay(
  db: Database,
  input: { siteId?: string; date?: string },
  scope: Scope,
) {
  const { start, end } = londonDayBounds(input.date ?? londonDate());
  return db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      siteId: sites.id,
      siteName: sites.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      attended: sql<number>`(select count(*)::int from ${attendances} where ${attendances.sessionId} = ${sessions.id})`,
      booked: bookedCount,
      /** A cancelled session stays listed, marked, so staff can tell families who turn up. */
      cancelled: sql<boolean>`${sessions.cancelledAt} is not null`,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(
      and(
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
        input.siteId ? eq(sessions.siteId, input.siteId) : undefined,
        siteInScope(scope, sessions.siteId),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sites.name));
}

/**
 * Whether the attendee's family was in a priority target group on the session's day (a flag
 * open that day in a group the authority counts as priority). The same definition as
 * @familyhub/targeting's reports, written out here because this package cannot depend on it.
 */
const attendeeIsPriority = sql<boolean>`exists (select 1 from ${targetFlags}
  inner join ${targetGroups} on ${targetGroups.code} = ${targetFlags.groupCode}
  where ${targetFlags.familyId} = ${people.familyId} and ${targetGroups.isPriority}
  and ${targetFlags.startedOn} <= (${sessions.startsAt} at time zone 'Europe/London')::date
  and (${targetFlags.endedAt} is null
    or (${targetFlags.endedAt} at time zone 'Europe/London')::date > (${sessions.startsAt} at time zone 'Europe/London')::date))`;

/**
 * A session's register: who attended, when, and through which kiosk or member of staff.
 * `withPriority` (callers with flag:read) marks the attendees from priority target groups, so
 * staff can follow up those who stop coming; for anyone else, and for families registered
 * outside the caller's scope, `priority` is null.
 */
export async function getRegister(
  db: Database,
  sessionId: string,
  scope: Scope,
  actor: Actor,
  options: { withPriority?: boolean; now?: Date } = {},
) {
  const [session] = await db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      siteName: sites.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      heldPlaces: sessions.heldPlaces,
      seriesId: sessions.seriesId,
      facilitators: sessions.facilitators,
      cancelledAt: sessions.cancelledAt,
      cancelReason: sessions.cancelReason,
      version: sessions.version,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(and(eq(sessions.id, sessionId), siteInScope(scope, sessions.siteId)));
  if (!session) throw new AppError("NOT_FOUND", "That session was not found.");

  const rows = await db
    .select({
      id: attendances.id,
      personId: people.id,
      familyId: people.familyId,
      firstName: people.firstName,
      lastName: people.lastName,
      role: people.role,
      dateOfBirth: people.dateOfBirth,
      checkedInAt: attendances.checkedInAt,
      method: attendances.method,
      kioskName: kiosks.name,
      // A whole family checked in while the kiosk was offline: staff confirm or untick it.
      unconfirmed: attendances.unconfirmed,
      // Came without a booking.
      walkIn: sql<boolean>`not exists (select 1 from ${bookings} where ${bookings.sessionId} = ${attendances.sessionId}
        and ${bookings.personId} = ${attendances.personId} and ${bookings.status} = 'booked')`,
      // A family from another locality can come to a session here ("no wrong door"), but
      // whether it is priority is for the staff of its own locality: null, not shown.
      priority: options.withPriority
        ? sql<
            boolean | null
          >`case when ${siteInScope(scope, families.registeredSiteId)} then ${attendeeIsPriority} end`
        : sql<boolean | null>`null`,
    })
    .from(attendances)
    .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
    .innerJoin(people, eq(people.id, attendances.personId))
    .innerJoin(families, eq(families.id, people.familyId))
    .leftJoin(kiosks, eq(kiosks.id, attendances.kioskId))
    .where(eq(attendances.sessionId, session.id))
    .orderBy(asc(attendances.checkedInAt), asc(people.lastName), asc(people.firstName));
  // Booked people who did not come are no-shows once the session has started.
  const started = session.startsAt <= (options.now ?? new Date());
  const bookingRows = await db
    .select({
      id: bookings.id,
      personId: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      dateOfBirth: people.dateOfBirth,
      status: bookings.status,
      heldPlace: bookings.heldPlace,
      overrideReason: bookings.overrideReason,
      bookedOnCourse: sql<boolean>`${bookings.seriesId} is not null`,
      createdAt: bookings.createdAt,
      cancelledAt: bookings.cancelledAt,
      cancelReason: bookings.cancelReason,
      attended: sql<boolean>`exists (select 1 from ${attendances} where ${attendances.sessionId} = ${bookings.sessionId}
        and ${attendances.personId} = ${bookings.personId})`,
    })
    .from(bookings)
    .innerJoin(people, eq(people.id, bookings.personId))
    .where(eq(bookings.sessionId, session.id))
    .orderBy(asc(bookings.status), asc(bookings.createdAt));
  const headcounts = await db
    .select({
      ageBand: anonymousAttendance.ageBand,
      sex: anonymousAttendance.sex,
      count: anonymousAttendance.count,
    })
    .from(anonymousAttendance)
    .where(eq(anonymousAttendance.sessionId, session.id));
  const booked = bookingRows.filter((b) => b.status === "booked");
  await recordAudit(db, actor, {
    action: "register.read",
    entityType: "session",
    entityId: session.id,
    detail: { people: rows.length, priority: options.withPriority === true },
  });
  return {
    session,
    attendances: rows,
    // booked/waiting/cancelled in that order; a waiting list in the order it is offered places.
    bookings: bookingRows.map((b) => ({
      ...b,
      noShow: started && b.status === "booked" && !b.attended,
    })),
    headcounts,
    summary: {
      booked: booked.length,
      waiting: bookingRows.filter((b) => b.status === "waiting").length,
      cancelled: bookingRows.filter((b) => b.status === "cancelled").length,
      checkedIn: rows.length,
      walkIns: rows.filter((r) => r.walkIn).length,
      noShows: started ? booked.filter((b) => !b.attended).length : 0,
      toConfirm: rows.filter((r) => r.unconfirmed).length,
      anonymous: headcounts.reduce((sum, h) => sum + h.count, 0),
    },
  };
}

// Planning: series of sessions, edits with optimistic concurrency, cancellations.

export type SeriesRule = {
  frequency: "once" | "weekly" | "fortnightly";
  startsOn: string;
  occurrences?: number | null;
  untilDate?: string | null;
};

/** A repeating series may not run for more than two years: a typo, not a plan. */
const MAX_SERIES_DAYS = 731;

/**
 * The dates of a series: every week or fortnight from `startsOn`, skipping closure days and
 * dates outside the terms, until `occurrences` sessions are made (a 10-week course keeps its
 * ten sessions and runs past a bank holiday) or `untilDate` is passed.
 */
export function planSeriesDates(
  rule: SeriesRule,
  calendar: PlanningCalendar,
): { dates: string[]; skipped: string[] } {
  if (rule.frequency === "once") {
    if (!isPlannable(calendar, rule.startsOn)) {
      throw new AppError(
        "BAD_INPUT",
        `${rule.startsOn} is a closure day or outside the term: choose another date.`,
      );
    }
    return { dates: [rule.startsOn], skipped: [] };
  }
  if (!rule.occurrences && !rule.untilDate) {
    throw new AppError(
      "BAD_INPUT",
      "A repeating session needs an end: give the number of sessions or the last date.",
    );
  }
  if (rule.untilDate && rule.untilDate < rule.startsOn) {
    throw new AppError("BAD_INPUT", "The last date is before the first: check the two dates.");
  }
  const step = rule.frequency === "weekly" ? 7 : 14;
  const dates: string[] = [];
  const skipped: string[] = [];
  for (
    let date = rule.startsOn;
    daysBetween(rule.startsOn, date) <= MAX_SERIES_DAYS;
    date = addDays(date, step)
  ) {
    if (rule.untilDate && date > rule.untilDate) break;
    if (rule.occurrences && dates.length >= rule.occurrences) break;
    if (isPlannable(calendar, date)) dates.push(date);
    else skipped.push(date);
  }
  if (rule.occurrences && dates.length < rule.occurrences) {
    throw new AppError(
      "BAD_INPUT",
      `Only ${dates.length} of the ${rule.occurrences} sessions fit in the terms entered: add the next term's dates or give fewer sessions.`,
    );
  }
  if (dates.length === 0) {
    throw new AppError("BAD_INPUT", "No date of that series falls inside a term: check the dates.");
  }
  return { dates, skipped };
}

const hhmm = (value: string) => value.slice(0, 5);
const toMinutes = (value: string) => {
  const [h, m] = value.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

export type SeriesInput = SeriesRule & {
  programmeId: string;
  siteId: string;
  venueSiteId?: string | null;
  startTime: string;
  endTime: string;
  capacity?: number | null;
  heldPlaces?: number;
  holdReleaseHours?: number;
  facilitators?: string[];
};

async function siteOrRefuse(db: Database | Transaction, siteId: string, scope: Scope) {
  const [site] = await db
    .select({ id: sites.id, localityId: sites.localityId })
    .from(sites)
    .where(and(eq(sites.id, siteId), siteInScope(scope, sites.id)));
  if (!site) throw new AppError("NOT_FOUND", "That site was not found.");
  return site;
}

/** An outreach venue may be any site (a hall another locality also uses); it must exist. */
async function venueOrRefuse(db: Database | Transaction, venueSiteId: string | null | undefined) {
  if (!venueSiteId) return;
  const [venue] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, venueSiteId));
  if (!venue) throw new AppError("NOT_FOUND", "That outreach venue was not found.");
}

/** Plans a one-off session or a weekly/fortnightly series at a site; each session is its own row. */
export async function createSeries(db: Database, input: SeriesInput, scope: Scope, actor: Actor) {
  if (toMinutes(input.endTime) <= toMinutes(input.startTime)) {
    throw new AppError(
      "BAD_INPUT",
      `The session ends (${hhmm(input.endTime)}) before it starts (${hhmm(input.startTime)}): check the times.`,
    );
  }
  if (input.capacity != null && (input.heldPlaces ?? 0) > input.capacity) {
    throw new AppError(
      "BAD_INPUT",
      "More places are held than the session has: lower the held places.",
    );
  }
  return db.transaction(async (tx) => {
    await siteOrRefuse(tx, input.siteId, scope);
    await venueOrRefuse(tx, input.venueSiteId);
    const [programme] = await tx
      .select({ capacity: programmes.capacity })
      .from(programmes)
      .where(eq(programmes.id, input.programmeId));
    if (!programme) throw new AppError("NOT_FOUND", "That programme was not found.");
    const calendar = await planningCalendar(tx, {
      siteId: input.siteId,
      from: input.startsOn,
      to: addDays(input.startsOn, MAX_SERIES_DAYS),
    });
    const { dates, skipped } = planSeriesDates(input, calendar);
    const capacity = input.capacity === undefined ? programme.capacity : input.capacity;
    const [series] = await tx
      .insert(sessionSeries)
      .values({
        programmeId: input.programmeId,
        siteId: input.siteId,
        venueSiteId: input.venueSiteId ?? null,
        frequency: input.frequency,
        startsOn: input.startsOn,
        occurrences: input.occurrences ?? null,
        untilDate: input.untilDate ?? null,
        startTime: input.startTime,
        endTime: input.endTime,
        capacity,
        facilitators: input.facilitators ?? [],
        createdBy: actor.type === "staff" ? actor.id : null,
      })
      .returning({ id: sessionSeries.id });
    if (!series) throw new Error("no series");
    const [sh, sm] = input.startTime.split(":").map(Number) as [number, number];
    const [eh, em] = input.endTime.split(":").map(Number) as [number, number];
    const made = await tx
      .insert(sessions)
      .values(
        dates.map((date) => ({
          programmeId: input.programmeId,
          siteId: input.siteId,
          venueSiteId: input.venueSiteId ?? null,
          seriesId: series.id,
          startsAt: londonTime(date, sh, sm),
          endsAt: londonTime(date, eh, em),
          capacity,
          heldPlaces: input.heldPlaces ?? 0,
          holdReleaseHours: input.holdReleaseHours ?? 24,
          facilitators: input.facilitators ?? [],
        })),
      )
      // The same programme already at that site and time (planned by hand): kept as it is.
      .onConflictDoNothing({ target: [sessions.programmeId, sessions.siteId, sessions.startsAt] })
      .returning({ id: sessions.id, startsAt: sessions.startsAt });
    await recordAudit(tx, actor, {
      action: "series.create",
      entityType: "session_series",
      entityId: series.id,
      detail: { sessions: made.length, skipped },
    });
    return { seriesId: series.id, sessions: made, skipped };
  });
}

/**
 * The dates a series would have, before it is saved: what the planning form shows. Skipped
 * dates say why (the closure's name, or outside the term). Nothing is written.
 */
export async function previewSeries(
  db: Database,
  input: SeriesRule & { siteId: string },
  scope: Scope,
) {
  await siteOrRefuse(db, input.siteId, scope);
  const to = addDays(input.startsOn, MAX_SERIES_DAYS);
  const calendar = await planningCalendar(db, { siteId: input.siteId, from: input.startsOn, to });
  const { dates, skipped } = planSeriesDates(input, calendar);
  const names = await db
    .select({ date: closureDays.date, name: closureDays.name })
    .from(closureDays)
    .where(
      and(
        gte(closureDays.date, input.startsOn),
        lte(closureDays.date, to),
        or(isNull(closureDays.siteId), eq(closureDays.siteId, input.siteId)),
      ),
    );
  const closureName = new Map(names.map((c) => [c.date, c.name]));
  return {
    dates,
    skipped: skipped.map((date) => ({ date, reason: closureName.get(date) ?? "Outside the term" })),
  };
}

/** One session to edit: what the form shows, with the version the edit must send back. */
export async function getSession(db: Database, id: string, scope: Scope) {
  const [row] = await db
    .select({
      id: sessions.id,
      programmeId: sessions.programmeId,
      programmeName: programmes.name,
      siteId: sessions.siteId,
      siteName: sites.name,
      venueSiteId: sessions.venueSiteId,
      seriesId: sessions.seriesId,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      heldPlaces: sessions.heldPlaces,
      holdReleaseHours: sessions.holdReleaseHours,
      facilitators: sessions.facilitators,
      cancelledAt: sessions.cancelledAt,
      cancelReason: sessions.cancelReason,
      version: sessions.version,
      booked: bookedCount,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(and(eq(sessions.id, id), siteInScope(scope, sessions.siteId)));
  if (!row) throw new AppError("NOT_FOUND", "That session was not found.");
  return row;
}

export const CHANGED_BY_SOMEONE_ELSE =
  "This session was changed by someone else while you were editing it. Nothing was saved: reload it to see their changes, then make yours again.";

export type SessionChanges = {
  startsAt?: Date;
  endsAt?: Date;
  capacity?: number | null;
  heldPlaces?: number;
  holdReleaseHours?: number;
  facilitators?: string[];
  venueSiteId?: string | null;
};

/** Locks a session in scope and checks the version the caller read is still the current one. */
async function lockSession(tx: Transaction, id: string, version: number, scope: Scope) {
  const [current] = await tx
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      heldPlaces: sessions.heldPlaces,
      version: sessions.version,
      cancelledAt: sessions.cancelledAt,
    })
    .from(sessions)
    .where(and(eq(sessions.id, id), siteInScope(scope, sessions.siteId)))
    .for("update");
  if (!current) throw new AppError("NOT_FOUND", "That session was not found.");
  if (current.version !== version) throw new AppError("CONFLICT", CHANGED_BY_SOMEONE_ELSE);
  return current;
}

/**
 * Edits one session. The caller sends the version it read: if anyone saved in between, the
 * edit is refused with CHANGED_BY_SOMEONE_ELSE and nothing is overwritten.
 */
export async function updateSession(
  db: Database,
  input: SessionChanges & { id: string; version: number },
  scope: Scope,
  actor: Actor,
) {
  const { id, version, ...changes } = input;
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, id, version, scope);
    await venueOrRefuse(tx, changes.venueSiteId);
    const startsAt = changes.startsAt ?? current.startsAt;
    const endsAt = changes.endsAt ?? current.endsAt;
    if (endsAt <= startsAt) {
      throw new AppError("BAD_INPUT", "The session ends before it starts: check the times.");
    }
    const capacity = changes.capacity === undefined ? current.capacity : changes.capacity;
    if (capacity !== null) {
      const [counted] = await tx
        .select({ booked: sql<number>`count(*)::int` })
        .from(bookings)
        .where(and(eq(bookings.sessionId, id), eq(bookings.status, "booked")));
      const booked = counted?.booked ?? 0;
      if (capacity < booked) {
        throw new AppError(
          "BAD_INPUT",
          `${booked} people are booked, so the capacity cannot be ${capacity}: cancel bookings first or keep at least ${booked} places.`,
        );
      }
      if ((changes.heldPlaces ?? current.heldPlaces) > capacity) {
        throw new AppError(
          "BAD_INPUT",
          "More places are held than the session has: lower the held places.",
        );
      }
    }
    const [row] = await tx
      .update(sessions)
      .set({ ...changes, version: sql`${sessions.version} + 1`, updatedAt: new Date() })
      .where(and(eq(sessions.id, id), eq(sessions.version, version)))
      .returning({ id: sessions.id, version: sessions.version });
    if (!row) throw new AppError("CONFLICT", CHANGED_BY_SOMEONE_ELSE);
    await offerFreedPlaces(tx, id, actor);
    await recordAudit(tx, actor, {
      action: "session.update",
      entityType: "session",
      entityId: id,
      detail: { fields: Object.keys(changes), version: row.version },
    });
    return row;
  });
}

/** Cancels one session (its bookings are kept, to tell the families); the reason is kept too. */
export async function cancelSession(
  db: Database,
  input: { id: string; version: number; reason: string },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, input.id, input.version, scope);
    if (current.cancelledAt) throw new AppError("CONFLICT", "That session is already cancelled.");
    const [row] = await tx
      .update(sessions)
      .set({
        cancelledAt: new Date(),
        cancelledBy: actor.type === "staff" ? actor.id : null,
        cancelReason: input.reason,
        version: sql`${sessions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(sessions.id, input.id), eq(sessions.version, input.version)))
      .returning({ id: sessions.id, version: sessions.version });
    if (!row) throw new AppError("CONFLICT", CHANGED_BY_SOMEONE_ELSE);
    await recordAudit(tx, actor, {
      action: "session.cancel",
      entityType: "session",
      entityId: input.id,
      detail: { reason: input.reason },
    });
    return row;
  });
}

// The register: bookings, check-ins, walk-ins, no-shows and anonymous counts.

async function sessionInScope(db: Database | Transaction, sessionId: string, scope: Scope) {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), siteInScope(scope, sessions.siteId)));
  if (!row) throw new AppError("NOT_FOUND", "That session was not found.");
  return row;
}

/**
 * Staff mark people present by hand (the paper fallback). Marking someone whose kiosk check-in
 * waits to be confirmed (made offline for a whole family) confirms it.
 */
export async function markAttendance(
  db: Database,
  input: { sessionId: string; personIds: string[] },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    await sessionInScope(tx, input.sessionId, scope);
    // Staff mark the people of their own locality, and anyone already on this session's
    // register or bookings (a family from elsewhere who checked in at the kiosk); anyone else
    // reads as not found, as everywhere.
    const known = await tx
      .select({ id: people.id })
      .from(people)
      .innerJoin(families, eq(families.id, people.familyId))
      .where(
        and(
          inArray(people.id, input.personIds),
          or(
            siteInScope(scope, families.registeredSiteId),
            sql`exists (select 1 from ${attendances} where ${attendances.personId} = ${people.id} and ${attendances.sessionId} = ${input.sessionId})`,
            sql`exists (select 1 from ${bookings} where ${bookings.personId} = ${people.id} and ${bookings.sessionId} = ${input.sessionId})`,
          ),
        ),
      );
    if (known.length !== new Set(input.personIds).size) {
      throw new AppError("NOT_FOUND", "Some of those people were not found.");
    }
    const added = await tx
      .insert(attendances)
      .values(
        input.personIds.map((personId) => ({
          sessionId: input.sessionId,
          personId,
          method: "staff" as const,
          recordedBy: actor.type === "staff" ? actor.id : null,
        })),
      )
      .onConflictDoNothing({ target: [attendances.personId, attendances.sessionId] })
      .returning({ personId: attendances.personId });
    const confirmed = await tx
      .update(attendances)
      .set({ unconfirmed: false })
      .where(
        and(
          eq(attendances.sessionId, input.sessionId),
          inArray(attendances.personId, input.personIds),
          eq(attendances.unconfirmed, true),
        ),
      )
      .returning({ personId: attendances.personId });
    await recordAudit(tx, actor, {
      action: "register.mark",
      entityType: "session",
      entityId: input.sessionId,
      detail: { added: added.map((a) => a.personId), confirmed: confirmed.map((c) => c.personId) },
    });
    return { added: added.length, confirmed: confirmed.length };
  });
}

/** Corrects a mistaken check-in (or unticks an unconfirmed one): the row goes, the audit keeps why. */
export async function removeAttendance(
  db: Database,
  input: { attendanceId: string; reason: string },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(attendances)
      .where(
        and(
          eq(attendances.id, input.attendanceId),
          sql`${attendances.sessionId} in (select ${sessions.id} from ${sessions} where ${siteInScope(scope, sessions.siteId)})`,
        ),
      )
      .returning({
        sessionId: attendances.sessionId,
        personId: attendances.personId,
        method: attendances.method,
        checkedInAt: attendances.checkedInAt,
        kioskId: attendances.kioskId,
      });
    if (!row) throw new AppError("NOT_FOUND", "That check-in was not found.");
    await recordAudit(tx, actor, {
      action: "register.correct",
      entityType: "session",
      entityId: row.sessionId,
      detail: { ...row, checkedInAt: row.checkedInAt.toISOString(), reason: input.reason },
    });
    return { removed: 1 };
  });
}

export type HeadcountInput = {
  ageBand: (typeof headcountAgeBands)[number];
  sex: (typeof sexes)[number];
  count: number;
};

/** Replaces the anonymous counts of a session (detached and drop-in youth work). */
export async function setHeadcounts(
  db: Database,
  input: { sessionId: string; counts: HeadcountInput[] },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    await sessionInScope(tx, input.sessionId, scope);
    await tx.delete(anonymousAttendance).where(eq(anonymousAttendance.sessionId, input.sessionId));
    const rows = input.counts.filter((c) => c.count > 0);
    if (rows.length) {
      await tx.insert(anonymousAttendance).values(
        rows.map((c) => ({
          ...c,
          sessionId: input.sessionId,
          recordedBy: actor.type === "staff" ? actor.id : null,
        })),
      );
    }
    const total = rows.reduce((sum, c) => sum + c.count, 0);
    await recordAudit(tx, actor, {
      action: "register.headcount",
      entityType: "session",
      entityId: input.sessionId,
      detail: { total },
    });
    return { total };
  });
}

/**
 * Course completion: for everyone booked on or attending a series, the sessions attended out
 * of the sessions held so far (cancelled ones not counted), and whether the last two held in
 * a row were missed — the people staff should ring.
 */
export async function courseCompletion(
  db: Database,
  seriesId: string,
  scope: Scope,
  actor: Actor,
  now: Date = new Date(),
) {
  const [series] = await db
    .select({ id: sessionSeries.id, programmeName: programmes.name, siteName: sites.name })
    .from(sessionSeries)
    .innerJoin(programmes, eq(programmes.id, sessionSeries.programmeId))
    .innerJoin(sites, eq(sites.id, sessionSeries.siteId))
    .where(and(eq(sessionSeries.id, seriesId), siteInScope(scope, sessionSeries.siteId)));
  if (!series) throw new AppError("NOT_FOUND", "That course was not found.");
  const rows = await selectRows<{
    person_id: string;
    first_name: string;
    last_name: string;
    attended: number;
    held: number;
    total: number;
    missed_two_in_a_row: boolean;
  }>(
    db,
    sql`
    with course as (
      select id, starts_at, starts_at <= ${now.toISOString()}::timestamptz as held
      from ${sessions} where series_id = ${seriesId} and cancelled_at is null
    ),
    learners as (
      select person_id from ${bookings}
        where ${bookings.sessionId} in (select id from course) and ${bookings.status} = 'booked'
      union
      select person_id from ${attendances} where ${attendances.sessionId} in (select id from course)
    ),
    marks as (
      select l.person_id, c.starts_at,
        exists (select 1 from ${attendances} a where a.session_id = c.id and a.person_id = l.person_id) as present
      from learners l cross join course c where c.held
    ),
    runs as (
      select person_id, present,
        lag(present) over (partition by person_id order by starts_at) as previous,
        row_number() over (partition by person_id order by starts_at desc) as from_last
      from marks
    )
    select l.person_id, p.first_name, p.last_name,
      (select count(*)::int from marks m where m.person_id = l.person_id and m.present) as attended,
      (select count(*)::int from course where held) as held,
      (select count(*)::int from course) as total,
      coalesce((select not r.present and r.previous = false from runs r
        where r.person_id = l.person_id and r.from_last = 1), false) as missed_two_in_a_row
    from learners l join ${people} p on p.id = l.person_id
    order by p.last_name, p.first_name`,
  );
  await recordAudit(db, actor, {
    action: "course.completion.read",
    entityType: "session_series",
    entityId: seriesId,
  });
  return {
    ...series,
    people: rows.map((r) => ({
      personId: r.person_id,
      firstName: r.first_name,
      lastName: r.last_name,
      attended: Number(r.attended),
      held: Number(r.held),
      total: Number(r.total),
      missedTwoInARow: r.missed_two_in_a_row,
    })),
  };
}
