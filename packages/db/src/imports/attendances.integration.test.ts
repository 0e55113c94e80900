import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { makeProgramme, makeSession } from "../factories";
import { attendances, people, programmes, sessions, sites } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { londonTime } from "../time";
import { importAttendances } from "./attendances";
import { importPeople } from "./people";
import { importSites } from "./sites";

const options = { today: "2026-03-02" };

const sitesFile = [
  "site_code,name,kind,operator,locality,district,postcode",
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB",
  "BR02,Millpond Children's Centre,children_centre,school,Riverside,Millpond,BF2 3CD",
].join("\n");

const peopleFile = [
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on",
  "P1,F1,Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10",
  "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10",
].join("\n");

const header = "person_ref,site_code,session_date,programme_name,start_time,duration_minutes";
// Summer time on 2025-06-02, Greenwich time on 2025-12-01.
const file = [
  header,
  "P1,BR01,2025-06-02,Stay and Play,09:30,120",
  "P2,BR01,02/06/2025,stay and play,9:30,120",
  "P1,BR02,2025-12-01,Baby Massage,,",
  "P2,BR02,2025-12-01,Baby Massage,,",
  "P2,BR02,2025-12-01,Baby Massage,,",
].join("\n");

describe.each(testDatabaseKinds())("importAttendances on %s", (kind) => {
  let handle: DatabaseHandle;

  const snapshot = async () => ({
    programmes: await handle.db
      .select({ id: programmes.id, name: programmes.name, serviceArea: programmes.serviceArea })
      .from(programmes)
      .orderBy(asc(programmes.name)),
    sessions: await handle.db
      .select({
        id: sessions.id,
        programmeId: sessions.programmeId,
        site: sites.code,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
      })
      .from(sessions)
      .innerJoin(sites, eq(sites.id, sessions.siteId))
      .orderBy(asc(sessions.startsAt), asc(sites.code)),
    attendances: await handle.db
      .select({
        sessionId: attendances.sessionId,
        personRef: people.personRef,
        method: attendances.method,
        checkedInAt: attendances.checkedInAt,
      })
      .from(attendances)
      .innerJoin(people, eq(people.id, attendances.personId))
      .orderBy(asc(attendances.checkedInAt), asc(people.personRef)),
  });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    expect(await importSites(handle.db, sitesFile)).toMatchObject({ ok: true });
    expect(await importPeople(handle.db, peopleFile, undefined, options)).toMatchObject({
      ok: true,
      created: 2,
    });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("creates programmes, sessions (London time) and attendances; a row twice is unchanged", async () => {
    const result = await importAttendances(handle.db, file, undefined, options);
    expect(result).toEqual({
      ok: true,
      created: 4,
      updated: 0,
      unchanged: 1,
      sessionsCreated: 2,
      programmesCreated: 2,
      warnings: [],
    });
    const snap = await snapshot();
    expect(snap.programmes.map((p) => [p.name, p.serviceArea])).toEqual([
      ["Baby Massage", "imported"],
      ["Stay and Play", "imported"],
    ]);
    expect(
      snap.sessions.map((s) => [s.site, s.startsAt.toISOString(), s.endsAt.toISOString()]),
    ).toEqual([
      ["BR01", "2025-06-02T08:30:00.000Z", "2025-06-02T10:30:00.000Z"],
      ["BR02", "2025-12-01T10:00:00.000Z", "2025-12-01T11:30:00.000Z"],
    ]);
    expect(
      snap.attendances.map((a) => [a.personRef, a.method, a.checkedInAt.toISOString()]),
    ).toEqual([
      ["P1", "import", "2025-06-02T08:30:00.000Z"],
      ["P2", "import", "2025-06-02T08:30:00.000Z"],
      ["P1", "import", "2025-12-01T10:00:00.000Z"],
      ["P2", "import", "2025-12-01T10:00:00.000Z"],
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await snapshot();
    const result = await importAttendances(handle.db, file, undefined, options);
    expect(result).toMatchObject({ ok: true, created: 0, unchanged: 5, sessionsCreated: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("finds a session that already exists, and says when its length differs", async () => {
    const programme = await makeProgramme(handle.db, "Rhyme Time");
    const [site] = await handle.db
      .select({ id: sites.id })
      .from(sites)
      .where(eq(sites.code, "BR01"));
    if (!site) throw new Error("no site");
    const session = await makeSession(handle.db, {
      siteId: site.id,
      programmeId: programme.id,
      date: "2025-09-01",
      hour: 10,
    });
    expect(session.startsAt).toEqual(londonTime("2025-09-01", 10));
    const result = await importAttendances(
      handle.db,
      [header, "P1,BR01,2025-09-01,Rhyme Time,10:00,45", "P2,br01,01/09/2025,RHYME TIME,,45"].join(
        "\n",
      ),
      undefined,
      options,
    );
    expect(result).toMatchObject({
      ok: true,
      created: 2,
      sessionsCreated: 0,
      programmesCreated: 0,
      warnings: [
        "1 session of the file already existed with another length, which was kept (e.g. row 2: Rhyme Time at BR01 on 2025-09-01 at 10:00, not 45 minutes).",
      ],
    });
  });

  it("writes nothing from a file with bad rows, and names every one", async () => {
    const before = await snapshot();
    const [{ n: attendancesBefore } = { n: 0 }] = await handle.db
      .select({ n: count() })
      .from(attendances);
    const bad = [
      header,
      "P1,BR01,2025-06-09,New Programme,09:30,60",
      "NOPE,BR01,2025-06-09,Stay and Play,09:30,60",
      "P1,XX01,2025-06-09,Stay and Play,09:30,60",
      "P1,BR01,2025-02-30,Stay and Play,09:30,60",
      "P1,BR01,2099-01-01,Stay and Play,09:30,60",
      "P2,BR01,2023-01-01,Stay and Play,09:30,60",
      "P2,BR01,2025-06-09,Stay and Play,25:00,0",
      "P2,BR01,2025-06-09,New Programme,9:30,90",
    ].join("\n");
    const result = await importAttendances(handle.db, bad, undefined, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "Row 3: person_ref 'NOPE' is not a person in FamilyHub — import the people file first, or correct the reference",
      expect.stringMatching(/^Row 4: site_code 'XX01' is not a site in FamilyHub/),
      "Row 5: session_date '2025-02-30' is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)",
      "Row 6: session_date '2099-01-01' is after today",
      "Row 7: session_date '2023-01-01' is before 'P2' was born (2023-06-01)",
      "Row 8: start_time '25:00' is not a time (use HH:MM, e.g. 09:30)",
      "Row 8: duration_minutes '0' is not a whole number of minutes from 1 to 1440",
      "Row 9: duration_minutes 90 is not the 60 of row 2 for the same session (New Programme at BR01 on 2025-06-09 at 09:30) — a session has one length",
    ]);
    expect(await snapshot()).toEqual(before);
    const [{ n: attendancesAfter } = { n: 0 }] = await handle.db
      .select({ n: count() })
      .from(attendances);
    expect(attendancesAfter).toBe(attendancesBefore);
  });
});
