// Planning, bookings and registers against real databases. Each refusal reads the database
// again to show nothing was written.
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../client";
import { makeLocality, makeSite } from "../factories";
import {
  bookings,
  closureDays,
  programmes,
  sessionSeries,
  sessions,
  targetFlags,
  targetGroups,
  terms,
} from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { makeFamilyOf } from "./programmes.test-utils";
import { londonTime } from "../time";
import type { Actor } from "./audit";
import { bookCourse, bookSession, cancelBooking, releaseHeldPlaces } from "./bookings";
import { checkAge, createProgramme, isEligibleForSession } from "./programmes";
import type { Scope } from "./scope";
import {
  CHANGED_BY_SOMEONE_ELSE,
  cancelSession,
  courseCompletion,
  createSeries,
  getRegister,
  getSession,
  markAttendance,
  updateSession,
} from "./sessions";

const everywhere: Scope = { all: true };
const actor: Actor = { type: "system", id: null };

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && "message" in error) {
      return { code: String(error.code), message: String(error.message) };
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(testDatabaseKinds())("programmes, sessions and bookings on %s", (kind) => {
  let handle: DatabaseHandle;
  let db: Database;
  let siteId: string;
  let babyId: string;
  let youthId: string;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    const locality = await makeLocality(db);
    siteId = (await makeSite(db, { localityId: locality.id, name: "Oak Centre" })).id;
    babyId = (
      await createProgramme(
        db,
        {
          name: "Baby Massage",
          serviceArea: "Child and family development",
          offer: "universal",
          minAgeMonths: 0,
          maxAgeMonths: 12,
          capacity: 2,
        },
        actor,
      )
    ).id;
    youthId = (
      await createProgramme(
        db,
        {
          name: "Youth Club",
          serviceArea: "Youth service",
          offer: "universal",
          minAgeMonths: 132,
          maxAgeMonths: 228,
          maxAgeMonthsDisability: 300,
        },
        actor,
      )
    ).id;
    // Summer term 2027 with a half-term week, and the early May bank holiday.
    await db.insert(terms).values([
      { name: "Summer 1", startsOn: "2027-04-12", endsOn: "2027-05-28" },
      { name: "Summer 2", startsOn: "2027-06-07", endsOn: "2027-07-21" },
    ]);
    await db.insert(closureDays).values({ date: "2027-05-03", name: "Early May bank holiday" });
    await db.insert(targetGroups).values({
      code: "teenage_parent",
      category: "parental",
      label: "Teenage parent",
      isPriority: true,
    });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("makes a 10-week course of 10 sessions, skipping the bank holiday and half term", async () => {
    const made = await createSeries(
      db,
      {
        programmeId: babyId,
        siteId,
        frequency: "weekly",
        startsOn: "2027-04-12",
        occurrences: 10,
        startTime: "10:00",
        endTime: "11:00",
      },
      everywhere,
      actor,
    );
    expect(made.skipped).toEqual(["2027-05-03", "2027-05-31"]);
    const rows = await db
      .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt, capacity: sessions.capacity })
      .from(sessions)
      .where(eq(sessions.seriesId, made.seriesId))
      .orderBy(asc(sessions.startsAt));
    const dates = [
      "2027-04-12",
      "2027-04-19",
      "2027-04-26",
      "2027-05-10",
      "2027-05-17",
      "2027-05-24",
      "2027-06-07",
      "2027-06-14",
      "2027-06-21",
      "2027-06-28",
    ];
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual(
      dates.map((d) => londonTime(d, 10).toISOString()),
    );
    // 10:00 London in British Summer Time is 09:00 UTC.
    expect(rows[0]?.startsAt.toISOString()).toBe("2027-04-12T09:00:00.000Z");
    expect(rows.every((r) => r.capacity === 2)).toBe(true);
  });

  it("makes a fortnightly series until a date", async () => {
    const made = await createSeries(
      db,
      {
        programmeId: youthId,
        siteId,
        frequency: "fortnightly",
        startsOn: "2027-04-13",
        untilDate: "2027-06-08",
        startTime: "18:30",
        endTime: "21:00",
      },
      everywhere,
      actor,
    );
    expect(made.sessions).toHaveLength(5);
    expect(made.skipped).toEqual([]);
  });

  it("refuses a session ending before it starts and a repeat rule with no end, writing nothing", async () => {
    const before = await db.select({ n: count() }).from(sessionSeries);
    const backwards = await refusal(
      createSeries(
        db,
        {
          programmeId: babyId,
          siteId,
          frequency: "once",
          startsOn: "2027-04-14",
          startTime: "11:00",
          endTime: "10:00",
        },
        everywhere,
        actor,
      ),
    );
    expect(backwards).toEqual({
      code: "BAD_INPUT",
      message: "The session ends (10:00) before it starts (11:00): check the times.",
    });
    const endless = await refusal(
      createSeries(
        db,
        {
          programmeId: babyId,
          siteId,
          frequency: "weekly",
          startsOn: "2027-04-14",
          startTime: "10:00",
          endTime: "11:00",
        },
        everywhere,
        actor,
      ),
    );
    expect(endless.message).toMatch(/needs an end/);
    expect(await db.select({ n: count() }).from(sessionSeries)).toEqual(before);
  });

  it("books up to capacity, keeps held places for priority families, then a waiting list in order", async () => {
    const one = await createSeries(
      db,
      {
        programmeId: babyId,
        siteId,
        frequency: "once",
        startsOn: "2027-04-15",
        startTime: "10:00",
        endTime: "11:00",
        capacity: 2,
        heldPlaces: 1,
        holdReleaseHours: 24,
      },
      everywhere,
      actor,
    );
    const sessionId = one.sessions[0]?.id ?? "";
    const now = new Date("2027-04-10T12:00:00Z");
    const plain = await makeFamilyOf(db, siteId, [
      { name: "Ada", dob: "2027-01-01" },
      { name: "Ben", dob: "2027-01-02" },
      { name: "Cal", dob: "2027-01-03" },
    ]);
    const priority = await makeFamilyOf(db, siteId, [{ name: "Pia", dob: "2027-02-01" }]);
    await db.insert(targetFlags).values({
      familyId: priority.id,
      groupCode: "teenage_parent",
      source: "staff",
      startedOn: "2027-01-01",
    });

    const ada = await bookSession(
      db,
      { sessionId, personId: plain.person("Ada") },
      everywhere,
      actor,
      now,
    );
    expect(ada).toMatchObject({ status: "booked", heldPlace: false });
    // The one open place is gone; the held one is not for Ben.
    const ben = await bookSession(
      db,
      { sessionId, personId: plain.person("Ben") },
      everywhere,
      actor,
      new Date(now.getTime() + 1000),
    );
    expect(ben.status).toBe("waiting");
    const pia = await bookSession(
      db,
      { sessionId, personId: priority.person("Pia") },
      everywhere,
      actor,
      new Date(now.getTime() + 2000),
    );
    expect(pia).toMatchObject({ status: "booked", heldPlace: true });
    const cal = await bookSession(
      db,
      { sessionId, personId: plain.person("Cal") },
      everywhere,
      actor,
      new Date(now.getTime() + 3000),
    );
    expect(cal.status).toBe("waiting");

    // The capacity cannot drop below the two booked.
    const current = await getSession(db, sessionId, everywhere);
    const low = await refusal(
      updateSession(
        db,
        { id: sessionId, version: current.version, capacity: 1, heldPlaces: 0 },
        everywhere,
        actor,
      ),
    );
    expect(low.code).toBe("BAD_INPUT");
    expect(low.message).toMatch(/2 people are booked, so the capacity cannot be 1/);
    const [still] = await db
      .select({ capacity: sessions.capacity, version: sessions.version })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    expect(still).toEqual({ capacity: 2, version: current.version });

    // Ada cancels: the place goes to Ben, first on the waiting list, not Cal.
    const cancelled = await cancelBooking(
      db,
      { bookingId: ada.bookingId, reason: "Baby unwell" },
      everywhere,
      actor,
      new Date(now.getTime() + 4000),
    );
    expect(cancelled.offered).toEqual([ben.bookingId]);
    const rows = await db
      .select({
        personId: bookings.personId,
        status: bookings.status,
        cancelReason: bookings.cancelReason,
      })
      .from(bookings)
      .where(eq(bookings.sessionId, sessionId));
    const statusOf = (id: string) => rows.find((r) => r.personId === id);
    expect(statusOf(plain.person("Ada"))).toEqual({
      personId: plain.person("Ada"),
      status: "cancelled",
      cancelReason: "Baby unwell",
    });
    expect(statusOf(plain.person("Ben"))?.status).toBe("booked");
    expect(statusOf(plain.person("Cal"))?.status).toBe("waiting");
  });

  it("releases held places a set time before the session to the waiting list", async () => {
    const one = await createSeries(
      db,
      {
        programmeId: babyId,
        siteId,
        frequency: "once",
        startsOn: "2027-04-16",
        startTime: "10:00",
        endTime: "11:00",
        capacity: 1,
        heldPlaces: 1,
        holdReleaseHours: 24,
      },
      everywhere,
      actor,
    );
    const sessionId = one.sessions[0]?.id ?? "";
    const fam = await makeFamilyOf(db, siteId, [{ name: "Dee", dob: "2027-01-01" }]);
    const dee = await bookSession(
      db,
      { sessionId, personId: fam.person("Dee") },
      everywhere,
      actor,
      new Date("2027-04-10T12:00:00Z"),
    );
    expect(dee.status).toBe("waiting");
    // Two days before: still held.
    expect(
      await releaseHeldPlaces(db, sessionId, everywhere, actor, new Date("2027-04-14T09:00:00Z")),
    ).toEqual([]);
    // 23 hours before the 09:00 UTC start: released, and offered to Dee.
    expect(
      await releaseHeldPlaces(db, sessionId, everywhere, actor, new Date("2027-04-15T10:00:00Z")),
    ).toEqual([dee.bookingId]);
    const [row] = await db
      .select({ status: bookings.status })
      .from(bookings)
      .where(eq(bookings.id, dee.bookingId));
    expect(row?.status).toBe("booked");
  });

  it("refuses a booking outside the age range unless staff give an override reason", async () => {
    const one = await createSeries(
      db,
      {
        programmeId: babyId,
        siteId,
        frequency: "once",
        startsOn: "2027-04-20",
        startTime: "10:00",
        endTime: "11:00",
      },
      everywhere,
      actor,
    );
    const sessionId = one.sessions[0]?.id ?? "";
    const fam = await makeFamilyOf(db, siteId, [{ name: "Theo", dob: "2024-01-01" }]);
    const personId = fam.person("Theo");
    expect(await isEligibleForSession(db, { sessionId, personId })).toEqual({
      firstName: "Theo",
      eligible: false,
      reason: "is 3 years old; the programme is up to 12 months",
    });
    const refused = await refusal(bookSession(db, { sessionId, personId }, everywhere, actor));
    expect(refused.message).toBe(
      "Theo is 3 years old; the programme is up to 12 months. To book anyway, give a reason for the override.",
    );
    expect(
      await db.select({ n: count() }).from(bookings).where(eq(bookings.personId, personId)),
    ).toEqual([{ n: 0 }]);

    await bookSession(
      db,
      { sessionId, personId, overrideReason: "Sibling of a baby on the course" },
      everywhere,
      actor,
    );
    const [row] = await db
      .select({ status: bookings.status, overrideReason: bookings.overrideReason })
      .from(bookings)
      .where(eq(bookings.personId, personId));
    expect(row).toEqual({ status: "booked", overrideReason: "Sibling of a baby on the course" });
  });

  it("checks ages with the higher upper age for a disabled young person", () => {
    const youthClub = { minAgeMonths: 132, maxAgeMonths: 228, maxAgeMonthsDisability: 300 };
    expect(
      checkAge({ dateOfBirth: "2005-01-01", disability: false }, youthClub, "2027-04-13").eligible,
    ).toBe(false);
    expect(
      checkAge({ dateOfBirth: "2005-01-01", disability: true }, youthClub, "2027-04-13").eligible,
    ).toBe(true);
    expect(
      checkAge({ dateOfBirth: "2016-05-01", disability: false }, youthClub, "2027-04-13").eligible,
    ).toBe(false);
    expect(
      checkAge(
        { dateOfBirth: null, disability: false },
        { minAgeMonths: null, maxAgeMonths: null, maxAgeMonthsDisability: null },
        "2027-04-13",
      ).eligible,
    ).toBe(true);
  });

  it("refuses the second of two edits made from the same version, overwriting nothing", async () => {
    const one = await createSeries(
      db,
      {
        programmeId: youthId,
        siteId,
        frequency: "once",
        startsOn: "2027-04-21",
        startTime: "18:00",
        endTime: "20:00",
        capacity: 30,
      },
      everywhere,
      actor,
    );
    const sessionId = one.sessions[0]?.id ?? "";
    const read = await getSession(db, sessionId, everywhere);
    const results = await Promise.allSettled([
      updateSession(db, { id: sessionId, version: read.version, capacity: 25 }, everywhere, actor),
      updateSession(db, { id: sessionId, version: read.version, capacity: 40 }, everywhere, actor),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.status === "rejected" ? String(lost[0].reason.message) : "").toBe(
      CHANGED_BY_SOMEONE_ELSE,
    );
    const [row] = await db
      .select({ capacity: sessions.capacity, version: sessions.version })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    const winner = results[0]?.status === "fulfilled" ? 25 : 40;
    expect(row).toEqual({ capacity: winner, version: read.version + 1 });

    // A later edit from the old version is refused too, and so is a cancellation.
    const stale = await refusal(
      cancelSession(
        db,
        { id: sessionId, version: read.version, reason: "Staff sickness" },
        everywhere,
        actor,
      ),
    );
    expect(stale).toEqual({ code: "CONFLICT", message: CHANGED_BY_SOMEONE_ELSE });
    const [after] = await db
      .select({ cancelledAt: sessions.cancelledAt })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    expect(after?.cancelledAt).toBeNull();
  });

  it("books a whole course, shows the register and follows completion", async () => {
    const course = await createSeries(
      db,
      {
        programmeId: babyId,
        siteId,
        frequency: "weekly",
        startsOn: "2027-06-08",
        occurrences: 4,
        startTime: "13:00",
        endTime: "14:00",
        capacity: 10,
      },
      everywhere,
      actor,
    );
    const fam = await makeFamilyOf(db, siteId, [
      { name: "Xan", dob: "2027-03-01" },
      { name: "Yas", dob: "2027-03-02" },
    ]);
    const before = new Date("2027-06-01T09:00:00Z");
    for (const name of ["Xan", "Yas"]) {
      const booked = await bookCourse(
        db,
        { seriesId: course.seriesId, personId: fam.person(name) },
        everywhere,
        actor,
        before,
      );
      expect(booked).toMatchObject({ booked: 4, waiting: 0 });
    }
    const ids = course.sessions.map((s) => s.id);
    // Xan comes to all four; Yas to the first two only.
    for (const [i, id] of ids.entries()) {
      await markAttendance(
        db,
        {
          sessionId: id,
          personIds: i < 2 ? [fam.person("Xan"), fam.person("Yas")] : [fam.person("Xan")],
        },
        everywhere,
        actor,
      );
    }
    const walkIn = await makeFamilyOf(db, siteId, [{ name: "Zed", dob: "2027-01-01" }]);
    await markAttendance(
      db,
      { sessionId: ids[3] ?? "", personIds: [walkIn.person("Zed")] },
      everywhere,
      actor,
    );

    const beforeIt = await getRegister(db, ids[3] ?? "", everywhere, actor, { now: before });
    expect(beforeIt.summary.noShows).toBe(0);
    const register = await getRegister(db, ids[3] ?? "", everywhere, actor, {
      now: new Date("2027-07-01T00:00:00Z"),
    });
    expect(register.summary).toMatchObject({
      booked: 2,
      checkedIn: 2,
      walkIns: 1,
      noShows: 1,
      toConfirm: 0,
    });
    expect(register.attendances.find((a) => a.firstName === "Zed")).toMatchObject({
      walkIn: true,
      unconfirmed: false,
    });
    expect(register.bookings.find((b) => b.firstName === "Yas")).toMatchObject({
      noShow: true,
      bookedOnCourse: true,
    });

    const completion = await courseCompletion(
      db,
      course.seriesId,
      everywhere,
      actor,
      new Date("2027-07-01T00:00:00Z"),
    );
    const byName = Object.fromEntries(completion.people.map((p) => [p.firstName, p]));
    expect(byName.Xan).toMatchObject({ attended: 4, held: 4, total: 4, missedTwoInARow: false });
    expect(byName.Yas).toMatchObject({ attended: 2, held: 4, missedTwoInARow: true });
    expect(byName.Zed).toMatchObject({ attended: 1, held: 4, missedTwoInARow: false });
    const [bookedRows] = await db
      .select({ n: count() })
      .from(bookings)
      .where(and(eq(bookings.seriesId, course.seriesId), eq(bookings.status, "booked")));
    expect(bookedRows?.n).toBe(8);
  });

  it("keeps the programme catalogue's names unique", async () => {
    const refused = await refusal(
      createProgramme(db, { name: "Baby Massage", serviceArea: "x", offer: "universal" }, actor),
    );
    expect(refused).toEqual({
      code: "CONFLICT",
      message: "There is already a programme called 'Baby Massage'.",
    });
    expect(
      await db.select({ n: count() }).from(programmes).where(eq(programmes.name, "Baby Massage")),
    ).toEqual([{ n: 1 }]);
  });
});
