// reach.purge from the Baseline page: only a role that imports baselines may purge, and a purge
// deletes the old snapshots' children but keeps the snapshot (and its figures) for the trend.
import type { DatabaseHandle } from "@familyhub/db";
import { makeStaff } from "@familyhub/db/factories";
import { importPeople, importSites } from "@familyhub/db/imports";
import { auditEvents, baselineChildren, baselineSnapshots } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { importBaseline } from "@familyhub/reach";
import { fixtureBaseline, fixturePeople, fixtureSites } from "@familyhub/reach/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

describe.each(testDatabaseKinds())("reach.purge on %s", (kind) => {
  let handle: DatabaseHandle;
  let staff: Record<"dataOfficer" | "manager", StaffUser>;
  const as = (who: keyof typeof staff) => callerAs(handle.db, { staff: staff[who] });
  const children = async () => (await handle.db.select().from(baselineChildren)).length;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    expect(await importSites(db, fixtureSites)).toMatchObject({ ok: true });
    expect(await importPeople(db, fixturePeople, undefined, { today: "2026-11-20" })).toMatchObject(
      { ok: true },
    );
    expect(
      await importBaseline(db, fixtureBaseline, "2026-06-30", undefined, "2026-11-20"),
    ).toMatchObject({ ok: true });
    staff = {
      dataOfficer: await makeStaff(db, { role: "data_officer" }),
      manager: await makeStaff(db, { role: "manager" }),
    };
  });

  afterAll(async () => {
    await handle.close();
  });

  it("is refused to a role that cannot import baselines, and nothing is deleted", async () => {
    const { code } = await failure(as("manager").reach.purge({ retentionMonths: 1 }));
    expect(code).toBe("FORBIDDEN");
    expect(await children()).toBe(15);
  });

  it("refuses a retention of no months", async () => {
    const { code } = await failure(as("dataOfficer").reach.purge({ retentionMonths: 0 }));
    expect(code).toBe("BAD_REQUEST");
    expect(await children()).toBe(15);
  });

  it("purges a snapshot older than the retention, keeping the snapshot, audited", async () => {
    // Kept while within a long retention.
    expect(await as("dataOfficer").reach.purge({ retentionMonths: 120 })).toMatchObject({
      purged: [],
    });
    expect(await children()).toBe(15);
    // The fixture's June 2026 snapshot is older than a month whenever this runs.
    expect(await as("dataOfficer").reach.purge({ retentionMonths: 1 })).toMatchObject({
      purged: ["2026-06-30"],
    });
    expect(await children()).toBe(0);
    const [snapshot] = await handle.db.select().from(baselineSnapshots);
    expect(snapshot?.purgedAt).toBeInstanceOf(Date);
    const audits = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "baseline.purge"));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actorId).toBe(staff.dataOfficer.id);
  });
});
