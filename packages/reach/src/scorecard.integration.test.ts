// The monthly scorecard against figures worked out by hand, on both databases. The rows are
// written straight into the tables (not through the imports) so that every edge the scorecard's
// SQL must get right is placed exactly: a month in British Summer Time, whose bounds are 23:00
// UTC; a session at the month's first instant (counted) and at the next month's (not); a session
// at 00:30 London time, the day before in UTC, on a child's fifth birthday; children whose age
// band changes within the month; a child attending in two districts; a merged person; children
// in the baseline in two cohorts, or in EHN alone.
import type { DatabaseHandle } from "@familyhub/db";
import {
  attendances,
  baselineChildCohorts,
  baselineChildren,
  baselineSnapshots,
  families,
  localities,
  people,
  programmes,
  sessions,
  sites,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scorecard, scorecardCsv } from "./scorecard";

type Person = {
  ref: string;
  family: string;
  dateOfBirth: string | null;
  role?: "child" | "adult";
};

// Family: its site, the day it registered and its status.
const familyRows: Record<string, { site: string; registeredOn: string; status?: "pending" }> = {
  FA: { site: "N1", registeredOn: "2025-01-01" },
  FB: { site: "S1", registeredOn: "2024-01-01" },
  FC: { site: "N1", registeredOn: "2024-05-01" },
  FD: { site: "N1", registeredOn: "2026-07-05" }, // after June: neither a June registration nor registered
  FE: { site: "S1", registeredOn: "2026-06-01" }, // the month's first day
  FF: { site: "N1", registeredOn: "2026-06-30" }, // the month's last day
  FH: { site: "N1", registeredOn: "2026-05-31" }, // the day before the month
  FI: { site: "S1", registeredOn: "2026-06-10", status: "pending" }, // not active
};

const personRows: Person[] = [
  { ref: "A", family: "FA", dateOfBirth: "2023-01-10" },
  { ref: "B", family: "FB", dateOfBirth: "2019-03-01" },
  { ref: "C", family: "FC", dateOfBirth: "2014-01-01" }, // merged into C2 below
  { ref: "C2", family: "FC", dateOfBirth: "2014-01-01" },
  { ref: "D", family: "FD", dateOfBirth: "2024-02-02" },
  { ref: "E", family: "FE", dateOfBirth: "2021-06-15" }, // five on 15 June 2026
  { ref: "U", family: "FE", dateOfBirth: null }, // unborn: a due date, no date of birth
  { ref: "F", family: "FF", dateOfBirth: "2015-06-10" }, // eleven on 10 June 2026
  { ref: "G", family: "FF", dateOfBirth: "1990-05-05", role: "adult" },
  { ref: "J", family: "FF", dateOfBirth: "2015-06-10" }, // F recorded twice, merged into F
  { ref: "H", family: "FH", dateOfBirth: "2018-04-04" },
  { ref: "I", family: "FI", dateOfBirth: "2018-04-04" },
];

// Sessions: [key, site, programme, start as a UTC instant]. London is on BST (UTC+1) in June.
const sessionRows: [string, string, string, string][] = [
  ["n-jun02", "N1", "Stay and Play", "2026-06-02T08:30:00Z"],
  ["n-jun09", "N1", "Stay and Play", "2026-06-09T08:30:00Z"],
  ["s-jun10", "S1", "Stay and Play", "2026-06-10T09:00:00Z"],
  ["s-may27", "S1", "Stay and Play", "2026-05-27T09:00:00Z"],
  ["n-jun04-youth", "N1", "Youth Club", "2026-06-04T17:00:00Z"],
  // 00:00 on 1 June in London: the month's first instant, counted.
  ["n-first-instant", "N1", "Stay and Play", "2026-05-31T23:00:00Z"],
  // 23:59 on 31 May in London: not June.
  ["n-last-minute-of-may", "N1", "Stay and Play", "2026-05-31T22:59:00Z"],
  // 00:00 on 1 July in London, still 30 June in UTC: not June.
  ["s-first-instant-of-july", "S1", "Stay and Play", "2026-06-30T23:00:00Z"],
  // 00:30 on 15 June in London, 14 June in UTC: E is five on the London day.
  ["s-jun15-0030", "S1", "Stay and Play", "2026-06-14T23:30:00Z"],
  ["s-jun08", "S1", "Stay and Play", "2026-06-08T09:00:00Z"],
  ["n-jun03-youth", "N1", "Youth Club", "2026-06-03T17:00:00Z"],
  ["n-jun17-youth", "N1", "Youth Club", "2026-06-17T17:00:00Z"],
];
const minutes = new Map([
  ["Stay and Play", 90],
  ["Youth Club", 120],
]);

const attendanceRows: [string, string][] = [
  ["A", "n-jun02"],
  ["A", "n-jun09"],
  ["A", "s-jun10"], // A in the South too
  ["A", "n-last-minute-of-may"],
  ["B", "s-may27"], // B in May…
  ["B", "s-first-instant-of-july"], // …and July: not engaged in June
  ["C2", "n-jun04-youth"],
  ["D", "n-first-instant"],
  ["E", "s-jun15-0030"], // 5-10 on the London day
  ["E", "s-jun08"], // 0-4
  ["F", "n-jun03-youth"], // 5-10
  ["F", "n-jun17-youth"], // 11-15
  ["G", "n-jun02"],
  ["G", "s-first-instant-of-july"],
];

// Baseline children of the 30 June snapshot: [social care id, district, age, cohorts, person].
const baselineRows: [string, string, number, ("LAC" | "CP" | "CIN" | "EHN")[], string | null][] = [
  ["K1", "North", 3, ["LAC"], "A"], // registered, came
  ["K2", "South", 7, ["CP", "CIN"], "B"], // registered, came only in May; counted once
  ["K3", "North", 5, ["EHN"], "E"], // not known to social care: not on the scorecard
  ["K4", "North", 12, ["CIN"], "C"], // C was merged into C2, who is registered and came
  ["K5", "South", 16, ["CIN"], null], // not found
  ["K6", "North", 2, ["LAC"], "D"], // came, but registered after June
  ["K7", "South", 8, ["CP"], "I"], // a pending family: not registered
];

// Worked out by hand from the rows above (see the comments beside them).
//
// Attendances in June (not A's at 23:59 on 31 May, nor B's and G's at 00:00 on 1 July): A ×3 (two North, one South), C2 ×1 (120 min), D ×1, E ×2 (South, one
// 0-4 and one 5-10), F ×2 (North, 5-10 then 11-15, 120 min each), G ×1: 10 attendances of 6
// people, 990 minutes. A person is counted once in each cell they came in: F in both North's
// 5-10 and 11-15 but once in North; A in North's and South's 0-4 but once in All 0-4.
//
// Registrations in June: E and the unborn U (FE, South, 0-4: no date of birth counts as 0),
// F (11-15 on 30 June) and G (16+) of FF; not J (merged), nor FH (May), FD (July), FI (pending).
//
// Children known to social care (LAC, CP, CIN): K1 North 0-4 registered and engaged; K4 North
// 11-15 registered and engaged (through C2); K6 North 0-4 engaged only; K2 South 5-10
// registered only; K7 South 5-10 neither; K5 South 16+ neither.
const expected = `district,age_band,scs_baseline,scs_registered,scs_registered_pct,scs_engaged,scs_engaged_pct,registrations,attendances,attendees,contact_hours
North,0-4,2,1,50.0,2,100.0,0,3,2,4.5
North,5-10,0,0,,0,,0,1,1,2.0
North,11-15,1,1,100.0,1,100.0,1,2,2,4.0
North,16+,0,0,,0,,1,1,1,1.5
North,All,3,2,66.7,3,100.0,2,7,5,12.0
South,0-4,0,0,,0,,2,2,2,3.0
South,5-10,2,1,50.0,0,0.0,0,1,1,1.5
South,11-15,0,0,,0,,0,0,0,0.0
South,16+,1,0,0.0,0,0.0,0,0,0,0.0
South,All,3,1,33.3,0,0.0,2,3,2,4.5
All,0-4,2,1,50.0,2,100.0,2,5,3,7.5
All,5-10,2,1,50.0,0,0.0,0,2,2,3.5
All,11-15,1,1,100.0,1,100.0,1,2,2,4.0
All,16+,1,0,0.0,0,0.0,1,1,1,1.5
All,All,6,3,50.0,3,50.0,4,10,6,16.5
`;

/** The id written for a key above. */
function idOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`the test wrote no row for ${key}`);
  return id;
}

async function inserted(rows: Promise<{ id: string }[]>): Promise<string> {
  const [row] = await rows;
  if (!row) throw new Error("the insert returned no row");
  return row.id;
}

describe.each(testDatabaseKinds())("the scorecard on %s", (kind) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const localityId = await inserted(
      db.insert(localities).values({ name: "Fernleigh" }).returning({ id: localities.id }),
    );
    const siteIds = new Map<string, string>();
    for (const [code, district, kind] of [
      ["N1", "North", "children_centre"],
      ["S1", "South", "family_hub"],
    ] as const) {
      const siteId = await inserted(
        db
          .insert(sites)
          .values({
            code,
            name: `${district} Centre`,
            kind,
            operator: "local_authority",
            localityId,
            district,
            postcode: "FL1 1AA",
          })
          .returning({ id: sites.id }),
      );
      siteIds.set(code, siteId);
    }
    const familyIds = new Map<string, string>();
    for (const [ref, family] of Object.entries(familyRows)) {
      const familyId = await inserted(
        db
          .insert(families)
          .values({
            familyRef: ref,
            surname: ref,
            postcode: "FL1 1AA",
            registeredSiteId: idOf(siteIds, family.site),
            registeredOn: family.registeredOn,
            status: family.status ?? "active",
          })
          .returning({ id: families.id }),
      );
      familyIds.set(ref, familyId);
    }
    const personIds = new Map<string, string>();
    for (const person of personRows) {
      const personId = await inserted(
        db
          .insert(people)
          .values({
            familyId: idOf(familyIds, person.family),
            personRef: person.ref,
            firstName: person.ref,
            lastName: person.family,
            dateOfBirth: person.dateOfBirth,
            expectedDueDate: person.dateOfBirth === null ? "2026-09-01" : null,
            role: person.role ?? "child",
          })
          .returning({ id: people.id }),
      );
      personIds.set(person.ref, personId);
    }
    for (const [from, into] of [
      ["C", "C2"],
      ["J", "F"],
    ] as const) {
      await db
        .update(people)
        .set({ mergedIntoId: idOf(personIds, into) })
        .where(eq(people.id, idOf(personIds, from)));
    }
    const programmeIds = new Map<string, string>();
    for (const name of minutes.keys()) {
      const programmeId = await inserted(
        db
          .insert(programmes)
          .values({ name, serviceArea: "Early years" })
          .returning({ id: programmes.id }),
      );
      programmeIds.set(name, programmeId);
    }
    const sessionIds = new Map<string, string>();
    for (const [key, site, programme, startsAt] of sessionRows) {
      const start = new Date(startsAt);
      const sessionId = await inserted(
        db
          .insert(sessions)
          .values({
            programmeId: idOf(programmeIds, programme),
            siteId: idOf(siteIds, site),
            startsAt: start,
            endsAt: new Date(start.getTime() + (minutes.get(programme) ?? 60) * 60_000),
          })
          .returning({ id: sessions.id }),
      );
      sessionIds.set(key, sessionId);
    }
    await db.insert(attendances).values(
      attendanceRows.map(([person, session]) => ({
        personId: idOf(personIds, person),
        sessionId: idOf(sessionIds, session),
        method: "staff" as const,
      })),
    );
    const snapshotId = await inserted(
      db
        .insert(baselineSnapshots)
        .values({ snapshotDate: "2026-06-30", rows: 8, children: baselineRows.length })
        .returning({ id: baselineSnapshots.id }),
    );
    for (const [socialCareId, district, ageYears, cohorts, person] of baselineRows) {
      const childId = await inserted(
        db
          .insert(baselineChildren)
          .values({
            snapshotId,
            socialCareId,
            firstName: socialCareId,
            lastName: "Child",
            dateOfBirth: "2020-01-01",
            ageYears,
            postcode: "FL1 1AA",
            district,
            personId: person === null ? null : idOf(personIds, person),
            linkMethod: person === null ? null : "auto",
          })
          .returning({ id: baselineChildren.id }),
      );
      await db.insert(baselineChildCohorts).values(cohorts.map((cohort) => ({ childId, cohort })));
    }
  });

  afterAll(async () => {
    await handle.close();
  });

  it("counts June as worked out by hand: London's month and days, distinct people in each cell", async () => {
    const card = await scorecard(handle.db, { month: "2026-06" });
    expect(card).toMatchObject({
      month: "2026-06",
      from: "2026-06-01",
      to: "2026-06-30",
      snapshotDate: "2026-06-30",
      suppressed: false,
    });
    expect(scorecardCsv(card)).toBe(expected);
  });

  it("counts July's first instant in July, and nothing in August but the snapshot's children", async () => {
    const card = await scorecard(handle.db, { month: "2026-08" });
    const total = card.rows.at(-1);
    expect(total).toMatchObject({
      district: "All",
      ageBand: "All",
      scsBaseline: 6,
      registrations: 0,
      attendances: 0,
      attendees: 0,
      contactHours: 0,
    });
    // The session at midnight on 1 July, London time (still 30 June in UTC), is July's; so is
    // D's registration (5 July).
    const july = await scorecard(handle.db, { month: "2026-07" });
    expect(july.rows.at(-1)).toMatchObject({
      scsEngaged: 1,
      registrations: 1,
      attendances: 2,
      attendees: 2,
      contactHours: 3,
    });
  });

  it("says what a month is when given something else", async () => {
    await expect(scorecard(handle.db, { month: "2026-13" })).rejects.toThrow(
      "The month '2026-13' is not a month: use YYYY-MM, e.g. 2026-06.",
    );
  });
});
