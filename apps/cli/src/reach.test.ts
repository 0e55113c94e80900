import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  expectedAllServices,
  expectedAllServicesSuppressed,
  expectedByDistrict,
  expectedChildrenCentres,
  fixtureAttendances,
  fixtureBaseline,
  fixturePeople,
  fixtureSites,
} from "@familyhub/reach/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.run(args);
const june = ["--from", "2026-06-01", "--to", "2026-06-30"];

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-reach-");
  const files = {
    "sites.csv": fixtureSites,
    "people.csv": fixturePeople,
    "attendances.csv": fixtureAttendances,
    "baseline.csv": fixtureBaseline,
  };
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(sandbox.workDir, name), text);
  }
  for (const kind of ["sites", "people", "attendances"]) {
    const run = await cli("import", kind, `${kind}.csv`);
    expect(run.code, run.stderr).toBe(0);
  }
});

afterAll(async () => {
  await sandbox.cleanUp();
});

describe("pnpm cli import baseline and report reach", () => {
  it("says so when there is no snapshot for the period", async () => {
    const run = await cli("report", "reach", ...june);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("There is no baseline snapshot for the period to 2026-06-30");
    expect(run.stderr).toContain("pnpm cli import baseline");
    expect(run.stdout).toBe("");
  });

  it("imports the baseline and matches it", async () => {
    const run = await cli("import", "baseline", "baseline.csv", "--snapshot-date", "2026-06-30");
    expect(run.stderr).not.toContain("Warning");
    expect(run.stdout).toBe(
      "Imported baseline.csv as the snapshot of 2026-06-30: 15 children in 17 rows. 1 matched by social care id, " +
        "9 matched by name, date of birth and postcode, 2 children wait in the review queue, 3 not found.\n",
    );
    expect(run.code).toBe(0);
  });

  it("reports the figures worked out by hand", async () => {
    const all = await cli("report", "reach", ...june, "--service", "all", "--format", "csv");
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe(expectedAllServices);
    expect(all.stderr).toContain("Small numbers are shown");

    const suppressed = await cli("report", "reach", ...june, "--suppress", "--format", "csv");
    expect(suppressed.stdout).toBe(expectedAllServicesSuppressed);

    const byDistrict = await cli("report", "reach", ...june, "--by", "district", "--format", "csv");
    expect(byDistrict.stdout).toBe(expectedByDistrict);

    const centres = await cli("report", "reach", ...june, "--service", "children_centre");
    expect(centres.stdout).toBe(expectedChildrenCentres);

    // The same figures written out literally, so the fixture module cannot drift from this test.
    expect(all.stdout).toBe(
      [
        "cohort,district,age_band,baseline,registered,registered_pct,engaged,engaged_pct,sustained,sustained_pct",
        "SCS,All,All,13,8,61.5,6,46.2,4,30.8",
        "LAC,All,All,3,2,66.7,1,33.3,1,33.3",
        "CP,All,All,5,3,60.0,3,60.0,3,60.0",
        "CIN,All,All,7,5,71.4,4,57.1,2,28.6",
        "EHN,All,All,2,1,50.0,1,50.0,0,0.0",
        "",
      ].join("\n"),
    );

    const json = await cli("report", "reach", ...june, "--format", "json");
    const report = JSON.parse(json.stdout) as { rows: { cohort: string; registeredPct: number }[] };
    expect(report.rows[0]).toMatchObject({ cohort: "SCS", baseline: 13, registeredPct: 61.5 });
  });

  it("refuses a bad command line with exit code 2", async () => {
    const run = await cli("report", "reach", ...june, "--by", "locality");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--by 'locality' is not one of cohort, district, age_band, site");
  });

  it("rejects a bad baseline file whole, listing every bad row", async () => {
    await writeFile(
      join(sandbox.workDir, "bad.csv"),
      "social_care_id,first_name,last_name,date_of_birth,postcode,cohort,district\n" +
        "X1,Ann,Lee,,FL1 1AA,CP,North\nX2,Bo,Lee,2020-01-01,FL1 1AA,ABC,North\n",
    );
    const run = await cli("import", "baseline", "bad.csv", "--snapshot-date", "2026-07-31");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad.csv was not imported and nothing was written");
    expect(run.stderr).toContain("Row 2: date_of_birth is empty");
    expect(run.stderr).toContain("Row 3: cohort 'ABC' is not one of LAC, CP, CIN, EHN");
    const after = await cli("report", "reach", "--from", "2026-07-01", "--to", "2026-07-31");
    // Still the June snapshot: the rejected July file wrote nothing.
    expect(after.stderr).toContain("Reach of the snapshot of 2026-06-30");
  });

  it("prints the monthly scorecard and purges old snapshots, keeping their figures", async () => {
    const card = await cli("report", "scorecard", "--month", "2026-06", "--format", "csv");
    expect(card.code, card.stderr).toBe(0);
    const lines = card.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "district,age_band,scs_baseline,scs_registered,scs_registered_pct,scs_engaged,scs_engaged_pct,registrations,attendances,attendees,contact_hours",
    );
    // 20 June attendances of 10 people, 90 minutes each; Noah registered in June.
    expect(lines.at(-1)).toBe("All,All,13,8,61.5,6,46.2,1,20,10,30.0");

    const purge = await cli("purge", "baseline", "--retention-months", "1");
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toContain("Purged the children of 1 snapshot older than");
    const after = await cli("report", "reach", ...june);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("was purged after its retention period");
  });
});
