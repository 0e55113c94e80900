import { and, asc, count, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { plannerDuplicates } from "../queries/planner";
import {
  attendances,
  closureDays,
  families,
  localities,
  people,
  sessions,
  sites,
  terms,
} from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { londonDate, londonDayBounds } from "../time";
import { isDatabaseEmpty, seedDemo, type SeedDemoResult } from "./index";

const today = londonDate();
const centreKinds = ["children_centre", "family_hub", "wellbeing_centre"];

describe.each(testDatabaseKinds())("seedDemo on %s", (kind) => {
  let handle: DatabaseHandle;
  let result: SeedDemoResult;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    expect(await isDatabaseEmpty(handle.db)).toBe(true);
    result = await seedDemo(handle.db, { seed: 42, today });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("is no longer empty, and refuses to seed again", async () => {
    expect(await isDatabaseEmpty(handle.db)).toBe(false);
    await expect(seedDemo(handle.db, { today })).rejects.toThrow(/empty database/);
  });

  it("makes 18 children's centres and 4 youth hubs in 3 localities, each with one lead", async () => {
    const rows = await handle.db
      .select({
        kind: sites.kind,
        operator: sites.operator,
        isLead: sites.isLead,
        localityId: sites.localityId,
      })
      .from(sites);
    const centres = rows.filter((s) => centreKinds.includes(s.kind));
    expect(centres).toHaveLength(18);
    expect(rows.filter((s) => s.kind === "youth_hub")).toHaveLength(4);
    expect(rows).toHaveLength(22);

    const operators = Object.fromEntries(
      ["local_authority", "school", "charity", "fe_college"].map((op) => [
        op,
        centres.filter((s) => s.operator === op).length,
      ]),
    );
    expect(operators).toEqual({ local_authority: 7, school: 9, charity: 1, fe_college: 1 });

    const localityRows = await handle.db
      .select({ id: localities.id, name: localities.name })
      .from(localities);
    expect(localityRows).toHaveLength(3);
    expect([...result.localities].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...localityRows].sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const locality of localityRows) {
      const inLocality = rows.filter((s) => s.localityId === locality.id);
      expect(inLocality.filter((s) => s.isLead)).toHaveLength(1);
      expect(inLocality.filter((s) => centreKinds.includes(s.kind))).toHaveLength(6);
    }
  });

  it("gives every site at least one session today", async () => {
    const { start, end } = londonDayBounds(today);
    const rows = await handle.db
      .select({ siteId: sessions.siteId, n: count() })
      .from(sessions)
      .where(and(gte(sessions.startsAt, start), lt(sessions.startsAt, end)))
      .groupBy(sessions.siteId);
    expect(rows).toHaveLength(22);
  });

  it("records attendances only at past sessions, once per person and session", async () => {
    const [stats] = await handle.db
      .select({
        total: count(),
        distinct: sql<number>`count(distinct (${attendances.personId}, ${attendances.sessionId}))::int`,
        future: sql<number>`count(*) filter (where ${sessions.startsAt} >= now() or ${attendances.checkedInAt} >= now())::int`,
        withKiosk: sql<number>`count(${attendances.kioskId})::int`,
      })
      .from(attendances)
      .innerJoin(sessions, eq(sessions.id, attendances.sessionId));
    expect(stats?.total).toBe(result.attendances);
    expect(stats?.distinct).toBe(result.attendances);
    expect(stats?.future).toBe(0);
    expect(stats?.withKiosk).toBe(0);
  });

  it("has counts in the expected ranges", async () => {
    expect(result.sites).toBe(22);
    expect(result.families).toBeGreaterThanOrEqual(1_800);
    expect(result.families).toBeLessThanOrEqual(2_200);
    expect(result.people).toBeGreaterThanOrEqual(6_000);
    expect(result.people).toBeLessThanOrEqual(7_500);
    expect(result.attendances).toBeGreaterThanOrEqual(15_000);
    expect(result.attendances).toBeLessThanOrEqual(25_000);
    expect(result.sessions).toBeGreaterThan(2_000);

    const [familyCount] = await handle.db.select({ n: count() }).from(families);
    const [peopleCount] = await handle.db.select({ n: count() }).from(people);
    const [sessionCount] = await handle.db.select({ n: count() }).from(sessions);
    expect(familyCount?.n).toBe(result.families);
    expect(peopleCount?.n).toBe(result.people);
    expect(sessionCount?.n).toBe(result.sessions);
  });
  it("plans a term with its closure days, courses booked whole, and clashes to show", async () => {
    const termRows = await handle.db
      .select({ startsOn: terms.startsOn, endsOn: terms.endsOn })
      .from(terms);
    expect(termRows).toHaveLength(1);
    const closed = await handle.db.select({ date: closureDays.date }).from(closureDays);
    expect(closed.length).toBeGreaterThan(0);
    for (const { date } of closed) {
      const { start, end } = londonDayBounds(date);
      const [onIt] = await handle.db
        .select({ n: count() })
        .from(sessions)
        .where(and(gte(sessions.startsAt, start), lt(sessions.startsAt, end)));
      expect(onIt?.n).toBe(0);
    }
    expect(result.courses).toBeGreaterThan(10);
    expect(result.bookings).toBeGreaterThan(100);
    const [courseSessions] = await handle.db
      .select({ n: count() })
      .from(sessions)
      .where(isNotNull(sessions.seriesId));
    expect(courseSessions?.n).toBeGreaterThan(0);
    const north = result.localities[0];
    const clashes = await plannerDuplicates(
      handle.db,
      {
        localityId: north?.id ?? "",
        from: termRows[0]?.startsOn ?? today,
        to: termRows[0]?.endsOn ?? today,
      },
      { all: true },
    );
    expect(clashes.length).toBeGreaterThan(0);
  });
});

describe("seedDemo determinism", () => {
  it("gives the same data for the same seed and day, on two fresh databases", async () => {
    const runs: { surnames: string[]; people: string[]; attendances: number }[] = [];
    for (let i = 0; i < 2; i += 1) {
      const handle = await createTestDatabase("pglite");
      try {
        // A Monday just after the clocks went forward, so the term straddles the change.
        const result = await seedDemo(handle.db, { seed: 7, today: "2026-03-30" });
        const familyRows = await handle.db
          .select({ surname: families.surname })
          .from(families)
          .orderBy(asc(families.createdAt), asc(families.postcode), asc(families.surname));
        const peopleRows = await handle.db
          .select({ firstName: people.firstName, dateOfBirth: people.dateOfBirth })
          .from(people)
          .orderBy(asc(people.dateOfBirth), asc(people.firstName));
        runs.push({
          surnames: familyRows.map((r) => r.surname),
          people: peopleRows.map((r) => `${r.firstName} ${r.dateOfBirth}`),
          attendances: result.attendances,
        });
      } finally {
        await handle.close();
      }
    }
    expect(runs[0]?.surnames).toHaveLength(2_000);
    expect(runs[1]).toEqual(runs[0]);
  });
});
