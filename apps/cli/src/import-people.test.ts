import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliDir, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.run(args);

const peopleHeader =
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,ethnicity";
const people = [
  `\uFEFF${peopleHeader},legacy_id`,
  "P1,F1,Amara,Okafor,14/03/1991,bf1 4xy,adult,BR01,2024-01-10,BAFR,901",
  "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10,,902",
  "P3,F2,Zoë,Reed,1988-02-29,BF2 9QQ,adult,BR02,2025-05-01,WBRI,903",
].join("\r\n");

const attendances = [
  "person_ref,site_code,session_date,programme_name,start_time",
  "P1,BR01,2025-06-02,Stay and Play,09:30",
  "P2,BR01,02/06/2025,Stay and Play,09:30",
].join("\n");

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-people-");
  await writeFile(join(sandbox.workDir, "people.csv"), people);
  await writeFile(join(sandbox.workDir, "attendances.csv"), attendances);
  const sites = await cli("import", "sites", join(cliDir, "examples", "sites.csv"));
  expect(sites.code).toBe(0);
});

afterAll(async () => {
  await sandbox.cleanUp();
});

describe("pnpm cli import people, import attendances and export", () => {
  it("lists the commands with --help", async () => {
    const run = await cli("--help");
    expect(run.stdout).toContain("import people <file>");
    expect(run.stdout).toContain("import attendances <file>");
    expect(run.stdout).toContain("export people");
    expect(run.stdout).toContain("export attendances");
    const help = await cli("import", "attendances", "--help");
    expect(help.stdout).toContain("default 10:00");
  });

  it("imports people, warns about an unknown column, and a second import changes nothing", async () => {
    const first = await cli("import", "people", "people.csv");
    expect(first.stderr).toContain("Warning: Column 'legacy_id' is not one of");
    expect(first.stdout).toMatch(
      /^Imported people\.csv: 3 people created, 0 updated, 0 unchanged; 2 families created, 0 updated \(\d+\.\d s\)\.\n$/,
    );
    expect(first.code).toBe(0);
    const again = await cli("import", "people", "people.csv");
    expect(again.stdout).toContain("0 people created, 0 updated, 3 unchanged; 0 families created");
    expect(again.code).toBe(0);
  });

  it("rejects a bad file with exit code 1, naming every bad row, and writes nothing", async () => {
    await writeFile(
      join(sandbox.workDir, "bad-people.csv"),
      [
        peopleHeader,
        "P4,F3,Ann,Lee,31/02/2019,BF1 1AA,child,BR01,2020-01-01,",
        "P5,F3,Bob,Lee,2015-01-01,BF1 1AA,adult,BR01,2020-01-01,",
        "P6,F4,Cy,Ray,2010-01-01,BF1 1AA,child,XX99,2020-01-01,",
        'P7,F4,"Di,Ray,2010-01-01,BF1 1AA,child,BR01,2020-01-01,',
      ].join("\n"),
    );
    const broken = await cli("import", "people", "bad-people.csv");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("bad-people.csv was not imported and nothing was written");
    expect(broken.stderr).toContain("Row 5: a quoted value is not closed");

    await writeFile(
      join(sandbox.workDir, "bad-people.csv"),
      [
        peopleHeader,
        "P4,F3,Ann,Lee,31/02/2019,BF1 1AA,child,BR01,2020-01-01,",
        "P5,F3,Bob,Lee,2015-01-01,BF1 1AA,adult,BR01,2020-01-01,",
        "P8,F3,Eve,Lee,2012-01-01,BF1 1AA,child,BR01,2020-01-01,",
        "P6,F4,Cy,Ray,2010-01-01,BF1 1AA,child,XX99,2020-01-01,",
        "P7,F4,Di,Ray,2010-01-01,BF2 1AA,child,BR01,2020-01-01,",
      ].join("\n"),
    );
    const run = await cli("import", "people", "bad-people.csv");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Fix the 4 problems below");
    expect(run.stderr).toContain("Row 2: date_of_birth '31/02/2019' is not a date");
    expect(run.stderr).toContain("Row 3: adult 'P5', born 2015-01-01, is younger than child 'P8'");
    expect(run.stderr).toContain("Row 5: site_code 'XX99' is not a site in FamilyHub");
    expect(run.stderr).toContain("Row 6: postcode 'BF2 1AA' is not the postcode of family 'F4'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const after = await cli("import", "people", "people.csv");
    expect(after.stdout).toContain("0 people created, 0 updated, 3 unchanged");
  });

  it("refuses a Windows-1252 file, showing the rows that are not UTF-8", async () => {
    const text = people.replace("\uFEFF", "");
    const at = Buffer.from(text.slice(0, text.indexOf("ë")), "utf8");
    const rest = Buffer.from(text.slice(text.indexOf("ë") + 1), "utf8");
    await writeFile(
      join(sandbox.workDir, "excel.csv"),
      Buffer.concat([at, Buffer.from([0xeb]), rest]),
    );
    const run = await cli("import", "people", "excel.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("excel.csv was not imported and nothing was written");
    expect(run.stderr).toContain('"CSV UTF-8 (Comma delimited) (*.csv)"');
    expect(run.stderr).toContain("Row 4: P3,F2,Zoë,Reed,");
  });

  it("imports attendances, refuses unknown people, and exports both formats", async () => {
    const run = await cli("import", "attendances", "attendances.csv");
    expect(run.stdout).toContain(
      "2 attendances created, 0 unchanged; 1 session and 1 programme created",
    );
    expect(run.code).toBe(0);

    await writeFile(
      join(sandbox.workDir, "unknown.csv"),
      "person_ref,site_code,session_date,programme_name\nP99,BR01,2025-06-02,Stay and Play\n",
    );
    const unknown = await cli("import", "attendances", "unknown.csv");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Row 2: person_ref 'P99' is not a person in FamilyHub");

    const exported = await cli("export", "people");
    expect(exported.code).toBe(0);
    expect(exported.stdout.split("\r\n")).toEqual([
      `\uFEFF${peopleHeader.replace(",ethnicity", ",sex,ethnicity,social_care_id")}`,
      "P1,F1,Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10,,BAFR,",
      "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10,,,",
      "P3,F2,Zoë,Reed,1988-02-29,BF2 9QQ,adult,BR02,2025-05-01,,WBRI,",
      "",
    ]);
    expect(exported.stderr).toContain("Exported 3 people.");
    const history = await cli("export", "attendances");
    expect(history.stdout).toContain("P1,BR01,2025-06-02,Stay and Play,09:30,90\r\n");
    expect(history.stderr).toContain("Exported 2 attendances.");
  });
});
