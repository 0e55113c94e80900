import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import {
  bookings,
  families,
  people,
  sessionSeries,
  sessions,
  targetFlags,
  targetGroups,
} from "../schema";
import { type Actor, recordAudit } from "./audit";
import { isEligibleForSession } from "./programmes";
import { type Scope, siteInScope } from "./scope";

/** Whether a person's family is in a priority target group on the day of a session. */
const familyIsPriority = (
  sessionStartsAt: Date,
) => sql<boolean>`exists (select 1 from ${targetFlags}
  inner join ${targetGroups} on ${targetGroups.code} = ${targetFlags.groupCode}
  where ${targetFlags.familyId} = ${people.familyId} and ${targetGroups.isPriority}
  and ${targetFlags.startedOn} <= (${sessionStartsAt.toISOString()}::timestamptz at time zone 'Europe/London')::date
  and (${targetFlags.endedAt} is null or ${targetFlags.endedAt} > ${sessionStartsAt.toISOString()}::timestamptz))`;

type LockedSession = {
  id: string;
  startsAt: Date;
  capacity: number | null;
  heldPlaces: number;
  holdReleaseHours: number;
  cancelledAt: Date | null;
};

async function lockSessionForBooking(tx: Transaction, sessionId: string, scope: Scope) {
  const [session] = await tx
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      capacity: sessions.capacity,
      heldPlaces: sessions.heldPlaces,
      holdReleaseHours: sessions.holdReleaseHours,
      cancelledAt: sessions.cancelledAt,
    })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), siteInScope(scope, sessions.siteId)))
    .for("update");
  if (!session) throw new AppError("NOT_FOUND", "That session was not found.");
  return session;
}

/** Places left: for anyone, and held for priority families until the hold is released. */
async function placesLeft(tx: Transaction, session: LockedSession, now: Date) {
  const [counts] = await tx
    .select({
      booked: sql<number>`count(*)::int`,
      held: sql<number>`count(*) filter (where ${bookings.heldPlace})::int`,
    })
    .from(bookings)
    .where(and(eq(bookings.sessionId, session.id), eq(bookings.status, "booked")));
  const booked = counts?.booked ?? 0;
  const releaseAt = session.startsAt.getTime() - session.holdReleaseHours * 3_600_000;
  const heldFree =
    now.getTime() < releaseAt ? Math.max(0, session.heldPlaces - (counts?.held ?? 0)) : 0;
  if (session.capacity === null) return { general: Number.POSITIVE_INFINITY, held: heldFree };
  return { general: Math.max(0, session.capacity - booked - heldFree), held: heldFree };
}

function allocate(places: { general: number; held: number }, priority: boolean) {
  // A priority family takes a held place first, leaving the open places to everyone else.
  if (priority && places.held > 0) return { status: "booked" as const, heldPlace: true };
  if (places.general > 0) return { status: "booked" as const, heldPlace: false };
  return { status: "waiting" as const, heldPlace: false };
}

// The person is scoped like the session: staff book the families of their own locality, and
// anyone else reads as not found (PRODUCT.md, least privilege). A family from elsewhere who
// comes along is checked in at the kiosk by their card, which works at every centre.
async function personForBooking(
  tx: Transaction,
  personId: string,
  startsAt: Date,
  scope: Scope,
) {
  const [person] = await tx
    .select({
      id: people.id,
      firstName: people.firstName,
      priority: familyIsPriority(startsAt),
    })
    .from(people)
    .innerJoin(families, eq(families.id, people.familyId))
    .where(
      and(
        eq(people.id, personId),
        eq(families.status, "active"),
        isNull(people.mergedIntoId),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  if (!person) throw new AppError("NOT_FOUND", "That person was not found.");
  return person;
}

export type BookingResult = {
  bookingId: string;
  sessionId: string;
  status: "booked" | "waiting";
  heldPlace: boolean;
};

async function bookInTransaction(
  tx: Transaction,
  input: {
    sessionId: string;
    personId: string;
    overrideReason?: string | null;
    seriesId?: string | null;
  },
  scope: Scope,
  actor: Actor,
  now: Date,
): Promise<BookingResult> {
  const session = await lockSessionForBooking(tx, input.sessionId, scope);
  if (session.cancelledAt) {
    throw new AppError("BAD_INPUT", "That session is cancelled: book another one.");
  }
  const person = await personForBooking(tx, input.personId, session.startsAt, scope);
  const age = await isEligibleForSession(tx, input);
  const overrideReason = input.overrideReason?.trim() || null;
  if (!age.eligible && !overrideReason) {
    throw new AppError(
      "BAD_INPUT",
      `${person.firstName} ${age.reason}. To book anyway, give a reason for the override.`,
    );
  }
  const [existing] = await tx
    .select({ id: bookings.id, status: bookings.status })
    .from(bookings)
    .where(and(eq(bookings.sessionId, session.id), eq(bookings.personId, person.id)));
  if (existing && existing.status !== "cancelled") {
    throw new AppError(
      "CONFLICT",
      existing.status === "booked"
        ? `${person.firstName} is already booked on that session.`
        : `${person.firstName} is already on that session's waiting list.`,
    );
  }
  const place = allocate(await placesLeft(tx, session, now), person.priority);
  const values = {
    status: place.status,
    heldPlace: place.heldPlace,
    overrideReason: age.eligible ? null : overrideReason,
    seriesId: input.seriesId ?? null,
    bookedBy: actor.type === "staff" ? actor.id : null,
    placedAt: place.status === "booked" ? now : null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    // A re-booking after a cancellation joins the back of the waiting list.
    createdAt: now,
  };
  const [row] = existing
    ? await tx
        .update(bookings)
        .set(values)
        .where(eq(bookings.id, existing.id))
        .returning({ id: bookings.id })
    : await tx
        .insert(bookings)
        .values({ ...values, sessionId: session.id, personId: person.id })
        .returning({ id: bookings.id });
  if (!row) throw new Error("no booking");
  await recordAudit(tx, actor, {
    action: "booking.create",
    entityType: "booking",
    entityId: row.id,
    detail: {
      sessionId: session.id,
      personId: person.id,
      status: place.status,
      heldPlace: place.heldPlace,
      overrideReason: values.overrideReason,
    },
  });
  return {
    bookingId: row.id,
    sessionId: session.id,
    status: place.status,
    heldPlace: place.heldPlace,
  };
}

/**
 * Books a person on one session: a place if one is free (a held one for a priority family),
 * else the waiting list. Outside the programme's age range only with an override reason.
 */
export async function bookSession(
  db: Database,
  input: { sessionId: string; personId: string; overrideReason?: string | null },
  scope: Scope,
  actor: Actor,
  now: Date = new Date(),
): Promise<BookingResult> {
  return db.transaction((tx) => bookInTransaction(tx, input, scope, actor, now));
}

/** Books a person on every session of a course still to come; sessions already booked are left. */
export async function bookCourse(
  db: Database,
  input: { seriesId: string; personId: string; overrideReason?: string | null },
  scope: Scope,
  actor: Actor,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    const [series] = await tx
      .select({ id: sessionSeries.id })
      .from(sessionSeries)
      .where(and(eq(sessionSeries.id, input.seriesId), siteInScope(scope, sessionSeries.siteId)));
    if (!series) throw new AppError("NOT_FOUND", "That course was not found.");
    const upcoming = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        and(
          eq(sessions.seriesId, series.id),
          gt(sessions.startsAt, now),
          isNull(sessions.cancelledAt),
          sql`not exists (select 1 from ${bookings} where ${bookings.sessionId} = ${sessions.id}
            and ${bookings.personId} = ${input.personId} and ${bookings.status} <> 'cancelled')`,
        ),
      )
      .orderBy(asc(sessions.startsAt));
    if (upcoming.length === 0) {
      throw new AppError("BAD_INPUT", "That course has no sessions left to book.");
    }
    const results: BookingResult[] = [];
    for (const session of upcoming) {
      results.push(
        await bookInTransaction(
          tx,
          { ...input, sessionId: session.id, seriesId: series.id },
          scope,
          actor,
          now,
        ),
      );
    }
    return {
      booked: results.filter((r) => r.status === "booked").length,
      waiting: results.filter((r) => r.status === "waiting").length,
      bookings: results,
    };
  });
}

/**
 * Gives freed places to the waiting list in the order people joined it: after a cancellation,
 * a capacity raised, or held places released. A priority family may take a held place that
 * someone ahead of it could not.
 */
export async function offerFreedPlaces(
  tx: Transaction,
  sessionId: string,
  actor: Actor,
  now: Date = new Date(),
) {
  const [session] = await tx
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      capacity: sessions.capacity,
      heldPlaces: sessions.heldPlaces,
      holdReleaseHours: sessions.holdReleaseHours,
      cancelledAt: sessions.cancelledAt,
    })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .for("update");
  if (!session || session.cancelledAt) return [];
  const waiting = await tx
    .select({
      id: bookings.id,
      personId: bookings.personId,
      priority: familyIsPriority(session.startsAt),
    })
    .from(bookings)
    .innerJoin(people, eq(people.id, bookings.personId))
    .where(and(eq(bookings.sessionId, sessionId), eq(bookings.status, "waiting")))
    .orderBy(asc(bookings.createdAt), asc(bookings.id));
  const offered: string[] = [];
  for (const w of waiting) {
    const places = await placesLeft(tx, session, now);
    if (places.general <= 0 && places.held <= 0) break;
    const place = allocate(places, w.priority);
    if (place.status !== "booked") continue;
    await tx
      .update(bookings)
      .set({ status: "booked", heldPlace: place.heldPlace, placedAt: now })
      .where(eq(bookings.id, w.id));
    offered.push(w.id);
  }
  if (offered.length) {
    await recordAudit(tx, actor, {
      action: "booking.offered",
      entityType: "session",
      entityId: sessionId,
      detail: { bookings: offered },
    });
  }
  return offered;
}

/** Cancels a booking with its reason; the place goes to the first on the waiting list. */
export async function cancelBooking(
  db: Database,
  input: { bookingId: string; reason: string },
  scope: Scope,
  actor: Actor,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        status: "cancelled",
        heldPlace: false,
        cancelledAt: now,
        cancelledBy: actor.type === "staff" ? actor.id : null,
        cancelReason: input.reason,
      })
      .where(
        and(
          eq(bookings.id, input.bookingId),
          sql`${bookings.status} <> 'cancelled'`,
          sql`${bookings.sessionId} in (select ${sessions.id} from ${sessions} where ${siteInScope(scope, sessions.siteId)})`,
        ),
      )
      .returning({ id: bookings.id, sessionId: bookings.sessionId });
    if (!row)
      throw new AppError("NOT_FOUND", "That booking was not found (or is already cancelled).");
    await recordAudit(tx, actor, {
      action: "booking.cancel",
      entityType: "booking",
      entityId: row.id,
      detail: { reason: input.reason },
    });
    const offered = await offerFreedPlaces(tx, row.sessionId, actor, now);
    return { cancelled: row.id, offered };
  });
}

/** Releases held places whose time has come and offers them to the waiting list. */
export async function releaseHeldPlaces(
  db: Database,
  sessionId: string,
  scope: Scope,
  actor: Actor,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    await lockSessionForBooking(tx, sessionId, scope);
    return offerFreedPlaces(tx, sessionId, actor, now);
  });
}
