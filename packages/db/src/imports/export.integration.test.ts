import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { families, people } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importAttendances } from "./attendances";
import { exportAttendances, exportPeople } from "./export";
import { importPeople } from "./people";
import { importSites } from "./sites";

const options = { today: "2026-03-02" };

describe.each(testDatabaseKinds())("exportPeople and exportAttendances on %s", (kind) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    await importSites(
      handle.db,
      [
        "site_code,name,kind,operator,locality,district,postcode",
        "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB",
      ].join("\n"),
    );
    const imported = await importPeople(
      handle.db,
      [
        "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,sex,ethnicity",
        'P1,F1,"Jo ""JJ"", Jr",O\'Neil,1990-01-01,BF1 4XY,adult,BR01,2020-01-01,f,WIRI',
        "P2,F1,Sean,O'Neil,2019-05-05,BF1 4XY,child,BR01,2020-01-01,,",
      ].join("\n"),
      undefined,
      options,
    );
    expect(imported).toMatchObject({ ok: true, created: 2 });
    await importAttendances(
      handle.db,
      [
        "person_ref,site_code,session_date,programme_name,start_time,duration_minutes",
        'P2,BR01,2025-03-30,"Stay, Play and Learn",09:30,75',
      ].join("\n"),
      undefined,
      options,
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("writes the formats with a BOM, CRLF and quotes where a value needs them", async () => {
    const exported = await exportPeople(handle.db);
    expect(exported.rows).toBe(2);
    expect(exported.csv.split("\r\n")).toEqual([
      "\uFEFFperson_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,sex,ethnicity,social_care_id",
      'P1,F1,"Jo ""JJ"", Jr",O\'Neil,1990-01-01,BF1 4XY,adult,BR01,2020-01-01,female,WIRI,',
      "P2,F1,Sean,O'Neil,2019-05-05,BF1 4XY,child,BR01,2020-01-01,,,",
      "",
    ]);
    // 09:30 on the day the clocks go forward is 08:30 UTC, and reads 09:30 again.
    expect((await exportAttendances(handle.db)).csv.split("\r\n")).toEqual([
      "\uFEFFperson_ref,site_code,session_date,programme_name,start_time,duration_minutes",
      'P2,BR01,2025-03-30,"Stay, Play and Learn",09:30,75',
      "",
    ]);
    expect(await importPeople(handle.db, exported.csv, undefined, options)).toMatchObject({
      ok: true,
      unchanged: 2,
    });
  });

  it("leaves out a child not yet born, with a warning", async () => {
    const [family] = await handle.db
      .select({ id: families.id })
      .from(families)
      .where(eq(families.familyRef, "F1"));
    if (!family) throw new Error("no family");
    await handle.db.insert(people).values({
      familyId: family.id,
      firstName: "Baby",
      lastName: "O'Neil",
      role: "child",
      expectedDueDate: "2026-05-01",
    });
    const exported = await exportPeople(handle.db);
    expect(exported.rows).toBe(2);
    expect(exported.warnings).toEqual([
      "1 child not yet born was left out: the people format has a date of birth, not a due date.",
    ]);
  });
});
