// `pnpm cli retention run` and the audit of exports, as a person runs them.
import { openDatabase } from "@familyhub/db";
import { auditEvents, retentionRuns } from "@familyhub/db/schema";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, cliSandbox } from "./cli.test-utils";

let sandbox: CliSandbox;

beforeAll(async () => {
  sandbox = await cliSandbox("familyhub-cli-retention-");
});

afterAll(async () => {
  await sandbox.cleanUp();
});

describe("pnpm cli retention run, and exports in the audit log", () => {
  it("counts in a dry run, applies the rules in a real one, and records both", async () => {
    const dry = await sandbox.run(["retention", "run", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing was removed. It would remove:");
    expect(dry.stdout).toContain("0 self-registrations not accepted within 30 days (deleted)");

    const real = await sandbox.run(["retention", "run"]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("Retention applied. Removed:");

    const exported = await sandbox.run(["export", "people"]);
    expect(exported.code).toBe(0);

    // The CLI has exited, so the embedded database is free to open and read.
    const handle = openDatabase({ dataDir: sandbox.dataDir });
    try {
      const runs = await handle.db
        .select({ dryRun: retentionRuns.dryRun, trigger: retentionRuns.trigger })
        .from(retentionRuns)
        .orderBy(asc(retentionRuns.startedAt));
      expect(runs).toEqual([
        { dryRun: true, trigger: "cli" },
        { dryRun: false, trigger: "cli" },
      ]);
      const events = await handle.db
        .select({ action: auditEvents.action, actorType: auditEvents.actorType })
        .from(auditEvents)
        .where(inArray(auditEvents.action, ["retention.dry_run", "retention.run", "export.people"]))
        .orderBy(asc(auditEvents.id));
      expect(events).toEqual([
        { action: "retention.dry_run", actorType: "cli" },
        { action: "retention.run", actorType: "cli" },
        { action: "export.people", actorType: "cli" },
      ]);
    } finally {
      await handle.close();
    }
  });
});
