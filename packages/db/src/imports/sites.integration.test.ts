import { asc, count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { auditEvents, localities, sites } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importSites } from "./sites";

const file = [
  "site_code,name,kind,operator,locality,district,postcode,lead",
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB,yes",
  "BR02,Millpond Children's Centre,children_centre,school,Riverside,Millpond,bf23cd,no",
  "BR03,St Hilda's Wellbeing Centre,wellbeing_centre,school,Hillside,Upper Brack,BF4 5EF,yes",
  "BR04,Brackenford Youth Hub,youth_hub,local_authority,Hillside,Old Town,BF1 9ZZ,",
].join("\n");

describe.each(testDatabaseKinds())("importSites on %s", (kind) => {
  let handle: DatabaseHandle;

  const snapshot = async () => ({
    sites: await handle.db
      .select({
        id: sites.id,
        code: sites.code,
        name: sites.name,
        kind: sites.kind,
        operator: sites.operator,
        localityId: sites.localityId,
        district: sites.district,
        postcode: sites.postcode,
        isLead: sites.isLead,
      })
      .from(sites)
      .orderBy(asc(sites.code)),
    localities: await handle.db
      .select({ id: localities.id, name: localities.name })
      .from(localities)
      .orderBy(asc(localities.name)),
    audit: (await handle.db.select({ n: count() }).from(auditEvents))[0]?.n,
  });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("creates the sites and their localities", async () => {
    const result = await importSites(handle.db, file);
    expect(result).toEqual({
      ok: true,
      created: 4,
      updated: 0,
      unchanged: 0,
      localitiesCreated: 2,
      warnings: [],
    });
    const { sites: rows, localities: names } = await snapshot();
    expect(names.map((l) => l.name)).toEqual(["Hillside", "Riverside"]);
    expect(rows.map((s) => [s.code, s.postcode, s.isLead])).toEqual([
      ["BR01", "BF1 2AB", true],
      ["BR02", "BF2 3CD", false],
      ["BR03", "BF4 5EF", true],
      ["BR04", "BF1 9ZZ", false],
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await snapshot();
    const result = await importSites(handle.db, file);
    expect(result).toEqual({
      ok: true,
      created: 0,
      updated: 0,
      unchanged: 4,
      localitiesCreated: 0,
      warnings: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates a changed site by its code", async () => {
    const changed = file.replace("Millpond Children's Centre", "Millpond Family Centre");
    const result = await importSites(handle.db, changed);
    expect(result).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 3 });
    const { sites: rows } = await snapshot();
    expect(rows.find((s) => s.code === "BR02")?.name).toBe("Millpond Family Centre");
    await importSites(handle.db, file);
  });

  it("writes nothing from a file with one bad row", async () => {
    const before = await snapshot();
    const bad = [
      file,
      "BR05,New Centre,children_centre,school,Lakeside,Lakeside,BF6 7GH,yes",
      "BR06,Another Centre,childrens_centre,school,Lakeside,Lakeside,BF6 7GJ,no",
    ].join("\n");
    const result = await importSites(handle.db, bad);
    expect(result).toEqual({
      ok: false,
      errors: [
        "Row 7: kind 'childrens_centre' is not one of children_centre, family_hub, youth_hub, wellbeing_centre, outreach_venue",
      ],
      warnings: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a second lead for a locality whose lead is not in the file", async () => {
    const before = await snapshot();
    const result = await importSites(
      handle.db,
      [
        "site_code,name,kind,operator,locality,district,postcode,lead",
        "BR05,Lakeside Centre,children_centre,charity,Riverside,Lakeside,BF6 7GH,yes",
      ].join("\n"),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        "Row 2: lead 'yes' is not possible: Brackenford Family Hub (BR01) is already the lead centre of locality 'Riverside' — to move the lead, add BR01 to the file with lead 'no'",
      ],
      warnings: [],
    });
    expect(await snapshot()).toEqual(before);

    const moved = await importSites(
      handle.db,
      [
        "site_code,name,kind,operator,locality,district,postcode,lead",
        "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB,no",
        "BR05,Lakeside Centre,children_centre,charity,riverside,Lakeside,BF6 7GH,yes",
      ].join("\n"),
    );
    expect(moved).toMatchObject({ ok: true, created: 1, updated: 1, localitiesCreated: 0 });
  });
});
