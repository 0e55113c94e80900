// The kiosk at a door whose Wi-Fi drops, in a real Chromium on the built apps served by a real
// server: a family checks in with the camera (a fake camera showing its printed card), the
// network goes, three families check in anyway, the kiosk is reloaded with no network, the network
// comes back, the queue drains in the admin app, and the register has each of them exactly once.
// Then a member of staff's PIN finds a family who forgot their card, a family switches to Urdu
// (right to left) and Polish, and axe finds no serious or critical problem on any screen, upright
// and sideways.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import {
  callTrpc as call,
  makeFamily as registerFamily,
  newPairingCode,
  printedCard,
  seriousViolations,
} from "./kiosk-helpers";
import { type RunningServer, startFamilyHub } from "./server-process";
import { pngToY4m } from "./y4m";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const PORTRAIT = { width: 768, height: 1024 };
const LANDSCAPE = { width: 1280, height: 800 };
const PIN = "482916";

describe.each(testDatabaseKinds())(
  "the kiosk offline, with staff and in six languages on %s",
  (kind) => {
    const work = mkdtempSync(join(tmpdir(), `familyhub-kiosk-e2e-${kind}-`));
    const shoot = (page: Page, name: string) =>
      kind === "pglite"
        ? page.screenshot({ path: join(docs, name), fullPage: false })
        : Promise.resolve();
    let server: RunningServer;
    let admin: BrowserContext;
    let kiosk: BrowserContext | undefined;
    let page: Page;
    let door: Page;

    const state = {
      siteId: "",
      siteName: "",
      camera: { familyId: "", token: "" },
      offline: [] as { familyId: string; token: string; surname: string }[],
      forgotten: { familyId: "", surname: "" },
      pairingCode: "",
      sessionId: "",
    };

    const makeFamily = (surname: string) => registerFamily(page, state.siteId, surname);

    const register = async () =>
      call<{ attendances: { personId: string; familyId: string; unconfirmed?: boolean }[] }>(
        page,
        "sessions.register",
        { id: state.sessionId },
      );

    beforeAll(async () => {
      mkdirSync(docs, { recursive: true });
      server = await startFamilyHub(kind, work);
      admin = await launchBrowser();
      page = await admin.newPage();
    });

    afterAll(async () => {
      await kiosk?.close();
      await admin?.close();
      await server?.stop();
    });

    it("1. an administrator prepares four families, prints one card and pairs a kiosk", async () => {
      await signIn(page, server.url, "administrator@demo.familyhub.test");
      const today = await call<{ siteId: string; siteName: string }[]>(page, "sessions.forDay", {});
      const first = today[0];
      if (!first) throw new Error("the demo has no session today");
      state.siteId = first.siteId;
      state.siteName = first.siteName;

      state.camera.familyId = await makeFamily("Camera");
      for (const surname of ["Nowak", "Popescu", "Warsame"]) {
        const familyId = await makeFamily(surname);
        const { token } = await call<{ token: string }>(page, "families.issueCard", {
          id: familyId,
        });
        state.offline.push({ familyId, token, surname });
      }
      state.forgotten = { familyId: await makeFamily("Forgetful"), surname: "Forgetful" };

      // The camera family's card is printed as staff print it, and filmed.
      const card = await printedCard(page, server.url, state.camera.familyId);
      state.camera.token = card.token;
      pngToY4m(card.qr, join(work, "card.y4m"));

      await page.goto(`${server.url}/admin/kiosks`);
      await page.getByLabel(/^PIN/).fill(PIN);
      await page.getByRole("button", { name: "Save PIN" }).click();
      await page.getByText("Your kiosk PIN is saved.").waitFor();
      state.pairingCode = await newPairingCode(
        page,
        server.url,
        state.siteName,
        "Church hall door",
      );
      expect(state.pairingCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    });

    it("2. the kiosk installs itself, and the family at the camera checks in online", async () => {
      kiosk = await launchBrowser({ fakeCamera: join(work, "card.y4m"), viewport: LANDSCAPE });
      door = await kiosk.newPage();
      await door.goto(`${server.url}/kiosk/`);
      await door.getByLabel("Pairing code").fill(state.pairingCode);
      await door.getByRole("button", { name: "Pair this kiosk" }).click();
      await door.getByRole("radio", { checked: true }).waitFor();
      state.sessionId =
        (await door.getByRole("radio", { checked: true }).getAttribute("value")) ?? "";
      // The service worker has the app shell before the network goes.
      await door.evaluate("navigator.serviceWorker.ready.then(() => true)");

      const ada = door.getByRole("checkbox", { name: "AdaCamera", exact: true });
      await ada.waitFor({ timeout: 30_000 });
      for (const box of await door.getByRole("checkbox").all()) {
        if (!(await box.isChecked())) await box.check();
      }
      expect(await seriousViolations(door)).toEqual([]);
      await door.getByRole("button", { name: "Check in" }).click();
      await door.getByRole("heading", { name: "You're checked in" }).waitFor();
      expect(await seriousViolations(door)).toEqual([]);
      await door.getByRole("button", { name: "Done" }).click();
      const attended = (await register()).attendances.filter(
        (a) => a.familyId === state.camera.familyId,
      );
      expect(attended).toHaveLength(2);
    });

    it("3. offline, three families check in, the kiosk is reloaded, and nothing is lost", async () => {
      if (!kiosk) throw new Error("no kiosk");
      await kiosk.setOffline(true);
      for (const family of state.offline) {
        await door.getByLabel("Card code").fill(family.token);
        await door.getByLabel("Card code").press("Enter");
        await door.getByRole("heading", { name: "You're checked in" }).waitFor();
        await door.getByText("Will sync").waitFor();
        if (family.surname === "Nowak") await shoot(door, "kiosk-offline.png");
        await door.getByRole("button", { name: "Done" }).click();
      }
      await door
        .getByTestId("sync-mark")
        .filter({ hasText: "3 check-ins waiting to sync" })
        .waitFor();

      // A restart with no network: the app shell, today's sessions and the outbox all survive.
      await door.reload();
      await door.getByRole("radio", { checked: true }).waitFor();
      await door
        .getByTestId("sync-mark")
        .filter({ hasText: "3 check-ins waiting to sync" })
        .waitFor({ timeout: 60_000 });
      const stored = (await door.evaluate(`new Promise((resolve, reject) => {
        const open = indexedDB.open("familyhub-kiosk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("checkIns").objectStore("checkIns").getAll();
          read.onsuccess = () => resolve(read.result.map((item) => Object.keys(item).sort().join(",")));
        };
      })`)) as string[];
      // Nothing personal on the device: the card code, the session, the time and the id.
      expect(new Set(stored)).toEqual(
        new Set(["attempts,cardCode,checkInId,notBefore,scannedAt,sessionId,siteId"]),
      );
      expect((await register()).attendances).toHaveLength(2);

      // Offline, the kiosk cannot say how it is: staff see when it was last heard from.
      await page.goto(`${server.url}/admin/kiosks`);
      await page
        .getByTestId("kiosks-table")
        .getByRole("row")
        .filter({ hasText: "Church hall door" })
        .waitFor();
    });

    it("4. back online, the queue drains, and each family is on the register exactly once", async () => {
      if (!kiosk) throw new Error("no kiosk");
      await kiosk.setOffline(false);
      await door.getByTestId("sync-mark").waitFor({ state: "detached", timeout: 60_000 });
      const row = page
        .getByTestId("kiosks-table")
        .getByRole("row")
        .filter({ hasText: "Church hall door" });
      await row.getByText("None").waitFor({ timeout: 60_000 });
      await row.getByText("Online").waitFor();
      await shoot(page, "kiosks-admin.png");

      const { attendances } = await register();
      const byFamily = (familyId: string) => attendances.filter((a) => a.familyId === familyId);
      expect(
        state.offline.map((f) => `${f.surname}: ${byFamily(f.familyId).length}`),
        await door.locator("body").innerText(),
      ).toEqual(state.offline.map((f) => `${f.surname}: 2`));
      expect(attendances).toHaveLength(2 + 2 * state.offline.length);
      for (const family of state.offline) {
        const theirs = attendances.filter((a) => a.familyId === family.familyId);
        expect(theirs).toHaveLength(2);
        expect(theirs.every((a) => a.unconfirmed === true)).toBe(true);
        expect(new Set(theirs.map((a) => a.personId)).size).toBe(2);
      }
    });

    it("5. a member of staff's PIN finds a family who forgot their card", async () => {
      await door.getByRole("button", { name: "I've forgotten my card" }).click();
      for (const digit of "000000")
        await door.getByRole("button", { name: digit, exact: true }).click();
      await door.getByRole("button", { name: "OK" }).click();
      await door.getByRole("alert").filter({ hasText: "That PIN is not right" }).waitFor();
      expect(await seriousViolations(door)).toEqual([]);
      await door.getByLabel("PIN", { exact: true }).fill(PIN);
      await door.getByRole("button", { name: "OK" }).click();
      await door.getByLabel("First name or surname").fill("forget");
      await door.getByRole("button", { name: "Search" }).click();
      await door
        .getByRole("list")
        .or(door.getByRole("alert"))
        .or(door.getByText("No family found"))
        .first()
        .waitFor();
      const result = door.getByRole("button", {
        name: /^(AdaForgetful and BoForgetful|BoForgetful and AdaForgetful) F\.$/,
      });
      await result.waitFor();
      // First names and an initial: the surname itself never shows.
      expect((await door.locator("main").textContent()) ?? "").not.toMatch(/(^|\s)Forgetful/);
      expect(await seriousViolations(door)).toEqual([]);
      await result.click();
      await door.getByRole("checkbox", { name: "AdaForgetful", exact: true }).waitFor();
      for (const box of await door.getByRole("checkbox").all()) {
        if (!(await box.isChecked())) await box.check();
      }
      await door.getByRole("button", { name: "Check in" }).click();
      await door.getByRole("heading", { name: "You're checked in" }).waitFor();
      await door.getByRole("button", { name: "Done" }).click();
      const theirs = (await register()).attendances.filter(
        (a) => a.familyId === state.forgotten.familyId,
      );
      expect(theirs).toHaveLength(2);
    });

    it("6. a family reads the kiosk in Urdu (right to left) and Polish; axe passes both ways up", async () => {
      for (const viewport of [PORTRAIT, LANDSCAPE]) {
        await door.setViewportSize(viewport);
        await door.getByRole("button", { name: "اردو" }).click();
        await door
          .getByRole("heading", { name: "خوش آمدید! اپنا فیملی کارڈ اسکین کریں" })
          .waitFor();
        expect(await door.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await door.locator("html").getAttribute("lang")).toBe("ur");
        expect(await seriousViolations(door)).toEqual([]);
        await shoot(door, `kiosk-rtl-${viewport === PORTRAIT ? "portrait" : "landscape"}.png`);

        await door.getByRole("button", { name: "Polski" }).click();
        await door.getByRole("heading", { name: "Witamy! Zeskanuj kartę rodziny" }).waitFor();
        expect(await door.locator("html").getAttribute("dir")).toBe("ltr");
        expect(await seriousViolations(door)).toEqual([]);

        await door.getByRole("button", { name: "English" }).click();
        await door.getByRole("heading", { name: "Welcome! Scan your family card" }).waitFor();
        expect(await seriousViolations(door)).toEqual([]);
        await shoot(door, `kiosk-scan-${viewport === PORTRAIT ? "portrait" : "landscape"}.png`);
      }
    });

    it("7. bad input gets a calm answer: a URL, half a code, another authority's card, a stuck scanner", async () => {
      await door.getByRole("button", { name: "English" }).click();
      const input = door.getByLabel("Card code");
      for (const code of [
        "https://example.com/not-a-card",
        state.offline[0]?.token.slice(0, 12) ?? "FH1-",
        "FH1-AAAAAAAAAAAAAAAAAAAAAAAA",
      ]) {
        await input.fill(code);
        await input.press("Enter");
        await door
          .getByRole("alert")
          .filter({ hasText: "This card is not recognised — please ask a member of staff" })
          .waitFor();
        await door.getByRole("button", { name: "Done" }).click();
      }
      // A stuck scanner: the same code twenty times in a second. However the burst falls across
      // the screens it passes through, nobody is checked in twice, and the kiosk still works.
      const token = state.camera.token;
      await input.focus();
      for (let i = 0; i < 20; i++) await door.keyboard.type(`${token}\n`, { delay: 0 });
      const welcome = door.getByRole("heading", { name: "Welcome! Scan your family card" });
      const done = door.getByRole("button", { name: "Done" });
      for (let settled = 0; settled < 3;) {
        await door.waitForTimeout(500);
        if (await done.isVisible()) {
          await done.click();
          settled = 0;
        } else if (await welcome.isVisible()) settled += 1;
      }
      const after = (await register()).attendances;
      expect(after.filter((a) => a.familyId === state.camera.familyId)).toHaveLength(2);
      // And the next deliberate scan of that card is answered as usual.
      await input.fill(token);
      await input.press("Enter");
      await door.getByRole("heading", { name: /already checked in/ }).waitFor();
      await done.click();
      await welcome.waitFor();
    });
  },
);
