// The attendances import at scale: read from a file as a stream, loaded into a temporary table
// (COPY on PostgreSQL) and checked there, with its problems listed up to a limit, and nothing
// written — and the connection fit for the next import — whenever it stops.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { attendances, auditEvents, people, programmes, sessions } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importAttendances, ROW_ERRORS_LISTED } from "./attendances";
import { type CsvSource, openCsvFile } from "./csv-source";
import { importPeople } from "./people";
import { importSites } from "./sites";

const options = { today: "2026-03-02" };
const header = "person_ref,site_code,session_date,programme_name,start_time";

const sitesFile = [
  "site_code,name,kind,operator,locality,district,postcode",
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB",
  "BR02,Millpond Children's Centre,children_centre,school,Riverside,Millpond,BF2 3CD",
].join("\n");

const peopleFile = [
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on",
  "P1,F1,Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10",
  "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10",
  "P3,F1,Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10",
].join("\n");

/** 300 days × 2 times × 2 sites × 2 people: 2,400 rows, 1,200 sessions, 2 programmes. */
function historyRows(): string[] {
  const rows: string[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let day = 0; day < 300; day += 1) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (const time of ["09:30", "13:00"]) {
      for (const site of ["BR01", "BR02"]) {
        const programme = time === "09:30" ? "Stay and Play" : "Baby Massage";
        rows.push(
          `P1,${site},${date},${programme},${time}`,
          `P2,${site},${date},${programme},${time}`,
        );
      }
    }
  }
  return rows;
}

describe.each(testDatabaseKinds())("importAttendances of a large file on %s", (kind) => {
  let handle: DatabaseHandle;
  let dir: string;

  const written = async () => ({
    programmes: (await handle.db.select({ n: count() }).from(programmes))[0]?.n,
    sessions: (await handle.db.select({ n: count() }).from(sessions))[0]?.n,
    attendances: (await handle.db.select({ n: count() }).from(attendances))[0]?.n,
    audit: (await handle.db.select({ n: count() }).from(auditEvents))[0]?.n,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "familyhub-attendances-"));
    handle = await createTestDatabase(kind);
    expect(await importSites(handle.db, sitesFile)).toMatchObject({ ok: true });
    expect(await importPeople(handle.db, peopleFile, undefined, options)).toMatchObject({
      ok: true,
      created: 3,
    });
    const [p1] = await handle.db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.personRef, "P1"));
    await handle.db.update(people).set({ mergedIntoId: p1?.id }).where(eq(people.personRef, "P3"));
  });
  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("imports a file read from disk in pieces, saying what it is doing, and again changes nothing", async () => {
    const file = join(dir, "history.csv");
    // A byte order mark, CRLF line endings, and every row twice.
    const rows = historyRows();
    await writeFile(file, `\uFEFF${[header, ...rows, ...rows].join("\r\n")}\r\n`);
    const opened = await openCsvFile(file);
    if (!opened.ok) throw new Error(opened.errors.join("\n"));
    const steps: string[] = [];
    const result = await importAttendances(handle.db, opened.source, undefined, {
      ...options,
      onProgress: (step) => steps.push(step),
    });
    expect(result).toEqual({
      ok: true,
      created: 2_400,
      updated: 0,
      unchanged: 2_400,
      sessionsCreated: 1_200,
      programmesCreated: 2,
      warnings: [],
    });
    expect(steps).toEqual([
      "4,800 rows read; checking them against FamilyHub",
      "Writing programmes and sessions",
      "Writing 4,800 attendances",
    ]);
    const after = await written();
    expect(after).toMatchObject({ programmes: 2, sessions: 1_200, attendances: 2_400 });

    const again = await importAttendances(handle.db, opened.source, undefined, options);
    expect(again).toMatchObject({ ok: true, created: 0, unchanged: 4_800, sessionsCreated: 0 });
    // Nothing written, not even an audit event.
    expect(await written()).toEqual(after);
  });

  it("lists the first problems by line, counts the rest, and writes nothing", async () => {
    const before = await written();
    // Alternately a row that cannot be read and one whose person is not in FamilyHub (checked
    // in the database), 6,000 of each; and a merged person's row at the very start.
    const rows = ["P3,BR01,2025-06-02,Rhyme Time,09:30"];
    for (let i = 0; i < 6_000; i += 1) {
      rows.push(`P1,BR01,2025-06-02,,09:30`, `NOPE${i},BR01,2025-06-02,Rhyme Time,09:30`);
    }
    const result = await importAttendances(handle.db, [header, ...rows].join("\n"), undefined, {
      ...options,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(ROW_ERRORS_LISTED + 1);
    expect(result.errors.slice(0, 3)).toEqual([
      "Row 2: person_ref 'P3' is a duplicate that was merged into another person — use that person's reference",
      "Row 3: programme_name is empty — every row needs one",
      "Row 4: person_ref 'NOPE0' is not a person in FamilyHub — import the people file first, or correct the reference",
    ]);
    expect(result.errors[ROW_ERRORS_LISTED - 1]).toBe(
      "Row 10001: programme_name is empty — every row needs one",
    );
    expect(result.errors[ROW_ERRORS_LISTED]).toBe(
      "…and 2,001 more problems in later rows (12,001 in all), not listed here: fix the rows above and import the whole file again to see the rest.",
    );
    expect(await written()).toEqual(before);
  });

  it("writes nothing when the file cannot be read to its end, and the next import works", async () => {
    const before = await written();
    const rows = historyRows().map((row) => row.replace("2024-", "2023-"));
    // The file ends inside a quoted value: csv-parse notices only at the end.
    const unclosed = [header, ...rows, 'P1,BR01,2025-06-02,"Stay and Play,09:30'].join("\n");
    const refused = await importAttendances(handle.db, unclosed, undefined, options);
    expect(refused).toEqual({
      ok: false,
      errors: [
        `Row ${rows.length + 2}: a quoted value is not closed — every " that opens a value needs one that closes it (the rest of the file was read as part of this row)`,
      ],
      warnings: [],
    });
    expect(await written()).toEqual(before);

    // A file that stops being readable half way (a network drive gone), after more rows than
    // the first piece of a COPY: the error is thrown.
    const broken: CsvSource = {
      async *chunks() {
        yield `${header}\n${rows.join("\n")}\n`;
        // Time for the rows to be read and sent before the drive goes.
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error("the drive went away");
      },
    };
    await expect(importAttendances(handle.db, broken, undefined, options)).rejects.toThrow(
      "the drive went away",
    );
    expect(await written()).toEqual(before);

    const good = await importAttendances(
      handle.db,
      [header, "P1,BR01,2025-06-02,Rhyme Time,09:30"].join("\n"),
      undefined,
      options,
    );
    expect(good).toMatchObject({ ok: true, created: 1, sessionsCreated: 1, programmesCreated: 1 });
  });
});
