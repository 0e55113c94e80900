import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { auditEvents, deprivationLookup } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { importDeprivation } from "./deprivation";

const first = [
  "postcode,lsoa_code,imd_decile",
  "FL1 1AA,E01000001,1",
  "fl1 2ab,E01000001,1",
  "FL2 3CD,E01000002,6",
].join("\n");

describe.each(testDatabaseKinds())("importDeprivation on %s", (kind) => {
  let handle: DatabaseHandle;
  const lookup = () =>
    handle.db
      .select({
        postcode: deprivationLookup.postcode,
        lsoaCode: deprivationLookup.lsoaCode,
        imdDecile: deprivationLookup.imdDecile,
      })
      .from(deprivationLookup)
      .orderBy(asc(deprivationLookup.postcode));
  const imports = async () =>
    (
      await handle.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.action, "deprivation.import"))
    ).length;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("fills the lookup, and the same file again changes nothing", async () => {
    expect(await importDeprivation(handle.db, first)).toEqual({
      ok: true,
      postcodes: 3,
      added: 3,
      changed: 0,
      removed: 0,
      unchanged: 0,
      warnings: [],
    });
    expect(await lookup()).toEqual([
      { postcode: "FL1 1AA", lsoaCode: "E01000001", imdDecile: 1 },
      { postcode: "FL1 2AB", lsoaCode: "E01000001", imdDecile: 1 },
      { postcode: "FL2 3CD", lsoaCode: "E01000002", imdDecile: 6 },
    ]);
    expect(await importDeprivation(handle.db, first)).toMatchObject({ ok: true, unchanged: 3 });
    expect(await imports()).toBe(1);
  });

  it("replaces the whole lookup with a new file", async () => {
    const second = [
      "postcode,lsoa_code,imd_decile",
      "FL1 1AA,E01000001,2",
      "FL2 3CD,E01000002,6",
      "FL9 9ZZ,E01000009,9",
    ].join("\n");
    expect(await importDeprivation(handle.db, second)).toMatchObject({
      ok: true,
      postcodes: 3,
      added: 1,
      changed: 1,
      removed: 1,
      unchanged: 1,
    });
    expect((await lookup()).map((r) => `${r.postcode}:${r.imdDecile}`)).toEqual([
      "FL1 1AA:2",
      "FL2 3CD:6",
      "FL9 9ZZ:9",
    ]);
  });

  it("writes nothing from a file with a bad row, or with no rows", async () => {
    const before = await lookup();
    const bad = await importDeprivation(
      handle.db,
      ["postcode,lsoa_code,imd_decile", "FL1 1AA,E01000001,1", "FL3 3CC,E01000003,11"].join("\n"),
    );
    expect(bad).toEqual({
      ok: false,
      errors: ["Row 3: imd_decile '11' is not a whole number from 1 (most deprived) to 10"],
      warnings: [],
    });
    const empty = await importDeprivation(handle.db, "postcode,lsoa_code,imd_decile\n");
    expect(empty.ok).toBe(false);
    const broken = await importDeprivation(
      handle.db,
      'postcode,lsoa_code,imd_decile\n"FL1 1AA,E01000001,1\n',
    );
    expect(broken.ok).toBe(false);
    expect(await lookup()).toEqual(before);
  });
});
