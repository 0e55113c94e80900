// The priority share report against a fixture small enough to count by hand. Every expected
// figure below is worked out in the comments from the fixture, not from the code under test.
import { type DatabaseHandle, londonTime } from "@familyhub/db";
import {
  makeLocality,
  makeProgramme,
  makeSession,
  makeSite,
  makeStaff,
} from "@familyhub/db/factories";
import { attendances, families, people, targetFlags } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { syncCatalogue } from "@familyhub/targeting";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

// Fixture (all families have two adults, so no rule would flag them; no rules are run anyway):
//
//   Localities: North (sites A and B), South (site C).
//   F1 at A, registered 2026-01-10: adult a1 (1990), child c1 (born 2024-01-15).
//      Flag domestic_abuse (priority), whole family, from 2026-03-05, open.
//   F2 at A, registered 2025-12-01: adult (does not attend), child c2 (born 2015-06-01).
//      Flag temporary_accommodation (priority), from 2026-01-01, ended 2026-04-01 12:00 London:
//      it counts up to 31 March and not on 1 April.
//   F3 at C, registered 2026-04-20: adult, child c3 (born 2010-04-14: 15 on 13 April 2026,
//      the day before the 16th birthday). Flag young_carer (priority) on c3, from 2026-04-13.
//   F4 at B, registered 2026-02-02: adult p4. Flag bereavement (NOT priority), open.
//   F5 at A, registered 2026-03-15: adult p5. No flags.
//   F6 at A, registered 2026-02-10, merged into F1; F7 at A, registered 2026-03-20, pending.
//
//   Sessions and who came:
//     S1 A 2026-03-02: a1, c1, c2, p5 — priority: c2 only (F1's flag starts 03-05)  → 4 / 1
//     S2 A 2026-03-09: a1, c1, c2     — all priority (F1 and F2 both open)          → 3 / 3
//     S6 B 2026-04-01: c2             — F2's flag ended that day                     → 1 / 0
//     S3 B 2026-04-06: p4, c2         — bereavement is not priority; F2 ended        → 2 / 0
//     S4 C 2026-04-13: c3, p5         — c3's flag starts that day                    → 2 / 1
//     S5 A 2026-05-04: a1             — after the range (1 March to 30 April)
//
//   Range 2026-03-01 to 2026-04-30:
//     attendances 4+3+1+2+2 = 12, from priority groups 1+3+0+0+1 = 5  → 41.7 %
//     distinct attendees a1, c1, c2, p5, p4, c3 = 6; priority ones a1, c1 (S2), c2 (S1, S2),
//     c3 (S4) = 4
describe.each(testDatabaseKinds())("the priority share report on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteA: { id: string; name: string };
    siteB: { id: string; name: string };
    siteC: { id: string; name: string };
    north: { id: string };
    south: { id: string };
    manager: StaffUser;
    staffNorth: StaffUser;
    viewer: StaffUser;
  };
  const range = { from: "2026-03-01", to: "2026-04-30" };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    await syncCatalogue(db);
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    const siteA = await makeSite(db, { localityId: north.id, name: "A Centre" });
    const siteB = await makeSite(db, { localityId: north.id, name: "B Centre" });
    const siteC = await makeSite(db, { localityId: south.id, name: "C Centre" });
    fx = {
      siteA,
      siteB,
      siteC,
      north,
      south,
      manager: await makeStaff(db, { role: "manager" }),
      staffNorth: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      viewer: await makeStaff(db, { role: "viewer" }),
    };

    const family = async (
      siteId: string,
      registeredOn: string,
      members: { name: string; role: "adult" | "child"; dob: string }[],
      extra: { status?: "active" | "pending" | "merged" } = {},
    ) => {
      const [row] = await db
        .insert(families)
        .values({
          surname: "Fixture",
          postcode: "FL9 9ZZ",
          registeredSiteId: siteId,
          registeredOn,
          status: extra.status ?? "active",
        })
        .returning({ id: families.id });
      if (!row) throw new Error("no family");
      const ids = await db
        .insert(people)
        .values(
          members.map((m) => ({
            familyId: row.id,
            firstName: m.name,
            lastName: "Fixture",
            role: m.role,
            dateOfBirth: m.dob,
          })),
        )
        .returning({ id: people.id, name: people.firstName });
      const person = (name: string) => {
        const found = ids.find((p) => p.name === name);
        if (!found) throw new Error(name);
        return found.id;
      };
      return { id: row.id, person };
    };
    const f1 = await family(siteA.id, "2026-01-10", [
      { name: "a1", role: "adult", dob: "1990-01-01" },
      { name: "f1b", role: "adult", dob: "1990-01-01" },
      { name: "c1", role: "child", dob: "2024-01-15" },
    ]);
    const f2 = await family(siteA.id, "2025-12-01", [
      { name: "f2a", role: "adult", dob: "1985-01-01" },
      { name: "f2b", role: "adult", dob: "1985-01-01" },
      { name: "c2", role: "child", dob: "2015-06-01" },
    ]);
    const f3 = await family(siteC.id, "2026-04-20", [
      { name: "f3a", role: "adult", dob: "1980-01-01" },
      { name: "f3b", role: "adult", dob: "1980-01-01" },
      { name: "c3", role: "child", dob: "2010-04-14" },
    ]);
    const f4 = await family(siteB.id, "2026-02-02", [
      { name: "p4", role: "adult", dob: "1992-01-01" },
      { name: "f4b", role: "adult", dob: "1992-01-01" },
    ]);
    const f5 = await family(siteA.id, "2026-03-15", [
      { name: "p5", role: "adult", dob: "1995-01-01" },
      { name: "f5b", role: "adult", dob: "1995-01-01" },
    ]);
    await family(siteA.id, "2026-02-10", [{ name: "dup", role: "adult", dob: "1990-01-01" }], {
      status: "merged",
    });
    await family(siteA.id, "2026-03-20", [{ name: "new", role: "adult", dob: "1990-01-01" }], {
      status: "pending",
    });

    await db.insert(targetFlags).values([
      {
        familyId: f1.id,
        groupCode: "domestic_abuse",
        source: "staff",
        note: "n",
        startedOn: "2026-03-05",
      },
      {
        familyId: f2.id,
        groupCode: "temporary_accommodation",
        source: "staff",
        note: "n",
        startedOn: "2026-01-01",
        endedAt: londonTime("2026-04-01", 12, 0),
        endReason: "housed",
      },
      {
        familyId: f3.id,
        personId: f3.person("c3"),
        groupCode: "young_carer",
        source: "self_declared",
        startedOn: "2026-04-13",
      },
      {
        familyId: f4.id,
        groupCode: "bereavement",
        source: "self_declared",
        startedOn: "2026-01-01",
      },
    ]);

    const programme = await makeProgramme(db);
    const session = (siteId: string, date: string) =>
      makeSession(db, { siteId, programmeId: programme.id, date });
    const s1 = await session(siteA.id, "2026-03-02");
    const s2 = await session(siteA.id, "2026-03-09");
    const s6 = await session(siteB.id, "2026-04-01");
    const s3 = await session(siteB.id, "2026-04-06");
    const s4 = await session(siteC.id, "2026-04-13");
    const s5 = await session(siteA.id, "2026-05-04");
    const came = (sessionId: string, personIds: string[]) =>
      personIds.map((personId) => ({ sessionId, personId, method: "import" as const }));
    await db
      .insert(attendances)
      .values([
        ...came(s1.id, [f1.person("a1"), f1.person("c1"), f2.person("c2"), f5.person("p5")]),
        ...came(s2.id, [f1.person("a1"), f1.person("c1"), f2.person("c2")]),
        ...came(s6.id, [f2.person("c2")]),
        ...came(s3.id, [f4.person("p4"), f2.person("c2")]),
        ...came(s4.id, [f3.person("c3"), f5.person("p5")]),
        ...came(s5.id, [f1.person("a1")]),
      ]);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("matches the hand-computed share in total, by site, locality, month and group", async () => {
    const report = await callerAs(handle.db, { staff: fx.manager }).reports.priorityShare(range);

    // 12 attendances, 5 from priority groups (41.7 %); 6 attendees, 4 from priority groups.
    expect(report.total).toEqual({
      attendances: 12,
      priorityAttendances: 5,
      attendees: 6,
      priorityAttendees: 4,
    });

    // A: S1 + S2 = 7 attendances, 1 + 3 = 4 priority; attendees a1, c1, c2, p5 = 4, of them
    //    a1, c1, c2 = 3 priority.
    // B: S6 + S3 = 3 attendances, 0 priority; attendees c2, p4 = 2 (c2 was priority only at A).
    // C: S4 = 2 attendances, 1 priority; attendees c3, p5 = 2, c3 priority.
    expect(report.bySite.map(({ siteId: _id, ...row }) => row)).toEqual([
      {
        siteName: "A Centre",
        localityName: "North",
        attendances: 7,
        priorityAttendances: 4,
        attendees: 4,
        priorityAttendees: 3,
      },
      {
        siteName: "B Centre",
        localityName: "North",
        attendances: 3,
        priorityAttendances: 0,
        attendees: 2,
        priorityAttendees: 0,
      },
      {
        siteName: "C Centre",
        localityName: "South",
        attendances: 2,
        priorityAttendances: 1,
        attendees: 2,
        priorityAttendees: 1,
      },
    ]);

    // North = A + B: 10 attendances, 4 priority; attendees a1, c1, c2, p5, p4 = 5, 3 priority.
    // South = C.
    expect(report.byLocality.map(({ localityId: _id, ...row }) => row)).toEqual([
      {
        localityName: "North",
        attendances: 10,
        priorityAttendances: 4,
        attendees: 5,
        priorityAttendees: 3,
      },
      {
        localityName: "South",
        attendances: 2,
        priorityAttendances: 1,
        attendees: 2,
        priorityAttendees: 1,
      },
    ]);

    // March: S1 + S2 = 7 / 4; attendees a1, c1, c2, p5 = 4 / 3.
    // April: S6 + S3 + S4 = 5 / 1; attendees c2, p4, c3, p5 = 4 / 1 (c3).
    expect(report.byMonth).toEqual([
      {
        month: "2026-03",
        attendances: 7,
        priorityAttendances: 4,
        attendees: 4,
        priorityAttendees: 3,
      },
      {
        month: "2026-04",
        attendances: 5,
        priorityAttendances: 1,
        attendees: 4,
        priorityAttendees: 1,
      },
    ]);

    // domestic_abuse: S2 a1, c1 = 2 attendances, 2 people.
    // temporary_accommodation: S1 c2, S2 c2 = 2 attendances, 1 person.
    // young_carer: S4 c3 = 1, 1.  bereavement (not priority): S3 p4 = 1, 1.
    expect(report.byGroup.map((g) => [g.code, g.isPriority, g.attendances, g.attendees])).toEqual([
      ["domestic_abuse", true, 2, 2],
      ["temporary_accommodation", true, 2, 1],
      ["bereavement", false, 1, 1],
      ["young_carer", true, 1, 1],
    ]);
  });

  it("narrows to a site or a locality, and front-line staff see only their own locality", async () => {
    const manager = callerAs(handle.db, { staff: fx.manager });
    expect((await manager.reports.priorityShare({ ...range, siteId: fx.siteC.id })).total).toEqual({
      attendances: 2,
      priorityAttendances: 1,
      attendees: 2,
      priorityAttendees: 1,
    });
    expect(
      (await manager.reports.priorityShare({ ...range, localityId: fx.north.id })).total,
    ).toEqual({ attendances: 10, priorityAttendances: 4, attendees: 5, priorityAttendees: 3 });

    const staff = callerAs(handle.db, { staff: fx.staffNorth });
    expect((await staff.reports.priorityShare(range)).total).toEqual({
      attendances: 10,
      priorityAttendances: 4,
      attendees: 5,
      priorityAttendees: 3,
    });
    // Asking for another locality's site gives nothing rather than its figures.
    expect(
      (await staff.reports.priorityShare({ ...range, siteId: fx.siteC.id })).total.attendances,
    ).toBe(0);
    const filters = await staff.reports.filters();
    expect(filters.localities.map((l) => l.name)).toEqual(["North"]);
  });

  it("counts distinct people by age band on the session's day", async () => {
    const report = await callerAs(handle.db, { staff: fx.manager }).reports.reachByAgeBand(range);
    // 0–4: c1 (2 attendances). 5–10: c2 (10 on every session; 4 attendances).
    // 11–15: c3, 15 on 13 April, the day before turning 16 (1). 16+: a1 (2), p5 (2), p4 (1).
    // Priority people: c1, c2, c3 and a1.
    expect(report.bands).toEqual([
      { band: "0-4", people: 1, priorityPeople: 1, attendances: 2 },
      { band: "5-10", people: 1, priorityPeople: 1, attendances: 4 },
      { band: "11-15", people: 1, priorityPeople: 1, attendances: 1 },
      { band: "16+", people: 3, priorityPeople: 1, attendances: 5 },
      { band: "unknown", people: 0, priorityPeople: 0, attendances: 0 },
    ]);
    expect(report.total).toEqual({ people: 6, priorityPeople: 4, attendances: 12 });
  });

  it("counts new registrations per quarter, leaving out merged and pending families", async () => {
    const rows = await callerAs(handle.db, { staff: fx.manager }).reports.registrations({
      from: "2025-10-01",
      to: "2026-06-30",
    });
    // 2025 Q4: F2 (3 people). 2026 Q1: F1 (3), F4 (2), F5 (2). 2026 Q2: F3 (3).
    expect(rows).toEqual([
      { quarter: "2025-Q4", families: 1, people: 3, children: 1 },
      { quarter: "2026-Q1", families: 3, people: 7, children: 1 },
      { quarter: "2026-Q2", families: 1, people: 3, children: 1 },
    ]);
  });

  it("answers an empty range with zeros, and refuses roles without report:read", async () => {
    const empty = await callerAs(handle.db, { staff: fx.manager }).reports.priorityShare({
      from: "2020-01-01",
      to: "2020-01-31",
    });
    expect(empty.total).toEqual({
      attendances: 0,
      priorityAttendances: 0,
      attendees: 0,
      priorityAttendees: 0,
    });
    expect(empty.bySite).toEqual([]);
    const backwards = await failure(
      callerAs(handle.db, { staff: fx.manager }).reports.priorityShare({
        from: "2026-04-01",
        to: "2026-03-01",
      }),
    );
    expect(backwards.code).toBe("BAD_REQUEST");
    expect(
      (await failure(callerAs(handle.db, { staff: fx.viewer }).reports.priorityShare(range))).code,
    ).toBe("FORBIDDEN");
  });
});
