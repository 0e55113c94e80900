import { createAuth } from "@familyhub/auth";
import { createProgramme, createSeries, type DatabaseHandle } from "@familyhub/db";
import { makeLocality, makeSite } from "@familyhub/db/factories";
import { sites } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server";

const ORIGIN = "http://localhost:3999";

describe.each(testDatabaseKinds())("the published offer on %s", (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let code = "";

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const auth = createAuth({ db, secret: "x".repeat(40), baseURL: ORIGIN, production: false });
    app = await buildServer({ db, auth, publicUrl: ORIGIN, production: false, logLevel: "silent" });
    const locality = await makeLocality(db);
    const site = await makeSite(db, { localityId: locality.id, name: "Oak Centre" });
    const [row] = await db.select({ code: sites.code }).from(sites).where(eq(sites.id, site.id));
    code = row?.code ?? "";
    const actor = { type: "system" as const, id: null };
    const programme = await createProgramme(
      db,
      {
        name: "Rhyme Time",
        serviceArea: "Child and family development",
        offer: "universal",
        minAgeMonths: 0,
        maxAgeMonths: 48,
      },
      actor,
    );
    // Weekly from a week today, so it falls in the default window of both routes.
    const startsOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await createSeries(
      db,
      {
        programmeId: programme.id,
        siteId: site.id,
        frequency: "weekly",
        startsOn,
        occurrences: 3,
        startTime: "10:00",
        endTime: "10:45",
      },
      { all: true },
      actor,
    );
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("serves the ORUK services as JSON, without signing in", async () => {
    const response = await app.inject({ method: "GET", url: "/api/oruk/services" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
    const body: unknown = response.json();
    expect(body).toEqual([
      expect.objectContaining({
        name: "Rhyme Time",
        schedules: [
          expect.objectContaining({
            freq: "WEEKLY",
            opens_at: "10:00",
            closes_at: "10:45",
            schedule_link: `${ORIGIN}/api/sites/${code}/calendar.ics`,
          }),
        ],
      }),
    ]);
  });

  it("serves a site's iCalendar feed, and 404 for a site that does not exist", async () => {
    const response = await app.inject({
      method: "GET",
      url: `/api/sites/${code.toLowerCase()}/calendar.ics`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/calendar");
    expect(response.body).toContain("BEGIN:VCALENDAR");
    expect(response.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(response.body).toContain("SUMMARY:Rhyme Time");
    expect(response.body).toContain("LOCATION:Oak Centre\\, AB1 2CD");
    const missing = await app.inject({ method: "GET", url: "/api/sites/NOPE99/calendar.ics" });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe("There is no site with the code NOPE99.");
  });
});
