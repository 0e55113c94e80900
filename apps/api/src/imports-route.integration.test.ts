import { createAuth, createStaffUser } from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { makeLocality } from "@familyhub/db/factories";
import { attendances, people, sites } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server";
import { signInStaff } from "./server.test-utils";

const ORIGIN = "http://localhost:3999";
const PASSWORD = "correct horse battery";

const sitesFile = [
  "site_code,name,kind,operator,locality,district,postcode",
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB",
].join("\n");

const peopleHeader =
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on";

/** A people file bigger than tRPC's 64 kB: 2,000 families of an adult and a child. */
const bigPeopleFile = [
  peopleHeader,
  ...Array.from({ length: 2_000 }, (_, i) => [
    `A${i},F${i},Parent${i},Surname${i},1990-01-01,BF1 4XY,adult,BR01,2024-01-10`,
    `C${i},F${i},Child${i},Surname${i},2022-01-01,BF1 4XY,child,BR01,2024-01-10`,
  ]).flat(),
].join("\n");

describe.each(testDatabaseKinds())("POST /api/imports/:kind on %s", (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const cookies: Record<string, string> = {};

  const upload = (
    path: string,
    payload: string | Buffer,
    who: string,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method: "POST",
      url: `/api/imports/${path}`,
      headers: {
        "content-type": "text/csv",
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
        cookie: cookies[who] ?? "",
        ...headers,
      },
      payload,
    });

  const peopleCount = async () => (await handle.db.select({ n: count() }).from(people))[0]?.n;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const auth = createAuth({
      db: handle.db,
      secret: "x".repeat(40),
      baseURL: ORIGIN,
      production: false,
    });
    const locality = await makeLocality(handle.db);
    const staff = [
      { email: "admin@example.test", role: "administrator" as const, localityId: null },
      { email: "data@example.test", role: "data_officer" as const, localityId: null },
      { email: "cam@example.test", role: "centre_staff" as const, localityId: locality.id },
    ];
    app = await buildServer({
      db: handle.db,
      auth,
      publicUrl: ORIGIN,
      production: false,
      logLevel: "silent",
    });
    for (const member of staff) {
      const { id } = await createStaffUser(auth, {
        ...member,
        name: member.role,
        password: PASSWORD,
      });
      // Administrators and data officers type a TOTP code too.
      const browser = await signInStaff(app, auth, ORIGIN, { ...member, id, password: PASSWORD });
      cookies[member.role] = browser.jar.header();
    }
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("imports sites, a people file larger than tRPC's limit, and attendances", async () => {
    const siteRes = await upload("sites", sitesFile, "administrator");
    expect(siteRes.statusCode).toBe(200);
    expect(siteRes.json()).toEqual({
      ok: true,
      created: 1,
      updated: 0,
      unchanged: 0,
      localitiesCreated: 1,
      summary: "1 site created, 0 updated, 0 unchanged (1 locality created)",
      errors: [],
      warnings: [],
    });

    expect(bigPeopleFile.length).toBeGreaterThan(64 * 1024);
    const peopleRes = await upload("people", bigPeopleFile, "data_officer");
    expect(peopleRes.statusCode).toBe(200);
    expect(peopleRes.json()).toMatchObject({
      ok: true,
      created: 4_000,
      updated: 0,
      unchanged: 0,
      summary: "4,000 people created, 0 updated, 0 unchanged; 2,000 families created, 0 updated",
    });

    const attendanceRes = await upload(
      "attendances",
      "person_ref,site_code,session_date,programme_name\nA1,BR01,2025-06-02,Stay and Play\nC1,BR01,2025-06-02,Stay and Play",
      "administrator",
    );
    expect(attendanceRes.json()).toMatchObject({ ok: true, created: 2, unchanged: 0 });
    const [row] = await handle.db.select({ n: count() }).from(attendances);
    expect(row?.n).toBe(2);
  });

  it("answers a bad file with every row error, and writes nothing", async () => {
    const before = await peopleCount();
    const res = await upload(
      "people",
      [
        `${peopleHeader},notes`,
        "N1,NF1,Ann,Lee,31/02/2019,BF1 1AA,child,BR01,2020-01-01,x",
        "N2,NF1,Bob,Lee,1990-01-01,BF1 1AA,adult,XX99,2020-01-01,y",
      ].join("\n"),
      "administrator",
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      ok: false,
      created: 0,
      updated: 0,
      unchanged: 0,
      summary: null,
      errors: [
        "Row 2: date_of_birth '31/02/2019' is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)",
        "Row 3: site_code 'XX99' is not a site in FamilyHub (BR01) — correct the code, or import the site in a sites file first",
      ],
      warnings: [
        "Column 'notes' is not one of person_ref, family_ref, first_name, last_name, date_of_birth, postcode, role, site_code, registered_on, sex, ethnicity, social_care_id and was ignored.",
      ],
    });
    expect(await peopleCount()).toBe(before);
  });

  it("refuses a Windows-1252 file with the rows that are not UTF-8", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${peopleHeader}\nW1,WF1,Zo`),
      Buffer.from([0xeb]),
      Buffer.from(",Lee,2019-01-01,BF1 1AA,child,BR01,2020-01-01\n"),
    ]);
    const res = await upload("people", bytes, "administrator");
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.errors[0]).toMatch(/^The file is not UTF-8 text/);
    expect(body.errors[1]).toBe("Row 2: W1,WF1,Zoë,Lee,2019-01-01,BF1 1AA,child,BR01,2020-01-01");
  });

  it("refuses staff without import:run, anyone signed out and other sites; nothing is written", async () => {
    const before = await peopleCount();
    const file = `${peopleHeader}\nX1,XF1,Eve,Mallory,1990-01-01,BF1 1AA,adult,BR01,2020-01-01`;

    const frontLine = await upload("people", file, "centre_staff");
    expect(frontLine.statusCode).toBe(403);
    expect(frontLine.json().errors).toEqual([
      "Your role cannot do this (it needs import:run). Ask an administrator if you should.",
    ]);
    const signedOut = await upload("people", file, "nobody");
    expect(signedOut.statusCode).toBe(401);
    const crossSite = await upload("people", file, "administrator", {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.statusCode).toBe(403);
    const kiosk = await upload("people", file, "nobody", {
      authorization: "Bearer FHK1-not-a-real-credential",
    });
    expect(kiosk.statusCode).toBe(401);

    expect(await peopleCount()).toBe(before);
  });

  it("takes text/csv only, names the kinds, and holds the upload to 60 MB", async () => {
    const json = await upload("people", JSON.stringify({ a: 1 }), "administrator", {
      "content-type": "application/json",
    });
    expect(json.statusCode).toBe(415);
    const unknown = await upload("caseload", sitesFile, "administrator");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors).toEqual([
      "There is no 'caseload' import: use sites, people, attendances, baseline.",
    ]);
    const empty = await upload("sites", "", "administrator");
    expect(empty.json()).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^The file is empty/)],
    });
    const huge = await upload("sites", Buffer.alloc(61 * 1024 * 1024, 0x61), "administrator");
    expect(huge.statusCode).toBe(413);
    const [row] = await handle.db.select({ n: count() }).from(sites);
    expect(row?.n).toBe(1);
  });
});
