import { createAuth, createStaffUser } from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { makeLocality, makeSite } from "@familyhub/db/factories";
import { families } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server";

const ORIGIN = "http://localhost:3999";
const PASSWORD = "correct horse battery";

describe.each(testDatabaseKinds())("the HTTP server on %s", (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookie: string;
  let siteId: string;

  const trpc = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: `/trpc/${path}`,
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
        cookie,
        ...headers,
      },
      payload: JSON.stringify({ json }),
    });

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const auth = createAuth({
      db: handle.db,
      secret: "x".repeat(40),
      baseURL: ORIGIN,
      production: false,
    });
    const locality = await makeLocality(handle.db);
    siteId = (await makeSite(handle.db, { localityId: locality.id })).id;
    await createStaffUser(auth, {
      email: "cam@example.test",
      name: "Cam",
      password: PASSWORD,
      role: "centre_staff",
      localityId: locality.id,
    });
    app = await buildServer({
      db: handle.db,
      auth,
      publicUrl: ORIGIN,
      production: false,
      logLevel: "silent",
    });
    const signIn = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json", origin: ORIGIN },
      payload: { email: "cam@example.test", password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const setCookie = signIn.headers["set-cookie"];
    const cookies = Array.isArray(setCookie) ? setCookie : [setCookie ?? ""];
    cookie = cookies.map((c) => c.split(";")[0]).join("; ");
    expect(cookies.join("\n")).toMatch(/HttpOnly/i);
    expect(cookies.join("\n")).toMatch(/SameSite=Lax/i);
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("answers /healthz", async () => {
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: true });
  });

  it("signs staff in with a session cookie and knows who they are", async () => {
    const res = await trpc("auth.me", null);
    expect(res.statusCode).toBe(200);
    expect(res.json().result.data.json).toMatchObject({
      email: "cam@example.test",
      role: "centre_staff",
    });
    const anonymous = await trpc("auth.me", null, { cookie: "" });
    expect(anonymous.json().result.data.json).toBeNull();
  });

  it("refuses a wrong password without saying which part was wrong", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json", origin: ORIGIN },
      payload: { email: "cam@example.test", password: "not the password" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toMatch(/stack|at .*\.ts/);
  });

  it("refuses a cross-site change, and nothing is written", async () => {
    const input = {
      siteId,
      postcode: "AB1 2CD",
      members: [
        { firstName: "Eve", lastName: "Mallory", dateOfBirth: "1990-01-01", role: "adult" },
      ],
      consents: { privacyNotice: { version: "2026-09", accepted: true } },
    };
    const crossSite = await trpc("families.create", input, {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.statusCode).toBe(403);
    const [row] = await handle.db.select({ n: count() }).from(families);
    expect(row?.n).toBe(0);
    const sameSite = await trpc("families.create", input);
    expect(sameSite.statusCode).toBe(200);
  });

  it("takes tRPC as JSON POSTs only", async () => {
    const form = await trpc("auth.me", null, { "content-type": "text/plain" });
    expect(form.statusCode).toBe(415);
    const get = await app.inject({
      method: "GET",
      url: "/trpc/families.search?input=%7B%22json%22%3A%7B%22query%22%3A%22Smith%22%7D%7D",
    });
    expect(get.statusCode).toBe(405);
  });

  it("names the field of a wrong shape and never sends a stack trace", async () => {
    const res = await trpc("families.create", {
      siteId: "not-a-uuid",
      postcode: "nope",
      members: [],
      privacyNotice: { version: "x", accepted: false },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.json.message).toContain("siteId");
    expect(body.error.json.message).toContain("postcode");
    expect(body.error.json.data.issues.map((i: { path: string }) => i.path)).toContain("members");
    expect(res.body).not.toContain("stack");
  });

  it("limits batches and body size", async () => {
    const paths = Array.from({ length: 11 }, () => "auth.me").join(",");
    const batch = await app.inject({
      method: "POST",
      url: `/trpc/${paths}?batch=1`,
      headers: { "content-type": "application/json", origin: ORIGIN, cookie },
      payload: JSON.stringify(
        Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, { json: null }])),
      ),
    });
    expect(batch.statusCode).toBe(400);
    const big = await trpc("families.search", { query: "x".repeat(100_000) });
    expect(big.statusCode).toBe(413);
  });

  it("a kiosk without a valid credential is told to be set up again", async () => {
    const res = await trpc("kiosk.today", null, {
      cookie: "",
      authorization: "Bearer FHK1-not-a-real-credential",
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.json.message).toBe(
      "This kiosk needs to be set up again — please ask a member of staff",
    );
  });

  it("sends security headers", async () => {
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
