// The demo authority out of one database and into another through the interchange formats:
// what comes out of the second is what came out of the first, and importing again changes nothing.
import { and, asc, count, countDistinct, eq, isNotNull, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../client";
import { attendances, families, localities, people, sites } from "../schema";
import { seedDemo } from "../seed";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importAttendances } from "./attendances";
import { exportAttendances, exportPeople } from "./export";
import { importPeople } from "./people";
import { importSites } from "./sites";

const TODAY = "2026-10-14";

/** The demo's sites as a `sites` file (an export of sites is not part of this work). */
async function sitesCsv(db: Database): Promise<string> {
  const rows = await db
    .select({
      code: sites.code,
      name: sites.name,
      kind: sites.kind,
      operator: sites.operator,
      locality: localities.name,
      district: sites.district,
      postcode: sites.postcode,
      isLead: sites.isLead,
    })
    .from(sites)
    .innerJoin(localities, eq(localities.id, sites.localityId))
    .orderBy(asc(sites.code));
  const lines = rows.map((s) =>
    [
      s.code,
      `"${s.name}"`,
      s.kind,
      s.operator,
      s.locality,
      s.district,
      s.postcode,
      s.isLead ? "yes" : "no",
    ].join(","),
  );
  return ["site_code,name,kind,operator,locality,district,postcode,lead", ...lines].join("\n");
}

async function counts(db: Database) {
  const [f] = await db.select({ n: count() }).from(families);
  const [p] = await db.select({ n: count() }).from(people);
  const [a] = await db.select({ n: count() }).from(attendances);
  return { families: f?.n, people: p?.n, attendances: a?.n };
}

// What the formats carry: active families, and their people who are born and not merged away.
const exported = and(
  eq(families.status, "active"),
  isNull(people.mergedIntoId),
  isNotNull(people.dateOfBirth),
);

async function exportableCounts(db: Database) {
  const [f] = await db
    .select({ n: countDistinct(families.id) })
    .from(families)
    .innerJoin(people, eq(people.familyId, families.id))
    .where(exported);
  const [p] = await db
    .select({ n: count() })
    .from(people)
    .innerJoin(families, eq(families.id, people.familyId))
    .where(exported);
  const [a] = await db
    .select({ n: count() })
    .from(attendances)
    .innerJoin(people, eq(people.id, attendances.personId))
    .innerJoin(families, eq(families.id, people.familyId))
    .where(exported);
  return { families: f?.n, people: p?.n, attendances: a?.n };
}

describe.each(testDatabaseKinds())("the demo round trip on %s", (kind) => {
  let source: DatabaseHandle;
  let target: DatabaseHandle;
  let peopleFile: string;
  let attendancesFile: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)]);
    await seedDemo(source.db, { seed: 7, today: TODAY });
    const exportedPeople = await exportPeople(source.db);
    const exportedAttendances = await exportAttendances(source.db);
    peopleFile = exportedPeople.csv;
    attendancesFile = exportedAttendances.csv;
    expect(await importSites(target.db, await sitesCsv(source.db))).toMatchObject({
      ok: true,
      created: 22,
    });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it("imports the export of the demo into an empty FamilyHub", async () => {
    const before = await exportableCounts(source.db);
    expect(before.people).toBeGreaterThan(4_000);
    expect(before.attendances).toBeGreaterThan(10_000);
    const importedPeople = await importPeople(target.db, peopleFile);
    expect(importedPeople).toMatchObject({
      ok: true,
      created: before.people,
      updated: 0,
      unchanged: 0,
      familiesCreated: before.families,
      warnings: [],
    });
    const importedAttendances = await importAttendances(target.db, attendancesFile);
    expect(importedAttendances).toMatchObject({
      ok: true,
      created: before.attendances,
      unchanged: 0,
      warnings: [],
    });
    expect(await counts(target.db)).toEqual(before);
  });

  it("exports the same files from the copy as from the original", async () => {
    expect((await exportPeople(target.db)).csv).toBe(peopleFile);
    expect((await exportAttendances(target.db)).csv).toBe(attendancesFile);
  });

  it("keeps a sample of people as they were", async () => {
    const sample = await source.db
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        role: people.role,
        socialCareId: people.socialCareId,
        surname: families.surname,
        postcode: families.postcode,
        registeredOn: families.registeredOn,
        site: sites.code,
      })
      .from(people)
      .innerJoin(families, eq(families.id, people.familyId))
      .innerJoin(sites, eq(sites.id, families.registeredSiteId))
      .where(exported)
      .orderBy(asc(people.id))
      .limit(50);
    for (const person of sample) {
      const [copy] = await target.db
        .select({
          firstName: people.firstName,
          lastName: people.lastName,
          dateOfBirth: people.dateOfBirth,
          role: people.role,
          socialCareId: people.socialCareId,
          surname: families.surname,
          postcode: families.postcode,
          registeredOn: families.registeredOn,
          site: sites.code,
        })
        .from(people)
        .innerJoin(families, eq(families.id, people.familyId))
        .innerJoin(sites, eq(sites.id, families.registeredSiteId))
        .where(eq(people.personRef, person.id));
      const { id: _id, ...expected } = person;
      expect(copy).toEqual(expected);
    }
  });

  it("changes nothing when the files are imported again, into the copy or the original", async () => {
    for (const db of [target.db, source.db]) {
      const before = await counts(db);
      const inFiles = await exportableCounts(db);
      expect(await importPeople(db, peopleFile)).toMatchObject({
        ok: true,
        created: 0,
        updated: 0,
        familiesCreated: 0,
        familiesUpdated: 0,
        unchanged: inFiles.people,
      });
      expect(await importAttendances(db, attendancesFile)).toMatchObject({
        ok: true,
        created: 0,
        sessionsCreated: 0,
        programmesCreated: 0,
        unchanged: inFiles.attendances,
      });
      expect(await counts(db)).toEqual(before);
    }
  });
});
