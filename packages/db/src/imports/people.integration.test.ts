import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { auditEvents, families, people, sites } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importPeople } from "./people";
import { importSites } from "./sites";

const TODAY = "2026-03-02";
const options = { today: TODAY };

const sitesFile = [
  "site_code,name,kind,operator,locality,district,postcode",
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB",
  "BR02,Millpond Children's Centre,children_centre,school,Riverside,Millpond,BF2 3CD",
].join("\n");

const header =
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,sex,ethnicity,social_care_id";
const file = [
  header,
  "P1,F1,Amara,Okafor,14/03/1991,bf1 4xy,adult,BR01,2024-01-10,f,BAFR,",
  "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10,m,,SC100",
  "P3,F1,Ife,Okafor-Bell,2024-11-30,BF14XY,child,br02,2025-01-05,,,",
  "P4,F2,Sam,Reed,1988-02-29,BF2 9QQ,adult,BR02,2025-05-01,male,WBRI,",
  "P5,F2,Jo,Reed,2021-07-07,BF2 9QQ,child,BR02,2025-05-01,F,WBRI,",
].join("\n");

describe.each(testDatabaseKinds())("importPeople on %s", (kind) => {
  let handle: DatabaseHandle;

  const snapshot = async () => ({
    families: await handle.db
      .select({
        id: families.id,
        familyRef: families.familyRef,
        surname: families.surname,
        postcode: families.postcode,
        registeredOn: families.registeredOn,
        siteCode: sites.code,
        status: families.status,
      })
      .from(families)
      .innerJoin(sites, eq(sites.id, families.registeredSiteId))
      .orderBy(asc(families.familyRef)),
    people: await handle.db
      .select({
        id: people.id,
        personRef: people.personRef,
        familyId: people.familyId,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        role: people.role,
        sex: people.sex,
        ethnicity: people.ethnicity,
        socialCareId: people.socialCareId,
      })
      .from(people)
      .orderBy(asc(people.personRef)),
    audit: (await handle.db.select({ n: count() }).from(auditEvents))[0]?.n,
  });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    expect(await importSites(handle.db, sitesFile)).toMatchObject({ ok: true, created: 2 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("creates families and people, normalising dates, postcodes and words", async () => {
    const result = await importPeople(handle.db, file, { type: "cli", id: "tester" }, options);
    expect(result).toEqual({
      ok: true,
      created: 5,
      updated: 0,
      unchanged: 0,
      familiesCreated: 2,
      familiesUpdated: 0,
      warnings: [],
    });
    const { families: rows, people: members } = await snapshot();
    expect(
      rows.map((f) => [f.familyRef, f.surname, f.postcode, f.registeredOn, f.siteCode]),
    ).toEqual([
      ["F1", "Okafor", "BF1 4XY", "2024-01-10", "BR01"],
      ["F2", "Reed", "BF2 9QQ", "2025-05-01", "BR02"],
    ]);
    expect(rows.every((f) => f.status === "active")).toBe(true);
    expect(
      members.map((p) => [p.personRef, p.dateOfBirth, p.role, p.sex, p.ethnicity, p.socialCareId]),
    ).toEqual([
      ["P1", "1991-03-14", "adult", "female", "BAFR", null],
      ["P2", "2023-06-01", "child", "male", null, "SC100"],
      ["P3", "2024-11-30", "child", null, null, null],
      ["P4", "1988-02-29", "adult", "male", "WBRI", null],
      ["P5", "2021-07-07", "child", "female", "WBRI", null],
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await snapshot();
    const result = await importPeople(handle.db, file, undefined, options);
    expect(result).toEqual({
      ok: true,
      created: 0,
      updated: 0,
      unchanged: 5,
      familiesCreated: 0,
      familiesUpdated: 0,
      warnings: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates people and families by reference, and a blank optional cell keeps the value", async () => {
    const changed = file
      .replace(
        "P1,F1,Amara,Okafor,14/03/1991,bf1 4xy,adult,BR01,2024-01-10,f,BAFR,",
        "P1,F1,Amara,Okafor,14/03/1991,BF3 1AA,adult,BR01,2024-01-10,,,",
      )
      .replaceAll("BF1 4XY", "BF3 1AA")
      .replace("BF14XY", "BF3 1AA")
      .replace("Jo,Reed", "Joanne,Reed");
    const result = await importPeople(handle.db, changed, undefined, options);
    expect(result).toMatchObject({
      ok: true,
      created: 0,
      updated: 1,
      unchanged: 4,
      familiesUpdated: 1,
    });
    const { families: rows, people: members } = await snapshot();
    expect(rows.find((f) => f.familyRef === "F1")?.postcode).toBe("BF3 1AA");
    expect(members.find((p) => p.personRef === "P1")).toMatchObject({
      sex: "female",
      ethnicity: "BAFR",
    });
    expect(members.find((p) => p.personRef === "P5")?.firstName).toBe("Joanne");
  });

  it("keeps an earlier registration when a later file adds a member", async () => {
    const added = [header, "P6,F1,Nia,Okafor,2025-12-01,BF3 1AA,child,BR02,2026-01-04,,,"].join(
      "\n",
    );
    const result = await importPeople(handle.db, added, undefined, options);
    expect(result).toMatchObject({ ok: true, created: 1, familiesCreated: 0, familiesUpdated: 0 });
    const { families: rows } = await snapshot();
    expect(rows.find((f) => f.familyRef === "F1")).toMatchObject({
      registeredOn: "2024-01-10",
      siteCode: "BR01",
      surname: "Okafor",
    });
  });

  it("writes nothing from a file with bad rows, and names every one", async () => {
    const before = await snapshot();
    const bad = [
      header,
      "P10,F10,Ann,Lee,31/02/2019,BF1 1AA,child,BR01,2020-01-01,,,",
      "P11,F10,Bob,Lee,2099-01-01,BF1 1AA,adult,BR01,2020-01-01,,,",
      "P12,F11,Cy,Ray,2010-01-01,BF1 1AA,adult,BR01,2020-01-01,,,",
      "P13,F11,Di,Ray,2005-01-01,BF1 1AA,child,BR01,2020-01-01,,,",
      "P14,F12,Ed,Fox,2015-01-01,BF1 1AA,child,XX99,2020-01-01,,,",
      "P15,F12,Fi,Fox,2016-01-01,BF9 9ZZ,child,BR01,2020-01-01,,,",
      "P16,F13,Gus,Hay,2020-05-01,BF1 1AA,child,BR01,2020-06-01,x,ZZZZ,",
      "P17,F1,Hal,Okafor,2000-01-01,BF3 1AA,adult,BR01,2024-01-10,,,SC100",
      "P18,F1,Io,Okafor,2027-01-01,BF3 1AA,adult,BR01,2024-01-10,,,",
      "P19,F1,Jay,Okafor,2024-01-01,BF3 1AA,adult,BR01,2024-01-10,,,",
      "P21,F14,Lu,May,2020-05-01,BF1 1AA,child,BR01,01/04/2020,,,",
    ].join("\n");
    const result = await importPeople(handle.db, bad, undefined, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "Row 2: date_of_birth '31/02/2019' is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)",
      "Row 3: date_of_birth '2099-01-01' is after today",
      "Row 4: adult 'P12', born 2010-01-01, is younger than child 'P13' (row 5), born 2005-01-01, in family 'F11' — check the dates of birth and the roles",
      expect.stringMatching(/^Row 6: site_code 'XX99' is not a site in FamilyHub \(BR01, BR02\)/),
      "Row 7: postcode 'BF9 9ZZ' is not the postcode of family 'F12' on row 6 ('BF1 1AA') — a family lives at one postcode: correct one of them, or give the person another family_ref",
      "Row 8: sex 'x' is not one of female, male, unknown (or f, m, u)",
      expect.stringMatching(/^Row 8: ethnicity 'ZZZZ' is not a CIN census code \(WBRI, /),
      "Row 9: social_care_id 'SC100' already belongs to another person in FamilyHub ('P2') — a social care id belongs to one person",
      "Row 10: date_of_birth '2027-01-01' is after today",
      "Row 11: adult 'P19', born 2024-01-01, is younger than child 'P2' (already in FamilyHub), born 2023-06-01, in family 'F1' — check the dates of birth and the roles",
      "Row 12: date_of_birth '2020-05-01' is after registered_on '2020-04-01' — a person cannot register before they are born",
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a child older than an adult already in FamilyHub", async () => {
    const result = await importPeople(
      handle.db,
      [header, "P20,F2,Kit,Reed,1980-01-01,BF2 9QQ,child,BR02,2025-05-01,,,"].join("\n"),
      undefined,
      options,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [
        "Row 2: child 'P20', born 1980-01-01, is older than adult 'P4' (already in FamilyHub), born 1988-02-29, in family 'F2' — check the dates of birth and the roles",
      ],
    });
  });

  it("explains broken quoting and a missing column, and warns about unknown columns", async () => {
    const broken = await importPeople(
      handle.db,
      [
        header,
        'P30,F30,"Ann,Lee,2019-01-01,BF1 1AA,child,BR01,2020-01-01,,,',
        "P31,F30,Bo,Lee,2019-01-01,BF1 1AA,child,BR01,2020-01-01,,,",
      ].join("\n"),
      undefined,
      options,
    );
    expect(broken).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^Row 2: a quoted value is not closed/)],
    });
    const missing = await importPeople(
      handle.db,
      "person_ref,first_name\nP1,Amara",
      undefined,
      options,
    );
    expect(missing).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/missing the columns family_ref, last_name, date_of_birth/)],
    });
    const extra = await importPeople(
      handle.db,
      `\uFEFF${file
        .split("\n")
        .map((line, i) => `${line},${i === 0 ? "notes" : "x"}`)
        .join("\r\n")}`,
      undefined,
      options,
    );
    expect(extra).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/^Column 'notes' is not one of person_ref/)],
    });
  });
});
