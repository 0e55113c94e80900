// The locality planner and the programme reports against a fixture counted by hand. Every
// expected figure is worked out in the comments from the fixture, not from the code.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../client";
import { makeLocality, makeSite } from "../factories";
import { closureDays, sessionSeries, sessions, targetFlags, targetGroups, terms } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import type { Actor } from "./audit";
import { copyTermForward, plannerDuplicates, plannerGaps, plannerGrid } from "./planner";
import { centrePerformance, targetedProgrammePerformance } from "./programme-reports";
import { createProgramme } from "./programmes";
import { makeFamilyOf } from "./programmes.test-utils";
import type { Scope } from "./scope";
import { cancelSession, createSeries, markAttendance, setHeadcounts } from "./sessions";

const everywhere: Scope = { all: true };
const actor: Actor = { type: "system", id: null };

// Fixture
//   Localities North (A Centre, B Centre) and South (C Centre).
//   March 2027 (Mon 1 to Sun 28: 4 weeks), weekly ×4 from the first of the week:
//     Baby Sensory (0–12 m, 12 places)  A Mon 10:00–11:00, B Mon 10:30–11:30, C Mon 10:00–11:00
//     Rhyme Time   (0–48 m, 10 places)  B Mon 10:15–11:00
//     Messy Play   (18–60 m, 20 places) B Tue 10:00–11:00
//     Young Carers (no ages, 8 places, for young_carer)  A Wed 16:00–18:00
//   Children on 1 March: in North three under-ones and one 2-year-old (a young carer's family);
//   in South one under-one.
//   April 2027, targeted:
//     Unique Swagga (girls and young women, 10 places) A Mon 17:00–19:00 ×4 from 5 April;
//       Xia comes 4 times, Yve 3 (the first three), Zoe once (the first). Xia's own family
//       is priority (young_carer) from 1 January; Yve and Zoe are sisters, not priority.
//     Detached (mobile and detached, no capacity) B Wed 7 April 20:00–21:30: 5 counted, no names.
//     Rhyme Time A Tue 6 April, cancelled: not run.
describe.each(testDatabaseKinds())("the locality planner and programme reports on %s", (kind) => {
  let handle: DatabaseHandle;
  let db: Database;
  let north: { id: string };
  let siteA: { id: string; name: string };
  let siteB: { id: string; name: string };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    siteA = await makeSite(db, { localityId: north.id, name: "A Centre" });
    siteB = await makeSite(db, { localityId: north.id, name: "B Centre" });
    const siteC = await makeSite(db, { localityId: south.id, name: "C Centre" });
    await db
      .insert(targetGroups)
      .values({ code: "young_carer", category: "child_young_person", label: "Young carer" });

    const dev = "Child and family development";
    const programme = async (name: string, fields: Record<string, unknown>) =>
      (await createProgramme(db, { name, serviceArea: dev, offer: "universal", ...fields }, actor))
        .id;
    const baby = await programme("Baby Sensory", {
      minAgeMonths: 0,
      maxAgeMonths: 12,
      capacity: 12,
    });
    const rhyme = await programme("Rhyme Time", {
      minAgeMonths: 0,
      maxAgeMonths: 48,
      capacity: 10,
    });
    const messy = await programme("Messy Play", {
      minAgeMonths: 18,
      maxAgeMonths: 60,
      capacity: 20,
    });
    const carers = await programme("Young Carers", {
      serviceArea: "Family support",
      offer: "targeted",
      capacity: 8,
      targetGroups: ["young_carer"],
    });
    const girls = await programme("Unique Swagga", {
      serviceArea: "Targeted programmes",
      offer: "targeted",
      deliveryUnit: "girls_and_young_women",
      minAgeMonths: 120,
      maxAgeMonths: 216,
      capacity: 10,
    });
    const detached = await programme("Detached", {
      serviceArea: "Targeted programmes",
      offer: "targeted",
      deliveryUnit: "mobile_and_detached",
    });

    const weekly = (
      programmeId: string,
      siteId: string,
      startsOn: string,
      startTime: string,
      endTime: string,
    ) =>
      createSeries(
        db,
        { programmeId, siteId, frequency: "weekly", startsOn, occurrences: 4, startTime, endTime },
        everywhere,
        actor,
      );
    await weekly(baby, siteA.id, "2027-03-01", "10:00", "11:00");
    await weekly(baby, siteB.id, "2027-03-01", "10:30", "11:30");
    await weekly(baby, siteC.id, "2027-03-01", "10:00", "11:00");
    await weekly(rhyme, siteB.id, "2027-03-01", "10:15", "11:00");
    await weekly(messy, siteB.id, "2027-03-02", "10:00", "11:00");
    await weekly(carers, siteA.id, "2027-03-03", "16:00", "18:00");

    await makeFamilyOf(db, siteA.id, [
      { name: "u1", dob: "2026-09-01" },
      { name: "u2", dob: "2026-10-01" },
      { name: "mum", dob: "1995-01-01", role: "adult" },
    ]);
    await makeFamilyOf(db, siteB.id, [{ name: "u3", dob: "2026-06-15" }]);
    const carerFamily = await makeFamilyOf(db, siteB.id, [{ name: "t2", dob: "2025-01-15" }]);
    await db.insert(targetFlags).values({
      familyId: carerFamily.id,
      groupCode: "young_carer",
      source: "staff",
      startedOn: "2027-01-01",
    });
    await makeFamilyOf(db, siteC.id, [{ name: "south", dob: "2026-09-01" }]);

    // April: the targeted programmes.
    const course = await weekly(girls, siteA.id, "2027-04-05", "17:00", "19:00");
    const xia = await makeFamilyOf(db, siteA.id, [{ name: "Xia", dob: "2014-01-01" }]);
    const sisters = await makeFamilyOf(db, siteA.id, [
      { name: "Yve", dob: "2014-02-01" },
      { name: "Zoe", dob: "2014-03-01" },
    ]);
    await db.insert(targetFlags).values({
      familyId: xia.id,
      groupCode: "young_carer",
      source: "staff",
      startedOn: "2027-01-01",
    });
    const teen = (name: string) => (name === "Xia" ? xia.person(name) : sisters.person(name));
    const [s1, s2, s3, s4] = course.sessions.map((s) => s.id);
    const mark = (sessionId: string | undefined, names: string[]) =>
      markAttendance(
        db,
        { sessionId: sessionId ?? "", personIds: names.map(teen) },
        everywhere,
        actor,
      );
    await mark(s1, ["Xia", "Yve", "Zoe"]);
    await mark(s2, ["Xia", "Yve"]);
    await mark(s3, ["Xia", "Yve"]);
    await mark(s4, ["Xia"]);
    const night = await createSeries(
      db,
      {
        programmeId: detached,
        siteId: siteB.id,
        frequency: "once",
        startsOn: "2027-04-07",
        startTime: "20:00",
        endTime: "21:30",
      },
      everywhere,
      actor,
    );
    await setHeadcounts(
      db,
      {
        sessionId: night.sessions[0]?.id ?? "",
        counts: [
          { ageBand: "11-15", sex: "female", count: 3 },
          { ageBand: "16-19", sex: "male", count: 2 },
        ],
      },
      everywhere,
      actor,
    );
    const off = await createSeries(
      db,
      {
        programmeId: rhyme,
        siteId: siteA.id,
        frequency: "once",
        startsOn: "2027-04-06",
        startTime: "10:00",
        endTime: "11:00",
      },
      everywhere,
      actor,
    );
    await cancelSession(
      db,
      { id: off.sessions[0]?.id ?? "", version: 1, reason: "Staff training" },
      everywhere,
      actor,
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  const march = () => ({ localityId: north.id, from: "2027-03-01", to: "2027-03-28" });

  it("lays out every session of the locality's centres, by date and weekday", async () => {
    const grid = await plannerGrid(db, march(), everywhere);
    expect(grid.centres.map((c) => c.name).sort()).toEqual(["A Centre", "B Centre"]);
    // North: Baby Sensory ×2, Rhyme Time, Messy Play, Young Carers, 4 weeks each = 20; not C's.
    expect(grid.sessions).toHaveLength(20);
    const first = grid.sessions.find(
      (s) => s.siteId === siteB.id && s.programmeName === "Rhyme Time",
    );
    expect(first).toMatchObject({
      date: "2027-03-01",
      weekday: 1,
      weekStart: "2027-03-01",
      startTime: "10:15",
      endTime: "11:00",
    });
  });

  it("shows the same programme for the same ages at the same time at two centres", async () => {
    const same = await plannerDuplicates(db, march(), everywhere);
    expect(same).toHaveLength(1);
    const clash = same[0];
    expect([clash?.siteA.name, clash?.siteB.name].sort()).toEqual(["A Centre", "B Centre"]);
    expect(clash).toMatchObject({
      weekday: 1,
      occurrences: 4,
      firstDate: "2027-03-01",
      lastDate: "2027-03-22",
      reason: "same_programme",
    });

    // By service area, Rhyme Time at B (0–48 months, 10:15) also clashes with A's Baby Sensory.
    const wider = await plannerDuplicates(db, { ...march(), match: "service_area" }, everywhere);
    expect(wider.map((d) => d.reason).sort()).toEqual(["same_programme", "same_service_area"]);
    const other = wider.find((d) => d.reason === "same_service_area");
    expect([other?.siteA.programme, other?.siteB.programme].sort()).toEqual([
      "Baby Sensory",
      "Rhyme Time",
    ]);
  });

  it("shows gaps: registered children by age band against places a week", async () => {
    const gaps = await plannerGaps(db, march(), everywhere);
    expect(gaps.weeks).toBe(4);
    // Under 1: u1, u2, u3 (South's baby not counted); Baby Sensory 12 + 12, Rhyme Time 10.
    // 1 year: Rhyme Time 10 + Messy Play 20. 2 years: t2; the same 30. 3–4: the same 30.
    // 5–10: Messy Play stops at 60 months.
    expect(gaps.ageBands.slice(0, 5)).toEqual([
      { label: "Under 1", registered: 3, placesPerWeek: 34 },
      { label: "1 year", registered: 0, placesPerWeek: 30 },
      { label: "2 years", registered: 1, placesPerWeek: 30 },
      { label: "3–4 years", registered: 0, placesPerWeek: 30 },
      { label: "5–10 years", registered: 0, placesPerWeek: 0 },
    ]);
    // Young carers: t2 and Xia (13), whose families have a young carer flag.
    expect(gaps.priorityGroups).toEqual([
      { code: "young_carer", name: "Young carer", registered: 2, placesPerWeek: 8 },
    ]);
  });

  it("reports targeted programmes per delivery unit as seed 000's table does", async () => {
    const rows = await targetedProgrammePerformance(
      db,
      { from: "2027-04-01", to: "2027-04-30" },
      everywhere,
      actor,
    );
    expect(rows).toHaveLength(10);
    const girls = rows.find((r) => r.deliveryUnit === "girls_and_young_women");
    // 1 course; Xia, Yve, Zoe; (4 + 3 + 1) × 2 h = 16 h; 3 of 4 sessions needed: Xia and Yve.
    expect(girls).toEqual({
      deliveryUnit: "girls_and_young_women",
      name: "Girls and Young Women's Programmes",
      programmesRun: 1,
      participants: 3,
      contactHours: 16,
      courseParticipants: 3,
      completed: 2,
      completionRate: 66.7,
    });
    // One night, 5 counted without names for 1.5 h.
    expect(rows.find((r) => r.deliveryUnit === "mobile_and_detached")).toMatchObject({
      programmesRun: 1,
      participants: 0,
      contactHours: 7.5,
      completionRate: null,
    });
    expect(rows.find((r) => r.deliveryUnit === "creative_arts")).toMatchObject({
      programmesRun: 0,
      participants: 0,
      contactHours: 0,
    });
  });

  it("reports each centre, the locality and the total", async () => {
    const rows = await centrePerformance(
      db,
      { from: "2027-04-01", to: "2027-04-30" },
      everywhere,
      actor,
    );
    const site = (id: string) => rows.find((r) => r.level === "site" && r.siteId === id);
    // A: 4 sessions (the cancelled Rhyme Time not run), 40 places, 8 attendances (20.0 %),
    // 3 attendees, 16 h, Xia's 4 of 8 from a priority group (50.0 %).
    expect(site(siteA.id)).toMatchObject({
      sessionsRun: 4,
      placesOffered: 40,
      fillRate: 20,
      attendances: 8,
      anonymousAttendances: 0,
      distinctAttendees: 3,
      contactHours: 16,
      priorityShare: 50,
    });
    // B: the night with no capacity: 5 anonymous for 1.5 h.
    expect(site(siteB.id)).toMatchObject({
      sessionsRun: 1,
      placesOffered: 0,
      fillRate: null,
      attendances: 0,
      anonymousAttendances: 5,
      contactHours: 7.5,
      priorityShare: null,
    });
    const locality = rows.find((r) => r.level === "locality");
    expect(locality).toMatchObject({
      localityName: "North",
      sessionsRun: 5,
      placesOffered: 40,
      fillRate: 20,
      attendances: 8,
      anonymousAttendances: 5,
      distinctAttendees: 3,
      contactHours: 23.5,
      priorityShare: 50,
    });
    expect(rows.find((r) => r.level === "total")).toMatchObject({
      sessionsRun: 5,
      distinctAttendees: 3,
    });
    expect(rows).toHaveLength(4);
  });

  it("copies last term's plan forward, skipping a bank holiday, once", async () => {
    const [spring] = await db
      .insert(terms)
      .values({ name: "Spring 2", startsOn: "2027-03-01", endsOn: "2027-03-28" })
      .returning({ id: terms.id });
    const [summer] = await db
      .insert(terms)
      .values({ name: "Summer 1", startsOn: "2027-04-12", endsOn: "2027-05-09" })
      .returning({ id: terms.id });
    await db.insert(closureDays).values({ date: "2027-05-03", name: "Early May bank holiday" });
    const input = {
      localityId: north.id,
      fromTermId: spring?.id ?? "",
      toTermId: summer?.id ?? "",
    };
    const seriesBefore = await db.select({ n: count() }).from(sessionSeries);

    // North's 20 March sessions move 6 weeks on; the three on Monday 3 May are skipped.
    const copied = await copyTermForward(db, input, everywhere, actor);
    expect(copied.copied).toBe(17);
    expect(copied.skipped.map((s) => s.date)).toEqual(["2027-05-03", "2027-05-03", "2027-05-03"]);
    const seriesAfter = await db.select({ n: count() }).from(sessionSeries);
    expect((seriesAfter[0]?.n ?? 0) - (seriesBefore[0]?.n ?? 0)).toBe(5);
    const moved = await db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.siteId, siteB.id));
    // B: 12 in March, the April night, and 10 copied (Baby Sensory 3, Rhyme Time 3, Messy Play 4).
    expect(moved[0]?.n).toBe(12 + 1 + 10);

    const again = await copyTermForward(db, input, everywhere, actor);
    expect(again).toMatchObject({ copied: 0, alreadyPlanned: 17 });
  });
});
