import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliDir, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.run(args);

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-oruk-");
  await writeFile(
    join(sandbox.workDir, "people.csv"),
    [
      "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on",
      "P1,F1,Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10",
    ].join("\n"),
  );
  // Two Mondays of Stay and Play at 09:30, a week apart: a weekly schedule.
  await writeFile(
    join(sandbox.workDir, "attendances.csv"),
    [
      "person_ref,site_code,session_date,programme_name,start_time,duration_minutes",
      "P1,BR01,2025-06-02,Stay and Play,09:30,90",
      "P1,BR01,2025-06-09,Stay and Play,09:30,90",
    ].join("\n"),
  );
  for (const args of [
    ["import", "sites", join(cliDir, "examples", "sites.csv")],
    ["import", "people", "people.csv"],
    ["import", "attendances", "attendances.csv"],
  ]) {
    expect((await cli(...args)).code).toBe(0);
  }
});

afterAll(async () => {
  await sandbox.cleanUp();
});

describe("pnpm cli export oruk", () => {
  it("prints the sessions as ORUK services with a weekly schedule", async () => {
    const run = await cli(
      "export",
      "oruk",
      "--from",
      "2025-06-01",
      "--to",
      "2025-06-30",
      "--authority",
      "Brackenford Council",
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Exported 1 services with 1 schedules.");
    const services: unknown = JSON.parse(run.stdout);
    expect(services).toEqual([
      expect.objectContaining({
        name: "Stay and Play",
        status: "active",
        organization: expect.objectContaining({ name: "Brackenford Council" }),
        schedules: [
          expect.objectContaining({
            freq: "WEEKLY",
            interval: 1,
            byday: "MO",
            opens_at: "09:30",
            closes_at: "11:00",
            valid_from: "2025-06-02",
            valid_to: "2025-06-09",
          }),
        ],
      }),
    ]);
  });

  it("prints an empty array when nothing is planned, and refuses a bad date", async () => {
    const empty = await cli("export", "oruk", "--from", "2024-01-01", "--to", "2024-01-31");
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
    const bad = await cli("export", "oruk", "--from", "31/02/2025");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from '31/02/2025' is not a date (use YYYY-MM-DD)");
  });
});
