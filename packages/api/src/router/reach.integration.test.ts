import type { DatabaseHandle } from "@familyhub/db";
import { importAttendances, importPeople, importSites } from "@familyhub/db/imports";
import { makeStaff } from "@familyhub/db/factories";
import {
  auditEvents,
  baselineChildren,
  matchRejections,
  matchReviews,
  people,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { importBaseline, purgeSnapshots } from "@familyhub/reach";
import {
  fixtureAttendances,
  fixtureBaseline,
  fixturePeople,
  fixturePeriod,
  fixtureSites,
} from "@familyhub/reach/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

const TODAY = "2026-11-20";
const june = { ...fixturePeriod, service: "all" as const };

describe.each(testDatabaseKinds())("the reach router on %s", (kind) => {
  let handle: DatabaseHandle;
  let staff: Record<"dataOfficer" | "manager" | "viewer" | "centreStaff", StaffUser>;
  const as = (who: keyof typeof staff) => callerAs(handle.db, { staff: staff[who] });
  const audits = async (action: string) =>
    (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, action))).length;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    expect(await importSites(db, fixtureSites)).toMatchObject({ ok: true });
    expect(await importPeople(db, fixturePeople, undefined, { today: TODAY })).toMatchObject({
      ok: true,
    });
    expect(
      await importAttendances(db, fixtureAttendances, undefined, { today: TODAY }),
    ).toMatchObject({
      ok: true,
    });
    staff = {
      dataOfficer: await makeStaff(db, { role: "data_officer" }),
      manager: await makeStaff(db, { role: "manager" }),
      viewer: await makeStaff(db, { role: "viewer" }),
      centreStaff: await makeStaff(db, { role: "centre_staff" }),
    };
  });

  afterAll(async () => {
    await handle.close();
  });

  it("says so when there is no snapshot yet", async () => {
    const { message } = await failure(as("manager").reach.report(june));
    expect(message).toContain("There is no baseline snapshot for the period to 2026-06-30");
  });

  it("forces suppression on for a role without report:unsuppressed", async () => {
    expect(
      await importBaseline(handle.db, fixtureBaseline, "2026-06-30", undefined, TODAY),
    ).toMatchObject({ ok: true, queued: 2 });
    const managers = await as("manager").reach.report({ ...june, suppress: false });
    expect(managers.suppressed).toBe(true);
    expect(managers.rows.find((r) => r.cohort === "LAC")).toMatchObject({
      baseline: "c",
      registeredPct: "c",
    });
    const officers = await as("dataOfficer").reach.report({ ...june, suppress: false });
    expect(officers.suppressed).toBe(false);
    expect(officers.rows.find((r) => r.cohort === "LAC")).toMatchObject({
      baseline: 3,
      registered: 2,
      registeredPct: 66.7,
    });
    const csv = await as("manager").reach.reportCsv({ ...june, suppress: false });
    expect(csv.csv.split("\n")[2]).toBe("LAC,All,All,c,c,c,c,c,c,c");
    expect((await failure(as("viewer").reach.report(june))).code).toBe("FORBIDDEN");
  });

  it("shows the review queue only to roles that may see social care data, and audits it", async () => {
    for (const who of ["manager", "centreStaff"] as const) {
      expect((await failure(as(who).reach.reviewQueue())).code).toBe("FORBIDDEN");
      expect(
        (await failure(as(who).reach.unreached({ ...june, cohort: "CIN", measure: "engaged" })))
          .code,
      ).toBe("FORBIDDEN");
    }
    expect(await audits("reach.review_queue.read")).toBe(0);
    expect(await audits("reach.unreached.read")).toBe(0);

    const queue = await as("dataOfficer").reach.reviewQueue();
    expect(
      queue.map(
        (q) => `${q.child.socialCareId} ${q.child.firstName} ↔ ${q.person.firstName} ${q.score}`,
      ),
    ).toEqual(["SC09 Mia ↔ Mia 85", "SC15 Isla ↔ Ilsa 82"]);
    expect(queue[1]?.reasons).toEqual({
      firstName: "typo",
      lastName: "exact",
      dateOfBirth: "swapped",
      postcode: "exact",
    });
    expect(queue[1]?.child.cohorts).toEqual(["CIN"]);
    expect(await audits("reach.review_queue.read")).toBe(1);
  });

  it("lists the unreached children of a figure, audited", async () => {
    const list = await as("dataOfficer").reach.unreached({
      ...june,
      cohort: "CIN",
      measure: "engaged",
    });
    expect(list.children.map((c) => c.socialCareId)).toEqual(["SC07", "SC06", "SC15"]);
    expect(await audits("reach.unreached.read")).toBe(1);
  });

  it("confirms a match: the social care id goes on the person and the child counts", async () => {
    const queue = await as("dataOfficer").reach.reviewQueue();
    const isla = queue.find((q) => q.child.socialCareId === "SC15");
    const mia = queue.find((q) => q.child.socialCareId === "SC09");
    if (!isla || !mia) throw new Error("the queue lost an item");

    await as("dataOfficer").reach.confirmMatch({ reviewId: isla.id });
    const [person] = await handle.db
      .select({ socialCareId: people.socialCareId })
      .from(people)
      .where(eq(people.personRef, "P15"));
    expect(person?.socialCareId).toBe("SC15");
    const report = await as("dataOfficer").reach.report({ ...june, suppress: false });
    expect(report.rows.find((r) => r.cohort === "CIN")).toMatchObject({
      baseline: 7,
      registered: 6,
      engaged: 5,
    });
    const again = await failure(as("dataOfficer").reach.confirmMatch({ reviewId: isla.id }));
    expect(again).toEqual({
      code: "CONFLICT",
      message: "Someone has already confirmed this match.",
    });

    // Rejected: remembered, and never queued again, even when the snapshot is imported anew.
    await as("dataOfficer").reach.rejectMatch({ reviewId: mia.id });
    expect(await handle.db.select().from(matchRejections)).toHaveLength(1);
    expect(
      await importBaseline(handle.db, fixtureBaseline, "2026-06-30", undefined, TODAY),
    ).toMatchObject({ ok: true, replaced: true, bySocialCareId: 2, queued: 0 });
    const [sc15] = await handle.db
      .select({ method: baselineChildren.linkMethod })
      .from(baselineChildren)
      .where(eq(baselineChildren.socialCareId, "SC15"));
    expect(sc15?.method).toBe("social_care_id");
    expect(
      await handle.db.select().from(matchReviews).where(eq(matchReviews.status, "pending")),
    ).toHaveLength(0);
  });

  it("gives the trend across snapshots and the change since the last one", async () => {
    expect(
      await importBaseline(handle.db, fixtureBaseline, "2026-05-31", undefined, TODAY),
    ).toMatchObject({ ok: true, replaced: false });
    const trend = await as("dataOfficer").reach.trend({ suppress: false });
    expect(trend.map((p) => `${p.snapshotDate} ${p.from}…${p.to}`)).toEqual([
      "2026-05-31 2026-05-01…2026-05-31",
      "2026-06-30 2026-06-01…2026-06-30",
    ]);
    // May: Amara and Lily came in May; Noah registered only in June.
    expect(trend[0]?.rows[0]).toMatchObject({
      cohort: "SCS",
      baseline: 13,
      registered: 9,
      engaged: 2,
    });
    expect(trend[1]?.rows[0]).toMatchObject({
      cohort: "SCS",
      baseline: 13,
      registered: 9,
      engaged: 7,
    });
    const { change } = await as("dataOfficer").reach.change({ suppress: false });
    expect(change[0]).toEqual({
      cohort: "SCS",
      registeredPct: 0,
      engagedPct: 38.4,
      sustainedPct: 30.8,
    });

    const table = await as("manager").reach.table({ ...june, suppress: false });
    expect(table.suppressed).toBe(true);
    expect(table.rows.every((r) => r.baseline === "c" || r.baseline === 0 || r.baseline > 5)).toBe(
      true,
    );

    // Purged: the children go, the May figures stay for the trend.
    const purged = await purgeSnapshots(handle.db, { retentionMonths: 5, today: TODAY });
    expect(purged.purged).toEqual(["2026-05-31"]);
    const after = await as("dataOfficer").reach.trend({ suppress: false });
    expect(after[0]).toMatchObject({ purged: true, rows: trend[0]?.rows });
    const snapshots = await as("manager").reach.snapshots();
    expect(snapshots.map((s) => [s.snapshotDate, s.purgedAt !== null])).toEqual([
      ["2026-06-30", false],
      ["2026-05-31", true],
    ]);
    const left = await handle.db
      .select()
      .from(baselineChildren)
      .where(and(eq(baselineChildren.socialCareId, "SC01")));
    expect(left).toHaveLength(1);
    const { message } = await failure(
      as("dataOfficer").reach.report({ ...june, snapshotDate: "2026-05-31" }),
    );
    expect(message).toContain("was purged after its retention period");
  });

  it("gives the scorecard, suppressed for a manager", async () => {
    const card = await as("manager").reach.scorecard({ month: "2026-06", suppress: false });
    expect(card.suppressed).toBe(true);
    const counts = card.rows.flatMap((r) => [
      r.scsBaseline,
      r.scsRegistered,
      r.registrations,
      r.attendees,
    ]);
    expect(counts.some((n) => typeof n === "number" && n >= 1 && n <= 5)).toBe(false);
    expect(counts).toContain("c");
    const open = await as("dataOfficer").reach.scorecard({ month: "2026-06", suppress: false });
    expect(open.rows.at(-1)).toMatchObject({
      district: "All",
      ageBand: "All",
      scsBaseline: 13,
      scsRegistered: 9,
      scsEngaged: 7,
      registrations: 1,
      attendances: 20,
      attendees: 10,
      contactHours: 30,
    });
  });
});
