import { createAuth, createStaffUser, enrolTotp, totpCode } from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { importPeople, importSites } from "@familyhub/db/imports";
import { baselineChildren, baselineSnapshots } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { fixtureBaseline, fixturePeople, fixtureSites } from "@familyhub/reach/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server";
import { httpClient } from "./server.test-utils";

const ORIGIN = "http://localhost:3999";
const PASSWORD = "correct horse battery";
const TOTP_SECRET = "a-data-officers-totp-secret-0032";

describe.each(testDatabaseKinds())("POST /api/imports/baseline on %s", (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const browsers: Record<string, ReturnType<typeof httpClient>> = {};

  const upload = (who: string, query: string, payload: string) =>
    app.inject({
      method: "POST",
      url: `/api/imports/baseline${query}`,
      headers: {
        "content-type": "text/csv",
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
        cookie: browsers[who]?.jar.header() ?? "",
      },
      payload,
    });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    expect(await importSites(handle.db, fixtureSites)).toMatchObject({ ok: true });
    expect(await importPeople(handle.db, fixturePeople)).toMatchObject({ ok: true });
    const auth = createAuth({
      db: handle.db,
      secret: "x".repeat(40),
      baseURL: ORIGIN,
      production: false,
    });
    app = await buildServer({
      db: handle.db,
      auth,
      publicUrl: ORIGIN,
      production: false,
      logLevel: "silent",
    });
    for (const role of ["data_officer", "manager"] as const) {
      const email = `${role}@example.test`;
      const created = await createStaffUser(auth, {
        email,
        role,
        name: role,
        password: PASSWORD,
        localityId: null,
      });
      const browser = httpClient(app, ORIGIN);
      browsers[role] = browser;
      // A role that sees social care data signs in with a second factor.
      if (role === "data_officer") await enrolTotp(auth, created.id, TOTP_SECRET);
      expect((await browser.signIn(email, PASSWORD)).statusCode).toBe(200);
      if (role === "data_officer") {
        const verified = await browser.auth("/two-factor/verify-totp", {
          code: await totpCode(TOTP_SECRET),
        });
        expect(verified.statusCode).toBe(200);
      }
    }
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("turns away a role without baseline:import before reading the file", async () => {
    const res = await upload("manager", "?snapshotDate=2026-06-30", fixtureBaseline);
    expect(res.statusCode).toBe(403);
    expect(res.json().errors).toEqual([
      "Your role cannot do this (it needs baseline:import). Ask an administrator if you should.",
    ]);
    expect(await handle.db.select().from(baselineSnapshots)).toHaveLength(0);
  });

  it("needs the snapshot date, then imports and matches the file", async () => {
    const missing = await upload("data_officer", "", fixtureBaseline);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([
      "Give the date the caseload was exported (the snapshot date).",
    ]);
    const res = await upload("data_officer", "?snapshotDate=2026-06-30", fixtureBaseline);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      created: 15,
      summary:
        "Snapshot of 2026-06-30: 15 children; 10 matched, 2 waiting in the review queue, 3 not found",
    });
    expect(await handle.db.select().from(baselineChildren)).toHaveLength(15);
  });
});
