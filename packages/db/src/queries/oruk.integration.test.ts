// The directory export validated against the Open Referral UK schema itself (the compiled
// service record, nested schedules and locations included), with ajv.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../client";
import { makeLocality, makeSite } from "../factories";
import { closureDays } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import type { Actor } from "./audit";
import { orukServices, siteCalendar, stableUuid } from "./oruk";
import { createProgramme } from "./programmes";
import type { Scope } from "./scope";
import { cancelSession, createSeries } from "./sessions";

const everywhere: Scope = { all: true };
const actor: Actor = { type: "system", id: null };
const schemaFile = new URL(
  "../../../../../shared/standards/oruk/compiled/service.json",
  import.meta.url,
);

function serviceValidator() {
  // The ORUK files carry tabular-data keywords (core, constraints, datapackage_metadata…)
  // that are not JSON Schema: strict mode would refuse them, so it is off; formats are checked.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
}

describe.each(testDatabaseKinds())("the Open Referral UK export on %s", (kind) => {
  let handle: DatabaseHandle;
  let db: Database;
  let siteCode: string;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    db = handle.db;
    const locality = await makeLocality(db);
    const site = await makeSite(db, { localityId: locality.id, name: "Oak Centre" });
    const venue = await makeSite(db, {
      localityId: locality.id,
      name: "St Mary's Hall",
      kind: "outreach_venue",
    });
    siteCode =
      (await db.query.sites.findFirst({ where: (s, { eq }) => eq(s.id, site.id) }))?.code ?? "";
    const massage = await createProgramme(
      db,
      {
        name: "Baby Massage",
        serviceArea: "Child and family development",
        offer: "universal",
        minAgeMonths: 0,
        maxAgeMonths: 12,
        capacity: 10,
        description: "Five weeks of gentle massage for babies and their parents.",
      },
      actor,
    );
    const club = await createProgramme(
      db,
      {
        name: "Youth Club Night",
        serviceArea: "Youth service",
        offer: "universal",
        minAgeMonths: 132,
        maxAgeMonths: 228,
        maxAgeMonthsDisability: 300,
      },
      actor,
    );
    await db.insert(closureDays).values({ date: "2027-05-03", name: "Early May bank holiday" });
    await createSeries(
      db,
      {
        programmeId: massage.id,
        siteId: site.id,
        frequency: "weekly",
        startsOn: "2027-04-19",
        occurrences: 5,
        startTime: "10:00",
        endTime: "11:00",
      },
      everywhere,
      actor,
    );
    await createSeries(
      db,
      {
        programmeId: massage.id,
        siteId: site.id,
        venueSiteId: venue.id,
        frequency: "once",
        startsOn: "2027-04-22",
        startTime: "13:30",
        endTime: "14:30",
      },
      everywhere,
      actor,
    );
    const club1 = await createSeries(
      db,
      {
        programmeId: club.id,
        siteId: site.id,
        frequency: "fortnightly",
        startsOn: "2027-04-16",
        occurrences: 3,
        startTime: "18:30",
        endTime: "21:00",
      },
      everywhere,
      actor,
    );
    await cancelSession(
      db,
      { id: club1.sessions[2]?.id ?? "", version: 1, reason: "Hall flooded" },
      everywhere,
      actor,
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("exports services that the ORUK service schema accepts, with RFC 5545 schedules", async () => {
    const services = await orukServices(db, {
      from: "2027-04-01",
      to: "2027-06-30",
      authorityName: "Fernleigh Borough Council",
      publicUrl: "https://familyhub.example.gov.uk",
    });
    const validate = serviceValidator();
    for (const service of services) {
      const valid = validate(service);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
    expect(services.map((s) => s.name)).toEqual(["Baby Massage", "Youth Club Night"]);
    const massage = services[0];
    expect(massage).toMatchObject({ status: "active", minimum_age: 0, maximum_age: 1 });
    expect(massage?.service_at_locations.map((l) => l.location.name).sort()).toEqual([
      "Oak Centre",
      "St Mary's Hall",
    ]);
    // Mondays 10:00–11:00 weekly, 19 April to 24 May (3 May skipped, a session more after it).
    expect(massage?.schedules).toContainEqual(
      expect.objectContaining({
        freq: "WEEKLY",
        interval: 1,
        byday: "MO",
        opens_at: "10:00",
        closes_at: "11:00",
        valid_from: "2027-04-19",
        valid_to: "2027-05-24",
      }),
    );
    // The one-off at the venue has no repeat rule.
    const once = massage?.schedules.find((s) => s.opens_at === "13:30");
    expect(once).toMatchObject({ dtstart: "2027-04-22", valid_to: "2027-04-22" });
    expect(once && "freq" in once).toBe(false);
    // Fortnightly Fridays, the cancelled third one not published; up to 25 with a disability.
    const club = services[1];
    expect(club).toMatchObject({ minimum_age: 11, maximum_age: 25 });
    expect(club?.schedules).toEqual([
      expect.objectContaining({
        freq: "WEEKLY",
        interval: 2,
        byday: "FR",
        opens_at: "18:30",
        closes_at: "21:00",
        valid_from: "2027-04-16",
        valid_to: "2027-04-30",
        schedule_link: `https://familyhub.example.gov.uk/api/sites/${siteCode}/calendar.ics`,
      }),
    ]);
  });

  it("refuses a record the schema does not allow, so the check can fail", () => {
    const validate = serviceValidator();
    expect(validate({ id: "not-a-uuid", name: "x", status: "open" })).toBe(false);
  });

  it("keeps ids stable between exports", async () => {
    const one = await orukServices(db, { from: "2027-04-01", to: "2027-06-30" });
    const two = await orukServices(db, { from: "2027-04-01", to: "2027-06-30" });
    expect(two).toEqual(one);
    expect(stableUuid("a", "b")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("lists a site's sessions for its calendar, cancelled ones marked", async () => {
    const calendar = await siteCalendar(db, {
      code: siteCode,
      from: "2027-04-01",
      to: "2027-06-30",
    });
    expect(calendar.sessions).toHaveLength(5 + 1 + 3);
    expect(calendar.sessions.filter((s) => s.cancelled)).toHaveLength(1);
    expect(calendar.sessions.find((s) => s.venue)?.venue).toBe("St Mary's Hall, AB1 2CD");
  });
});
