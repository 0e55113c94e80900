// Sign-in through the council's identity provider (OpenID Connect), against a local stub.
import { createAuth, createStaffUser, enrolTotp, totpCode } from "@familyhub/auth";
import type { DatabaseHandle } from "@familyhub/db";
import { account, auditEvents, session, user } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcStub, type StubUser } from "./oidc-stub.test-utils";
import { buildServer } from "./server";
import { httpClient } from "./server.test-utils";

const ORIGIN = "http://localhost:3997";
const CLIENT = { id: "familyhub-test", secret: "a client secret for the stub" };
const ADMIN_SECRET = "an-administrators-totp-secret-32";

describe.each(testDatabaseKinds())(
  "signing in with the council's identity provider on %s",
  (kind) => {
    let handle: DatabaseHandle;
    let stub: Awaited<ReturnType<typeof startOidcStub>>;
    let app: Awaited<ReturnType<typeof buildServer>>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      handle = await createTestDatabase(kind);
      stub = await startOidcStub(CLIENT);
      const auth = createAuth({
        db: handle.db,
        secret: "x".repeat(40),
        baseURL: ORIGIN,
        production: false,
        oidc: {
          discoveryUrl: stub.discoveryUrl,
          clientId: CLIENT.id,
          clientSecret: CLIENT.secret,
          name: "Fernleigh Council",
        },
      });
      for (const [name, role] of [
        ["cam", "centre_staff"],
        ["admin", "administrator"],
        ["gone", "viewer"],
      ] as const) {
        ids[name] = (
          await createStaffUser(auth, {
            email: `${name}@fernleigh.gov.uk`,
            name,
            password: "a long enough password",
            role,
          })
        ).id;
      }
      await enrolTotp(auth, ids.admin ?? "", ADMIN_SECRET);
      await handle.db
        .update(user)
        .set({ disabledAt: new Date() })
        .where(eq(user.id, ids.gone ?? ""));
      app = await buildServer({
        db: handle.db,
        auth,
        publicUrl: ORIGIN,
        production: false,
        logLevel: "silent",
      });
    });

    afterAll(async () => {
      await app?.close();
      await stub?.close();
      await handle?.close();
    });

    /** The browser's round trip: FamilyHub → the provider (signs `person` in) → FamilyHub's callback. */
    async function viaProvider(person: StubUser) {
      const browser = httpClient(app, ORIGIN);
      stub.signInAs(person);
      const start = await browser.auth("/sign-in/social", {
        provider: "council",
        callbackURL: "/admin/",
        errorCallbackURL: "/admin/sign-in",
      });
      expect(start.statusCode).toBe(200);
      const authorize = await fetch(start.json().url, { redirect: "manual" });
      expect(authorize.status).toBe(302);
      const back = new URL(authorize.headers.get("location") ?? "");
      expect(back.origin).toBe(ORIGIN);
      const callback = await app.inject({
        method: "GET",
        url: back.pathname + back.search,
        headers: { cookie: browser.jar.header(), "sec-fetch-site": "cross-site" },
      });
      browser.jar.take(callback.headers["set-cookie"]);
      return { browser, landedOn: String(callback.headers.location ?? "") };
    }

    const sessionsOf = async (userId: string) =>
      (await handle.db.select({ n: count() }).from(session).where(eq(session.userId, userId)))[0]
        ?.n;

    it("offers the button only because it is configured", async () => {
      const state = await httpClient(app, ORIGIN).trpc("auth.signInState");
      expect(state.json().result.data.json.oidc).toEqual({
        id: "council",
        name: "Fernleigh Council",
      });
    });

    it("signs in a member of staff who already exists, keeping FamilyHub's role", async () => {
      const { browser, landedOn } = await viaProvider({
        sub: "entra-cam",
        email: "cam@fernleigh.gov.uk",
        name: "Cam from Entra",
        roles: ["administrator"],
      });
      expect(landedOn).toBe("/admin/");
      expect(await browser.me()).toMatchObject({
        email: "cam@fernleigh.gov.uk",
        role: "centre_staff",
      });
      const [row] = await handle.db
        .select({ role: user.role })
        .from(user)
        .where(eq(user.id, ids.cam ?? ""));
      expect(row?.role).toBe("centre_staff");
      const [linked] = await handle.db
        .select({ n: count() })
        .from(account)
        .where(and(eq(account.userId, ids.cam ?? ""), eq(account.providerId, "council")));
      expect(linked?.n).toBe(1);
      const [audited] = await handle.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "auth.sign_in.succeeded"),
            eq(auditEvents.entityId, ids.cam ?? ""),
          ),
        );
      expect(audited?.n).toBe(1);
    });

    it("refuses someone the provider knows but FamilyHub does not, and creates no account", async () => {
      const [before] = await handle.db.select({ n: count() }).from(user);
      const { browser, landedOn } = await viaProvider({
        sub: "entra-stranger",
        email: "stranger@fernleigh.gov.uk",
        name: "Stranger",
      });
      expect(landedOn).toMatch(/^\/admin\/sign-in\?error=/);
      expect(await browser.me()).toBeNull();
      const [after] = await handle.db.select({ n: count() }).from(user);
      expect(after?.n).toBe(before?.n);
      const [audited] = await handle.db
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.action, "auth.sign_in.failed"));
      expect(audited?.n).toBeGreaterThanOrEqual(1);
    });

    it("refuses a disabled account", async () => {
      const { browser } = await viaProvider({
        sub: "entra-gone",
        email: "gone@fernleigh.gov.uk",
        name: "Gone",
      });
      expect(await browser.me()).toBeNull();
      expect(await sessionsOf(ids.gone ?? "")).toBe(0);
    });

    it("still asks an administrator for FamilyHub's code after the provider", async () => {
      const { browser } = await viaProvider({
        sub: "entra-admin",
        email: "admin@fernleigh.gov.uk",
        name: "Admin",
      });
      expect(await browser.me()).toBeNull();
      expect((await browser.trpc("staff.list")).statusCode).toBe(401);
      const state = await browser.trpc("auth.signInState");
      expect(state.json().result.data.json.pendingSecondFactor).toMatchObject({ enrolled: true });
      const code = await browser.auth("/two-factor/verify-totp", {
        code: await totpCode(ADMIN_SECRET),
      });
      expect(code.statusCode).toBe(200);
      expect(await browser.me()).toMatchObject({ role: "administrator" });
    });
  },
);
