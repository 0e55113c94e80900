// `pnpm cli seed county` as a person runs it: a small county into an empty embedded database,
// then a refusal to write into one that has data, read back from the database.
import { openDatabase } from "@familyhub/db";
import { attendances, baselineChildren, people, sites } from "@familyhub/db/schema";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-county-");
});

afterAll(async () => {
  await sandbox.cleanUp();
});

async function counts() {
  // The CLI has exited, so the embedded database is free to open and read.
  const handle = openDatabase({ dataDir: sandbox.dataDir });
  try {
    const n = async (
      table: typeof sites | typeof people | typeof attendances | typeof baselineChildren,
    ) => (await handle.db.select({ n: count() }).from(table))[0]?.n;
    return {
      sites: await n(sites),
      people: await n(people),
      attendances: await n(attendances),
      baseline: await n(baselineChildren),
    };
  } finally {
    await handle.close();
  }
}

describe("pnpm cli seed county", () => {
  it("refuses a number that is not one, changing nothing", async () => {
    const bad = await sandbox.run(["seed", "county", "--people", "lots"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--people must be a whole number");
  });

  it("makes a small county with its baseline, then refuses a database that has data", async () => {
    const made = await sandbox.run([
      "seed",
      "county",
      "--people",
      "900",
      "--years",
      "0.1",
      "--baseline",
      "40",
    ]);
    expect(made.stderr).not.toContain("failed");
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("County made in");
    expect(made.stdout).toContain("Baseline of 2026-06-30: 40 children");
    const first = await counts();
    expect(first).toEqual({ sites: 100, people: 900, attendances: 600, baseline: 40 });

    const again = await sandbox.run(["seed", "county", "--people", "900"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("only in an empty database");
    expect(await counts()).toEqual(first);
  });
});
