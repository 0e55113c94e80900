import type { DatabaseHandle } from "@familyhub/db";
import { importAttendances, importPeople, importSites } from "@familyhub/db/imports";
import {
  baselineChildren,
  baselineSnapshots,
  matchReviews,
  people,
  targetFlags,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importBaseline } from "./import";
import { type ReachOptions, reachReport, reachReportCsv } from "./report";
import {
  expectedAllServices,
  expectedAllServicesSuppressed,
  expectedByDistrict,
  expectedChildrenCentres,
  fixtureAttendances,
  fixtureBaseline,
  fixturePeople,
  fixturePeriod,
  fixtureSites,
  fixtureSnapshotDate,
} from "./testing";

const TODAY = "2026-11-20";

describe.each(testDatabaseKinds())("reach on %s", (kind) => {
  let handle: DatabaseHandle;
  const csv = async (options: Partial<ReachOptions>) =>
    reachReportCsv(await reachReport(handle.db, { ...fixturePeriod, ...options }));

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    for (const result of [
      await importSites(db, fixtureSites),
      await importPeople(db, fixturePeople, undefined, { today: TODAY }),
      await importAttendances(db, fixtureAttendances, undefined, { today: TODAY }),
    ]) {
      expect(result).toMatchObject({ ok: true });
    }
  });

  afterAll(async () => {
    await handle.close();
  });

  it("imports the baseline and links, queues and leaves the children as worked out by hand", async () => {
    const result = await importBaseline(
      handle.db,
      fixtureBaseline,
      fixtureSnapshotDate,
      undefined,
      TODAY,
    );
    expect(result).toMatchObject({
      ok: true,
      rows: 17,
      children: 15,
      bySocialCareId: 1,
      automatic: 9,
      queued: 2,
      unmatched: 3,
      replaced: false,
    });
    const links = await handle.db
      .select({
        child: baselineChildren.socialCareId,
        person: people.personRef,
        method: baselineChildren.linkMethod,
      })
      .from(baselineChildren)
      .leftJoin(people, eq(people.id, baselineChildren.personId))
      .orderBy(asc(baselineChildren.socialCareId));
    expect(links.map((l) => `${l.child}:${l.person ?? "-"}:${l.method ?? "-"}`)).toEqual([
      "SC01:P01:auto",
      "SC02:P02:auto",
      "SC03:P03:auto",
      "SC04:-:-",
      "SC05:P05:auto",
      "SC06:-:-",
      "SC07:P06:auto",
      "SC08:P08:auto",
      "SC09:-:-",
      "SC10:P11:auto",
      "SC11:P12:auto",
      "SC12:P13:social_care_id",
      "SC13:P14:auto",
      "SC14:-:-",
      "SC15:-:-",
    ]);
    const queue = await handle.db
      .select({ child: baselineChildren.socialCareId, person: people.personRef })
      .from(matchReviews)
      .innerJoin(baselineChildren, eq(baselineChildren.id, matchReviews.childId))
      .innerJoin(people, eq(people.id, matchReviews.personId))
      .orderBy(asc(baselineChildren.socialCareId));
    expect(queue).toEqual([
      { child: "SC09", person: "P10" },
      { child: "SC15", person: "P15" },
    ]);
  });

  it("flags the people linked to LAC, CP and CIN children (the latest snapshot)", async () => {
    const flags = await handle.db
      .select({ person: people.personRef, group: targetFlags.groupCode })
      .from(targetFlags)
      .innerJoin(people, eq(people.id, targetFlags.personId))
      .where(and(eq(targetFlags.source, "social_care"), isNull(targetFlags.endedAt)))
      .orderBy(asc(people.personRef), asc(targetFlags.groupCode));
    expect(flags.filter((f) => f.person === "P12").map((f) => f.group)).toEqual([
      "child_in_care",
      "child_protection",
    ]);
    // Noah (P11) is only in EHN, which is not a target group of its own.
    expect(flags.some((f) => f.person === "P11")).toBe(false);
  });

  it("reports reach for every service as worked out by hand", async () => {
    expect(await csv({ service: "all" })).toBe(expectedAllServices);
    expect(await csv({ service: "all", suppress: true })).toBe(expectedAllServicesSuppressed);
    expect(await csv({ service: "all", by: "district" })).toBe(expectedByDistrict);
    expect(await csv({ service: "children_centre" })).toBe(expectedChildrenCentres);
  });

  it("breaks reach down by age band, and by site with a site column", async () => {
    const header =
      "cohort,district,age_band,baseline,registered,registered_pct,engaged,engaged_pct,sustained,sustained_pct";
    expect(await csv({ service: "all", by: "age_band" })).toBe(`${header}
SCS,All,0-4,7,4,57.1,3,42.9,2,28.6
SCS,All,5-10,4,2,50.0,1,25.0,1,25.0
SCS,All,11-15,1,1,100.0,1,100.0,1,100.0
SCS,All,16+,1,1,100.0,1,100.0,0,0.0
LAC,All,0-4,2,1,50.0,0,0.0,0,0.0
LAC,All,5-10,0,0,,0,,0,
LAC,All,11-15,1,1,100.0,1,100.0,1,100.0
LAC,All,16+,0,0,,0,,0,
CP,All,0-4,4,2,50.0,2,50.0,2,50.0
CP,All,5-10,0,0,,0,,0,
CP,All,11-15,1,1,100.0,1,100.0,1,100.0
CP,All,16+,0,0,,0,,0,
CIN,All,0-4,2,2,100.0,2,100.0,1,50.0
CIN,All,5-10,4,2,50.0,1,25.0,1,25.0
CIN,All,11-15,0,0,,0,,0,
CIN,All,16+,1,1,100.0,1,100.0,0,0.0
EHN,All,0-4,1,1,100.0,1,100.0,0,0.0
EHN,All,5-10,1,0,0.0,0,0.0,0,0.0
EHN,All,11-15,0,0,,0,,0,
EHN,All,16+,0,0,,0,,0,
`);
    // Youth hubs count ages 12–18 by default: Samuel (15) and Grace (16), both at Cedar.
    expect(await csv({ service: "youth_hub", by: "site" })).toBe(`${header},site
SCS,North,All,2,2,100.0,2,100.0,1,50.0,YH1
LAC,North,All,1,1,100.0,1,100.0,1,100.0,YH1
CP,North,All,1,1,100.0,1,100.0,1,100.0,YH1
CIN,North,All,1,1,100.0,1,100.0,0,0.0,YH1
EHN,North,All,0,0,,0,,0,,YH1
`);
  });

  it("says so when the period has no snapshot, or the snapshot date is unknown", async () => {
    await expect(reachReport(handle.db, { from: "2026-01-01", to: "2026-01-31" })).rejects.toThrow(
      /no baseline snapshot for the period to 2026-01-31.*2026-06-30/,
    );
    await expect(
      reachReport(handle.db, { ...fixturePeriod, snapshotDate: "2026-05-31" }),
    ).rejects.toThrow("There is no baseline snapshot of 2026-05-31");
  });

  it("rejects a bad file whole, listing every bad line, and keeps the snapshot as it was", async () => {
    const bad = `social_care_id,first_name,last_name,date_of_birth,postcode,cohort,district
SC01,Amara,Okafor,2023-03-14,FL1 4AB,CP,North
SC02,Jonathan,Smith,2022-07-05,FL1 5CD,XYZ,North
SC03,Lily,Brown,,FL2 6EF,LAC,South
SC04,Ava,Patel,2027-01-01,FL2 7GH,CP,South
SC01,Amara,Okafor,2023-03-14,FL1 4AB,CP,North
SC05,Eva,Patel,09/09/2021,FL2 7GH,CP,South
`;
    const result = await importBaseline(handle.db, bad, fixtureSnapshotDate, undefined, TODAY);
    expect(result).toEqual({
      ok: false,
      warnings: [],
      errors: [
        "Row 3: cohort 'XYZ' is not one of LAC, CP, CIN, EHN",
        "Row 4: date_of_birth is empty — write the date, e.g. 2019-02-28 or 28/02/2019",
        "Row 5: date_of_birth '2027-01-01' is in the future (after the snapshot date 2026-06-30)",
        "Row 6: social_care_id 'SC01' is in cohort CP twice: this row repeats row 2",
        "Row 7: date_of_birth '09/09/2021' is written DD/MM/YYYY but most dates in the file are YYYY-MM-DD: use one date format in the whole file",
      ],
    });
    const snapshots = await handle.db.select().from(baselineSnapshots);
    expect(snapshots).toHaveLength(1);
    const children = await handle.db.select().from(baselineChildren);
    expect(children).toHaveLength(15);
  });

  it("re-imports the same snapshot date by replacing it", async () => {
    const again = await importBaseline(
      handle.db,
      fixtureBaseline,
      fixtureSnapshotDate,
      undefined,
      TODAY,
    );
    expect(again).toMatchObject({ ok: true, replaced: true, children: 15, queued: 2 });
    expect(await handle.db.select().from(baselineSnapshots)).toHaveLength(1);
    expect(await handle.db.select().from(baselineChildren)).toHaveLength(15);
    expect(await csv({ service: "all" })).toBe(expectedAllServices);
  });
});
