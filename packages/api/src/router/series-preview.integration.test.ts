// The planning form's preview: the dates a series would have, with closures and out-of-term
// dates named, before anything is saved — and the same dates once it is saved.
import { type DatabaseHandle } from "@familyhub/db";
import { makeLocality, makeSite, makeStaff } from "@familyhub/db/factories";
import { sessions } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

describe.each(testDatabaseKinds())("sessions.previewSeries on %s", (kind) => {
  let handle: DatabaseHandle;
  let siteNorth: { id: string };
  let siteSouth: { id: string };
  let staffNorth: StaffUser;
  let programmeId: string;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    siteNorth = await makeSite(db, { localityId: north.id, name: "North Hub" });
    siteSouth = await makeSite(db, { localityId: south.id, name: "South Hub" });
    staffNorth = await makeStaff(db, { role: "centre_staff", localityId: north.id });
    const admin = await makeStaff(db, { role: "administrator" });
    const asAdmin = callerAs(db, { staff: admin });
    programmeId = (
      await asAdmin.programmes.create({
        name: "Youth club",
        serviceArea: "Youth work",
        offer: "universal",
        minAgeMonths: 132,
        maxAgeMonths: 228,
      })
    ).id;
    await asAdmin.programmes.createTerm({
      name: "Spring 2030",
      startsOn: "2030-01-07",
      endsOn: "2030-02-08",
    });
    await asAdmin.programmes.addClosureDay({ date: "2030-01-21", name: "Staff training day" });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const rule = (siteId: string) => ({
    siteId,
    frequency: "weekly" as const,
    startsOn: "2030-01-07",
    occurrences: 4,
  });

  it("names the closure it skips and writes nothing", async () => {
    const staff = callerAs(handle.db, { staff: staffNorth });
    const preview = await staff.sessions.previewSeries(rule(siteNorth.id));
    expect(preview.dates).toEqual(["2030-01-07", "2030-01-14", "2030-01-28", "2030-02-04"]);
    expect(preview.skipped).toEqual([{ date: "2030-01-21", reason: "Staff training day" }]);
    const [row] = await handle.db.select({ n: count() }).from(sessions);
    expect(row?.n).toBe(0);
  });

  it("gives the same dates the saved series has", async () => {
    const staff = callerAs(handle.db, { staff: staffNorth });
    const preview = await staff.sessions.previewSeries(rule(siteNorth.id));
    const made = await staff.sessions.createSeries({
      ...rule(siteNorth.id),
      programmeId,
      startTime: "18:00",
      endTime: "20:00",
    });
    expect(made.sessions).toHaveLength(preview.dates.length);
    const [row] = await handle.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.seriesId, made.seriesId));
    expect(row?.n).toBe(4);
  });

  it("says when the term is too short, and refuses another locality's centre", async () => {
    const staff = callerAs(handle.db, { staff: staffNorth });
    const short = await failure(
      staff.sessions.previewSeries({ ...rule(siteNorth.id), occurrences: 9 }),
    );
    expect(short.message).toMatch(/Only 4 of the 9 sessions fit in the terms entered/);
    const other = await failure(staff.sessions.previewSeries(rule(siteSouth.id)));
    expect(other.code).toBe("NOT_FOUND");
  });
});
