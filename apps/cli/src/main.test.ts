import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliDir, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;
const cli = (...args: string[]) => sandbox.run(args);
const cliWithInput = (input: string, ...args: string[]) => sandbox.run(args, input);

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-");
});

afterAll(async () => {
  await sandbox.cleanUp();
});

describe("pnpm cli", () => {
  it("lists its commands with --help", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("import sites <file>");
    expect(run.stdout).toContain("Exit codes");
  });

  it("exits 2 on a usage error, without a stack trace", async () => {
    const run = await cli("import", "sites");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'file'");
    expect(run.stderr).not.toMatch(/\n\s+at /);

    const missing = await cli("import", "sites", "no-such-file.csv");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read no-such-file.csv: there is no such file.");

    // Attendances are read as a stream, not whole: the same answer, without a stack trace.
    const streamed = await cli("import", "attendances", "no-such-file.csv");
    expect(streamed.code).toBe(2);
    expect(streamed.stderr).toContain("Cannot read no-such-file.csv: there is no such file.");
    expect(streamed.stderr).not.toMatch(/\n\s+at /);
  });

  it("imports a good file, and a second import changes nothing", async () => {
    const example = join(cliDir, "examples", "sites.csv");
    const first = await cli("import", "sites", example);
    expect(first.stderr).toContain(`Database: ${sandbox.dataDir} (embedded PGlite)`);
    expect(first.stdout).toContain("8 created, 0 updated, 0 unchanged (2 localities created)");
    expect(first.code).toBe(0);

    const again = await cli("import", "sites", example);
    expect(again.stdout).toContain("0 created, 0 updated, 8 unchanged.");
    expect(again.code).toBe(0);
  });

  it("rejects a bad file with exit code 1, naming each bad row by its line", async () => {
    await writeFile(
      join(sandbox.workDir, "bad.csv"),
      [
        "\uFEFFsite_code,name,kind,operator,locality,district,postcode,notes",
        "BR09,Good Centre,children_centre,school,Riverside,Old Town,BF1 3AA,fine",
        "BR10,Bad Kind,nursery,school,Riverside,Old Town,BF1 3AB,",
        "",
        "BR11,Bad Postcode,children_centre,school,Riverside,Old Town,NOPE,",
      ].join("\r\n"),
    );
    const run = await cli("import", "sites", "bad.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad.csv was not imported and nothing was written");
    expect(run.stderr).toContain("Row 3: kind 'nursery' is not one of");
    expect(run.stderr).toContain("Row 5: postcode 'NOPE' is not a UK postcode");
    expect(run.stderr).toContain("Warning: Column 'notes' is not one of");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");

    const example = join(cliDir, "examples", "sites.csv");
    const after = await cli("import", "sites", example);
    expect(after.stdout).toContain("0 created, 0 updated, 8 unchanged.");
  });
});

describe("pnpm cli staff add", () => {
  it("adds the first administrator with a password read from standard input, once", async () => {
    const args = [
      "staff",
      "add",
      "--email",
      "Ann@Council.test",
      "--name",
      "Ann Admin",
      "--role",
      "administrator",
    ];
    const added = await cliWithInput("a-long-password-1\n", ...args);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Added Ann Admin <ann@council.test> as administrator.");
    expect(added.stdout + added.stderr).not.toContain("a-long-password-1");

    const again = await cliWithInput("a-long-password-1\n", ...args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });

  it("refuses a short password, an unknown role and front-line staff without a locality", async () => {
    const short = await cliWithInput(
      "short\n",
      "staff",
      "add",
      "--email",
      "b@council.test",
      "--name",
      "B",
      "--role",
      "viewer",
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("at least 12 characters");
    const role = await cliWithInput(
      "a-long-password-1\n",
      "staff",
      "add",
      "--email",
      "b@council.test",
      "--name",
      "B",
      "--role",
      "chief",
    );
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role must be one of");
    const local = await cliWithInput(
      "a-long-password-1\n",
      "staff",
      "add",
      "--email",
      "b@council.test",
      "--name",
      "B",
      "--role",
      "centre_staff",
    );
    expect(local.code).toBe(2);
    expect(local.stderr).toContain("--locality is required");
  });
});
