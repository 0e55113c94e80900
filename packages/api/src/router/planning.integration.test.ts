// The planning routers through tRPC: who may do what, and how refusals reach a person.
import { type DatabaseHandle } from "@familyhub/db";
import { makeLocality, makeSite, makeStaff } from "@familyhub/db/factories";
import { bookings, families, people, sessions } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

describe.each(testDatabaseKinds())(
  "programmes, sessions, bookings and the planner via tRPC on %s",
  (kind) => {
    let handle: DatabaseHandle;
    let north: { id: string };
    let south: { id: string };
    let siteNorth: { id: string };
    let siteSouth: { id: string };
    let staffNorth: StaffUser;
    let viewer: StaffUser;
    let manager: StaffUser;
    let programmeId: string;
    let personId: string;

    beforeAll(async () => {
      handle = await createTestDatabase(kind);
      const db = handle.db;
      north = await makeLocality(db, "North");
      south = await makeLocality(db, "South");
      siteNorth = await makeSite(db, { localityId: north.id, name: "North Hub" });
      siteSouth = await makeSite(db, { localityId: south.id, name: "South Hub" });
      staffNorth = await makeStaff(db, { role: "centre_staff", localityId: north.id });
      viewer = await makeStaff(db, { role: "viewer" });
      manager = await makeStaff(db, { role: "manager" });
      const created = await callerAs(db, { staff: staffNorth }).programmes.create({
        name: "Baby Sensory",
        serviceArea: "Child and family development",
        offer: "universal",
        minAgeMonths: 0,
        maxAgeMonths: 12,
        capacity: 12,
      });
      programmeId = created.id;
      const [family] = await db
        .insert(families)
        .values({
          surname: "Osei",
          postcode: "FL1 1AA",
          registeredSiteId: siteNorth.id,
          registeredOn: "2026-01-01",
        })
        .returning({ id: families.id });
      const [person] = await db
        .insert(people)
        .values({
          familyId: family?.id ?? "",
          firstName: "Kofi",
          lastName: "Osei",
          role: "child",
          dateOfBirth: "2020-05-01",
        })
        .returning({ id: people.id });
      personId = person?.id ?? "";
    });
    afterAll(async () => {
      await handle?.close();
    });

    const series = (siteId: string) => ({
      programmeId,
      siteId,
      frequency: "weekly" as const,
      startsOn: "2030-01-07",
      occurrences: 3,
      startTime: "10:00",
      endTime: "11:00",
    });

    it("lets centre staff plan at their own locality's sites only; a viewer cannot plan", async () => {
      const staff = callerAs(handle.db, { staff: staffNorth });
      const made = await staff.sessions.createSeries(series(siteNorth.id));
      expect(made.sessions).toHaveLength(3);
      expect(await failure(staff.sessions.createSeries(series(siteSouth.id)))).toEqual({
        code: "NOT_FOUND",
        message: "That site was not found.",
      });
      const refused = await failure(
        callerAs(handle.db, { staff: viewer }).sessions.createSeries(series(siteNorth.id)),
      );
      expect(refused.code).toBe("FORBIDDEN");
      const [made2] = await handle.db
        .select({ n: count() })
        .from(sessions)
        .where(eq(sessions.siteId, siteSouth.id));
      expect(made2?.n).toBe(0);
    });

    it("says what is wrong with a repeat rule or times in words a person can act on", async () => {
      const staff = callerAs(handle.db, { staff: staffNorth });
      const { occurrences: _occurrences, ...endless } = series(siteNorth.id);
      expect(await failure(staff.sessions.createSeries(endless))).toEqual({
        code: "BAD_REQUEST",
        message:
          "occurrences: A repeating session needs an end: give the number of sessions or the last date",
      });
      expect(
        await failure(staff.sessions.createSeries({ ...series(siteNorth.id), endTime: "09:00" })),
      ).toEqual({
        code: "BAD_REQUEST",
        message: "endTime: The session ends before it starts",
      });
    });

    it("tells the second editor the session was changed by someone else", async () => {
      const staff = callerAs(handle.db, { staff: staffNorth });
      const made = await staff.sessions.createSeries({
        ...series(siteNorth.id),
        startsOn: "2030-02-04",
      });
      const id = made.sessions[0]?.id ?? "";
      const read = await staff.sessions.get({ id });
      await staff.sessions.update({ id, version: read.version, capacity: 8 });
      const second = await failure(
        staff.sessions.update({ id, version: read.version, capacity: 20 }),
      );
      expect(second.code).toBe("CONFLICT");
      expect(second.message).toMatch(/changed by someone else/);
      expect((await staff.sessions.get({ id })).capacity).toBe(8);
    });

    it("refuses a booking outside the age range without an override reason", async () => {
      const staff = callerAs(handle.db, { staff: staffNorth });
      const made = await staff.sessions.createSeries({
        ...series(siteNorth.id),
        startsOn: "2030-03-04",
      });
      const sessionId = made.sessions[0]?.id ?? "";
      const refused = await failure(staff.bookings.book({ sessionId, personId }));
      expect(refused).toEqual({
        code: "BAD_REQUEST",
        message:
          "Kofi is 9 years old; the programme is up to 12 months. To book anyway, give a reason for the override.",
      });
      expect((await handle.db.select({ n: count() }).from(bookings))[0]?.n).toBe(0);
      const booked = await staff.bookings.book({
        sessionId,
        personId,
        overrideReason: "Comes with his baby sister",
      });
      expect(booked.status).toBe("booked");
      const register = await staff.sessions.register({ id: sessionId });
      expect(register.bookings).toEqual([
        expect.objectContaining({
          firstName: "Kofi",
          status: "booked",
          overrideReason: "Comes with his baby sister",
        }),
      ]);
    });

    it("shows a locality's planner to its staff and to managers, not to another locality", async () => {
      const range = { localityId: north.id, from: "2030-01-01", to: "2030-03-31" };
      const grid = await callerAs(handle.db, { staff: staffNorth }).planner.grid(range);
      expect(grid.centres.map((c) => c.name)).toEqual(["North Hub"]);
      expect(
        (await callerAs(handle.db, { staff: manager }).planner.gaps(range)).ageBands[0],
      ).toEqual({
        label: "Under 1",
        registered: 0,
        placesPerWeek: expect.any(Number),
      });
      expect(
        await failure(
          callerAs(handle.db, { staff: staffNorth }).planner.grid({
            ...range,
            localityId: south.id,
          }),
        ),
      ).toEqual({
        code: "NOT_FOUND",
        message: "That locality was not found.",
      });
      expect((await failure(callerAs(handle.db, { staff: viewer }).planner.gaps(range))).code).toBe(
        "FORBIDDEN",
      );
    });
  },
);
