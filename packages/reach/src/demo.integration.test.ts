import type { DatabaseHandle } from "@familyhub/db";
import { seedDemo } from "@familyhub/db/seed";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoBaseline } from "./demo";
import { reachReport } from "./report";
import { listSnapshots } from "./snapshots";

const today = "2026-11-18";

describe.each(testDatabaseKinds())("the demo's baselines on %s", (kind) => {
  let handle: DatabaseHandle;
  const steps: string[] = [];

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    await seedDemo(handle.db, { seed: 42, today });
    await seedDemoBaseline(handle.db, { today, onProgress: (step) => steps.push(step) });
  }, 300_000);

  afterAll(async () => {
    await handle.close();
  });

  it("imports two month-end snapshots, mostly matched, some to review, some unknown", async () => {
    const snapshots = await listSnapshots(handle.db);
    expect(snapshots.map((s) => s.snapshotDate)).toEqual(["2026-10-31", "2026-09-30"]);
    const [latest] = snapshots;
    if (!latest) throw new Error("no snapshot");
    expect(latest.children).toBeGreaterThan(100);
    expect(latest.linked / latest.children).toBeGreaterThan(0.7);
    expect(latest.linked).toBeLessThan(latest.children);
    expect(latest.pendingReviews).toBeGreaterThan(0);
    expect(steps).toHaveLength(2);
  });

  it("gives the dashboard figures to show", async () => {
    const report = await reachReport(handle.db, {
      from: "2026-10-01",
      to: "2026-10-31",
      service: "children_centre",
    });
    const scs = report.rows.find((r) => r.cohort === "SCS");
    expect(typeof scs?.baseline === "number" && scs.baseline > 0).toBe(true);
    expect(typeof scs?.engaged === "number" && scs.engaged > 0).toBe(true);
  });
});
