// The promises of SECURITY.md about staff sign-in, sessions and rate limits, tried over HTTP
// against a real database; every refusal is checked again in the database.
import {
  type Auth,
  createAuth,
  createStaffUser,
  enrolTotp,
  type SessionPolicy,
  totpCode,
  totpCodeFromUri,
} from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { makeLocality } from "@familyhub/db/factories";
import { auditEvents, session, user } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server";
import { httpClient } from "./server.test-utils";

const ORIGIN = "http://localhost:3999";
const PASSWORD = "correct horse battery";
const ADMIN_SECRET = "an-administrators-totp-secret-32";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabaseKinds())("staff sign-in and sessions on %s", (kind) => {
  let handle: DatabaseHandle;
  const servers: Awaited<ReturnType<typeof buildServer>>[] = [];
  const ids: Record<string, string> = {};

  async function serve(policy?: SessionPolicy) {
    const auth = createAuth({
      db: handle.db,
      secret: "x".repeat(40),
      baseURL: ORIGIN,
      production: false,
      session: policy,
    });
    const app = await buildServer({
      db: handle.db,
      auth,
      publicUrl: ORIGIN,
      production: false,
      logLevel: "silent",
    });
    servers.push(app);
    return { app, auth };
  }

  let app: Awaited<ReturnType<typeof buildServer>>;
  let auth: Auth;

  const audits = async (action: string, entityId?: string) => {
    const [row] = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(
        entityId
          ? and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId))
          : eq(auditEvents.action, action),
      );
    return row?.n ?? 0;
  };
  const sessionsOf = async (userId: string) => {
    const [row] = await handle.db
      .select({ n: count() })
      .from(session)
      .where(eq(session.userId, userId));
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    ({ app, auth } = await serve());
    const locality = await makeLocality(handle.db);
    const people = [
      ["admin", "administrator"],
      ["dora", "data_officer"],
      ["cam", "centre_staff"],
      ["eve", "centre_staff"],
      ["lee", "centre_staff"],
    ] as const;
    for (const [name, role] of people) {
      const created = await createStaffUser(auth, {
        email: `${name}@example.test`,
        name,
        password: PASSWORD,
        role,
        localityId: role === "centre_staff" ? locality.id : null,
      });
      ids[name] = created.id;
    }
    await enrolTotp(auth, ids.admin ?? "", ADMIN_SECRET);
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await handle?.close();
  });

  async function signedInAdmin() {
    const admin = httpClient(app, ORIGIN);
    const first = await admin.signIn("admin@example.test", PASSWORD);
    expect(first.json()).toMatchObject({ twoFactorRedirect: true });
    const verified = await admin.auth("/two-factor/verify-totp", {
      code: await totpCode(ADMIN_SECRET),
    });
    expect(verified.statusCode).toBe(200);
    return admin;
  }

  it("lets a role that sees social care data do nothing but enrol until its session proves a code", async () => {
    const dora = httpClient(app, ORIGIN);
    const signIn = await dora.signIn("dora@example.test", PASSWORD);
    expect(signIn.statusCode).toBe(200);
    expect(await dora.me()).toBeNull();
    const state = await dora.trpc("auth.signInState");
    expect(state.json().result.data.json.pendingSecondFactor).toMatchObject({
      email: "dora@example.test",
      enrolled: false,
    });
    expect((await dora.trpc("sites.list")).statusCode).toBe(401);
    const changePassword = await dora.auth("/change-password", {
      currentPassword: PASSWORD,
      newPassword: "a different password",
    });
    expect(changePassword.statusCode).toBe(403);
    // The refused calls changed nothing: the session is still unproven, the password the same.
    const [unproven] = await handle.db
      .select({ verifiedAt: session.twoFactorVerifiedAt })
      .from(session)
      .where(eq(session.userId, ids.dora ?? ""));
    expect(unproven?.verifiedAt).toBeNull();

    const enable = await dora.auth("/two-factor/enable", { password: PASSWORD });
    expect(enable.statusCode).toBe(200);
    const { totpURI, backupCodes } = enable.json();
    expect(backupCodes).toHaveLength(10);
    const wrong = await dora.auth("/two-factor/verify-totp", { code: "12345" });
    expect(wrong.statusCode).not.toBe(200);
    expect(await dora.me()).toBeNull();
    const right = await dora.auth("/two-factor/verify-totp", {
      code: await totpCodeFromUri(totpURI),
    });
    expect(right.statusCode).toBe(200);
    expect(await dora.me()).toMatchObject({ role: "data_officer" });
    expect((await dora.trpc("sites.list")).statusCode).toBe(200);
    const [row] = await handle.db
      .select({ enabled: user.twoFactorEnabled })
      .from(user)
      .where(eq(user.id, ids.dora ?? ""));
    expect(row?.enabled).toBe(true);
    expect(await audits("auth.second_factor.enrolment_started", ids.dora)).toBe(1);
    expect(await audits("auth.second_factor.succeeded", ids.dora)).toBe(1);

    // Next time the password alone opens no session: the code comes first.
    const again = httpClient(app, ORIGIN);
    const password = await again.signIn("dora@example.test", PASSWORD);
    expect(password.json()).toMatchObject({ twoFactorRedirect: true });
    expect(await again.me()).toBeNull();
    expect(await audits("auth.second_factor.required", ids.dora)).toBe(1);
    const bad = await again.auth("/two-factor/verify-totp", { code: "000000" });
    expect(bad.statusCode).toBe(401);
    expect(await audits("auth.second_factor.failed")).toBeGreaterThanOrEqual(1);
    const code = await again.auth("/two-factor/verify-totp", {
      code: await totpCodeFromUri(totpURI),
    });
    expect(code.statusCode).toBe(200);
    expect(await again.me()).toMatchObject({ role: "data_officer" });
    // And a backup code works once.
    const backup = httpClient(app, ORIGIN);
    await backup.signIn("dora@example.test", PASSWORD);
    const used = await backup.auth("/two-factor/verify-backup-code", { code: backupCodes[0] });
    expect(used.statusCode).toBe(200);
    expect(await backup.me()).toMatchObject({ role: "data_officer" });
  });

  it("resets a lost authenticator: signed out, and set up again before anything else", async () => {
    const admin = await signedInAdmin();
    const dora = httpClient(app, ORIGIN);
    await dora.signIn("dora@example.test", PASSWORD);
    const reset = await admin.trpc("staff.resetTwoFactor", { userId: ids.dora });
    expect(reset.statusCode).toBe(200);
    expect(await sessionsOf(ids.dora ?? "")).toBe(0);
    const [row] = await handle.db
      .select({ enabled: user.twoFactorEnabled })
      .from(user)
      .where(eq(user.id, ids.dora ?? ""));
    expect(row?.enabled).toBe(false);
    expect(await audits("staff.two_factor_reset", ids.dora)).toBe(1);
    const again = httpClient(app, ORIGIN);
    expect((await again.signIn("dora@example.test", PASSWORD)).json()).not.toHaveProperty(
      "twoFactorRedirect",
    );
    const state = await again.trpc("auth.signInState");
    expect(state.json().result.data.json.pendingSecondFactor).toMatchObject({ enrolled: false });
    expect(await again.me()).toBeNull();
  });

  it("signs front-line staff in with a password alone, and audits it", async () => {
    const cam = httpClient(app, ORIGIN);
    expect((await cam.signIn("cam@example.test", PASSWORD)).statusCode).toBe(200);
    expect(await cam.me()).toMatchObject({ role: "centre_staff" });
    expect(await audits("auth.sign_in.succeeded", ids.cam)).toBeGreaterThanOrEqual(1);
    await cam.auth("/sign-out", {});
    expect(await cam.me()).toBeNull();
    expect(await audits("auth.signed_out", ids.cam)).toBe(1);
  });

  it("ends every session of an account an administrator disables, at once", async () => {
    const admin = await signedInAdmin();
    expect(await admin.me()).toMatchObject({ role: "administrator" });
    const cam = httpClient(app, ORIGIN);
    await cam.signIn("cam@example.test", PASSWORD);
    const camElsewhere = httpClient(app, ORIGIN, "10.1.1.1");
    await camElsewhere.signIn("cam@example.test", PASSWORD);
    expect(await cam.me()).toMatchObject({ email: "cam@example.test" });
    expect(await sessionsOf(ids.cam ?? "")).toBe(2);

    // Someone without staff:manage cannot, and nothing changes.
    const lee = httpClient(app, ORIGIN);
    await lee.signIn("lee@example.test", PASSWORD);
    const refused = await lee.trpc("staff.setDisabled", { userId: ids.cam, disabled: true });
    expect(refused.statusCode).toBe(403);
    expect(await sessionsOf(ids.cam ?? "")).toBe(2);

    const list = await admin.trpc("staff.list");
    expect(list.json().result.data.json.map((s: { email: string }) => s.email)).toContain(
      "cam@example.test",
    );
    const disabled = await admin.trpc("staff.setDisabled", { userId: ids.cam, disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().result.data.json).toMatchObject({ sessionsEnded: 2 });
    expect(await cam.me()).toBeNull();
    expect(await camElsewhere.me()).toBeNull();
    expect(await sessionsOf(ids.cam ?? "")).toBe(0);
    expect(await audits("staff.disabled", ids.cam)).toBe(1);

    const back = await cam.signIn("cam@example.test", PASSWORD);
    expect(back.statusCode).not.toBe(200);
    expect(await sessionsOf(ids.cam ?? "")).toBe(0);

    const self = await admin.trpc("staff.setDisabled", { userId: ids.admin, disabled: true });
    expect(self.statusCode).toBe(400);
    const [adminRow] = await handle.db
      .select({ disabledAt: user.disabledAt })
      .from(user)
      .where(eq(user.id, ids.admin ?? ""));
    expect(adminRow?.disabledAt).toBeNull();

    await admin.trpc("staff.setDisabled", { userId: ids.cam, disabled: false });
    expect((await cam.signIn("cam@example.test", PASSWORD)).statusCode).toBe(200);
    expect(await audits("staff.enabled", ids.cam)).toBe(1);
  });

  it("slows wrong passwords per account and address, and never locks the real person out", async () => {
    const attacker = httpClient(app, ORIGIN, "203.0.113.9");
    for (let i = 0; i < 3; i++) {
      expect((await attacker.signIn("eve@example.test", "guess number " + i)).statusCode).toBe(401);
    }
    // The fourth wrong password starts a wait; during it even the right one is not checked.
    expect((await attacker.signIn("eve@example.test", "guess number 4")).statusCode).toBe(401);
    const waiting = await attacker.signIn("eve@example.test", PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers["retry-after"])).toBeGreaterThan(0);
    expect(await sessionsOf(ids.eve ?? "")).toBe(0);

    // Eve herself, at her own desk, signs in at once.
    const eve = httpClient(app, ORIGIN, "198.51.100.20");
    expect((await eve.signIn("eve@example.test", PASSWORD)).statusCode).toBe(200);
    expect(await eve.me()).toMatchObject({ email: "eve@example.test" });

    // A back-off is a wait, not a lock.
    await sleep(1100);
    expect((await attacker.signIn("eve@example.test", PASSWORD)).statusCode).toBe(200);
    expect(await audits("auth.sign_in.failed", ids.eve)).toBe(4);
    expect(await audits("auth.sign_in.backoff", ids.eve)).toBe(1);
  });

  it("limits the rate of sign-ins, kiosk scans and exports", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { "content-type": "application/json", origin: ORIGIN },
        payload: { email: `nobody-${i}@example.test`, password: "not a password" },
        remoteAddress: "192.0.2.50",
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);

    const scan = (credential: string) =>
      app.inject({
        method: "POST",
        url: "/trpc/kiosk.lookup",
        headers: {
          "content-type": "application/json",
          origin: ORIGIN,
          authorization: `Bearer ${credential}`,
        },
        payload: JSON.stringify({ json: { code: "FH-NOT-A-CARD" } }),
        remoteAddress: "192.0.2.60",
      });
    for (let i = 0; i < 120; i++) expect((await scan("FHK1-one")).statusCode).not.toBe(429);
    expect((await scan("FHK1-one")).statusCode).toBe(429);
    // Another kiosk behind the same address has its own budget.
    expect((await scan("FHK1-two")).statusCode).not.toBe(429);

    const lee = httpClient(app, ORIGIN, "192.0.2.70");
    await lee.signIn("lee@example.test", PASSWORD);
    for (let i = 0; i < 10; i++) {
      expect((await lee.trpc("audit.exportCsv", { filter: {} })).statusCode).not.toBe(429);
    }
    expect((await lee.trpc("audit.exportCsv", { filter: {} })).statusCode).toBe(429);
  });

  it("ends a session left idle, and keeps one in use", async () => {
    // Three seconds idle stand for thirty minutes.
    const idle = await serve({ idleMinutes: 3 / 60, maxHours: 12 });
    const eve = httpClient(idle.app, ORIGIN, "198.51.100.30");
    expect((await eve.signIn("eve@example.test", PASSWORD)).statusCode).toBe(200);
    await sleep(1600);
    expect(await eve.me()).not.toBeNull();
    await sleep(2000);
    // 3.6 s after sign-in, but used 2 s ago.
    expect(await eve.me()).not.toBeNull();
    await sleep(3600);
    expect(await eve.me()).toBeNull();
  });

  it("ends a session at its absolute limit however busy", async () => {
    const busy = await serve({ idleMinutes: 30, maxHours: 3 / 3600 });
    const lee = httpClient(busy.app, ORIGIN, "198.51.100.40");
    expect((await lee.signIn("lee@example.test", PASSWORD)).statusCode).toBe(200);
    const [created] = await handle.db
      .select({ id: session.id })
      .from(session)
      .where(eq(session.userId, ids.lee ?? ""))
      .orderBy(desc(session.createdAt))
      .limit(1);
    for (let i = 0; i < 2; i++) {
      await sleep(1000);
      expect(await lee.me()).not.toBeNull();
    }
    await sleep(1500);
    expect(await lee.me()).toBeNull();
    const [still] = await handle.db
      .select({ n: count() })
      .from(session)
      .where(eq(session.id, created?.id ?? ""));
    expect(still?.n).toBe(0);
  });
});
