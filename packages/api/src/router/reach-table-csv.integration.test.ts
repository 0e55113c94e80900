// The dashboard's table export (reach.tableCsv): the CLI's columns, a row per cohort, district
// and age band, and suppression forced on for a role that may see only aggregates.
import type { DatabaseHandle } from "@familyhub/db";
import { makeStaff } from "@familyhub/db/factories";
import { importAttendances, importPeople, importSites } from "@familyhub/db/imports";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { importBaseline } from "@familyhub/reach";
import {
  fixtureAttendances,
  fixtureBaseline,
  fixturePeople,
  fixturePeriod,
  fixtureSites,
} from "@familyhub/reach/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

const TODAY = "2026-11-20";
const june = { ...fixturePeriod, service: "all" as const };
const header =
  "cohort,district,age_band,baseline,registered,registered_pct,engaged,engaged_pct,sustained,sustained_pct";

describe.each(testDatabaseKinds())("reach.tableCsv on %s", (kind) => {
  let handle: DatabaseHandle;
  let staff: Record<"dataOfficer" | "manager" | "viewer", StaffUser>;
  const as = (who: keyof typeof staff) => callerAs(handle.db, { staff: staff[who] });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    expect(await importSites(db, fixtureSites)).toMatchObject({ ok: true });
    expect(await importPeople(db, fixturePeople, undefined, { today: TODAY })).toMatchObject({
      ok: true,
    });
    expect(
      await importAttendances(db, fixtureAttendances, undefined, { today: TODAY }),
    ).toMatchObject({ ok: true });
    expect(await importBaseline(db, fixtureBaseline, "2026-06-30", undefined, TODAY)).toMatchObject(
      { ok: true },
    );
    staff = {
      dataOfficer: await makeStaff(db, { role: "data_officer" }),
      manager: await makeStaff(db, { role: "manager" }),
      viewer: await makeStaff(db, { role: "viewer" }),
    };
  });

  afterAll(async () => {
    await handle.close();
  });

  it("writes the table the dashboard shows, in the CLI's columns", async () => {
    const table = await as("dataOfficer").reach.table({ ...june, suppress: false });
    const file = await as("dataOfficer").reach.tableCsv({ ...june, suppress: false });
    expect(file.suppressed).toBe(false);
    expect(file.filename).toBe("reach-2026-06-30-2026-06-01-2026-06-30-district-age-band.csv");
    const [first, ...lines] = file.csv.trimEnd().split("\n");
    expect(first).toBe(header);
    expect(lines).toHaveLength(table.rows.length);
    // Worked out by hand from the fixture: the LAC children of South aged 0–4 are Lily
    // (registered, attended only in May) and Ruby (unknown).
    expect(lines).toContain("LAC,South,0-4,2,1,50.0,0,0.0,0,0.0");
    // A cohort's rows add up to its total in the CLI's report.
    const scs = lines.filter((l) => l.startsWith("SCS,"));
    const baseline = scs.reduce((sum, l) => sum + Number(l.split(",")[3]), 0);
    expect(baseline).toBe(13);
  });

  it("forces suppression on for a manager, whatever is asked", async () => {
    const file = await as("manager").reach.tableCsv({ ...june, suppress: false });
    expect(file.suppressed).toBe(true);
    // Zero identifies no one, so it stays; everything else in this small fixture is hidden.
    expect(file.csv).toContain("LAC,South,0-4,c,c,c,0,c,0,c");
    expect(file.csv).not.toMatch(/,[1-5],/);
  });

  it("is refused to a role without report:read", async () => {
    const { code } = await failure(as("viewer").reach.tableCsv(june));
    expect(code).toBe("FORBIDDEN");
  });
});
