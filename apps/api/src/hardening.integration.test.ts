// Security headers, CSRF, size limits and generic errors, as SECURITY.md promises them.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuth, createStaffUser } from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { session } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, CSP_NONCE_PLACEHOLDER } from "./server";

const ORIGIN = "http://localhost:3998";
const PASSWORD = "correct horse battery";

/** A built app as Vite leaves it with html.cspNonce set: the placeholder on every tag. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "familyhub-dist-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">` +
      `<script type="module" crossorigin src="/admin/assets/index.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script>` +
      `</head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(dir, "assets", "index.js"), "console.log('hello');");
  return dir;
}

describe.each(testDatabaseKinds())("hardening on %s", (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let production: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const dist = fakeDist();
    const options = { db: handle.db, secret: "x".repeat(40), baseURL: ORIGIN };
    const auth = createAuth({ ...options, production: false });
    await createStaffUser(auth, {
      email: "cam@example.test",
      name: "Cam",
      password: PASSWORD,
      role: "viewer",
    });
    const serverOptions = { db: handle.db, publicUrl: ORIGIN, logLevel: "silent" };
    app = await buildServer({
      ...serverOptions,
      auth,
      production: false,
      adminDist: dist,
      kioskDist: dist,
    });
    production = await buildServer({
      ...serverOptions,
      auth: createAuth({ ...options, production: true }),
      production: true,
      adminDist: dist,
      kioskDist: dist,
    });
  });

  afterAll(async () => {
    await app?.close();
    await production?.close();
    await handle?.close();
  });

  const sessions = async () => (await handle.db.select({ n: count() }).from(session))[0]?.n;

  it("serves the apps with a CSP that has a fresh nonce and no 'unsafe-inline'", async () => {
    const nonces: string[] = [];
    for (const url of ["/admin/", "/admin/families/123", "/kiosk/"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      const styleSrc = csp.split(";").find((d) => d.trim().startsWith("style-src"));
      const nonce = /'nonce-([^']+)'/.exec(styleSrc ?? "")?.[1];
      expect(nonce).toBeTruthy();
      expect(res.body).toContain(`nonce="${nonce}"`);
      expect(res.body).not.toContain(CSP_NONCE_PLACEHOLDER);
      expect(res.headers["cache-control"]).toBe("no-store");
      nonces.push(nonce ?? "");
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    const api = await app.inject({ method: "GET", url: "/healthz" });
    expect(String(api.headers["content-security-policy"])).not.toContain("unsafe-inline");
    expect(api.headers["x-frame-options"]).toBe("DENY");
  });

  it("answers tRPC calls with the strictest CSP and the other security headers, without a nonce", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/trpc/kiosk.today",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer FHK1-not-a-real-credential",
      },
      payload: "{}",
    });
    expect(res.statusCode).toBe(401);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("nonce-");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("sends HSTS and upgrades insecure requests in production", async () => {
    const res = await production.inject({ method: "GET", url: "/admin/" });
    expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(String(res.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
  });

  it("refuses a sign-in posted from another site, and no session is made", async () => {
    const before = await sessions();
    for (const headers of [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      { origin: "null" },
    ]) {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { "content-type": "application/json", ...headers },
        payload: { email: "cam@example.test", password: PASSWORD },
      });
      expect(res.statusCode).toBe(403);
    }
    expect(await sessions()).toBe(before);
    const same = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "sec-fetch-site": "same-origin",
      },
      payload: { email: "cam@example.test", password: PASSWORD },
    });
    expect(same.statusCode).toBe(200);
    expect(await sessions()).toBe((before ?? 0) + 1);
  });

  it("takes tRPC only as a JSON POST", async () => {
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await app.inject({
        method: "POST",
        url: "/trpc/auth.me",
        headers: { "content-type": contentType, origin: ORIGIN },
        payload: "json=null",
      });
      expect(res.statusCode).toBe(415);
    }
  });

  it("refuses bodies over 64 kB before Better Auth or tRPC reads them", async () => {
    const big = JSON.stringify({ email: "cam@example.test", password: "x".repeat(70_000) });
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json", origin: ORIGIN },
      payload: big,
    });
    expect(res.statusCode).toBe(413);
    expect(res.body).not.toMatch(/at .*\.(ts|js)|stack/i);
  });

  it("answers a failure inside with a generic message: no stack, no SQL", async () => {
    const broken = await createTestDatabase(kind);
    const brokenApp = await buildServer({
      db: broken.db,
      auth: createAuth({
        db: broken.db,
        secret: "x".repeat(40),
        baseURL: ORIGIN,
        production: true,
      }),
      publicUrl: ORIGIN,
      production: true,
      logLevel: "silent",
    });
    await broken.close();
    const res = await brokenApp.inject({
      method: "POST",
      url: "/trpc/kiosk.today",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        authorization: "Bearer FHK1-anything",
      },
      payload: JSON.stringify({ json: null }),
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain("Something went wrong on our side");
    expect(res.body).not.toMatch(/select|from "|stack|\.ts:|postgres|pglite|closed/i);
    await brokenApp.close();
  });
});
