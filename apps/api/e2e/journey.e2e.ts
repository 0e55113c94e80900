// The foundation's journey in a real Chromium, on the built apps served by a real server:
// staff register a family and print its card, an administrator pairs a kiosk, the family checks
// in with the camera (a fake camera showing the printed card), a second scan with a USB scanner
// says "already checked in", and the session's register shows them with the time and the kiosk.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import { type RunningServer, startFamilyHub } from "./server-process";
import { pngToY4m } from "./y4m";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

describe.each(testDatabaseKinds())("a family checked in end to end on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-e2e-${kind}-`));
  // Screenshots for the README come from the PGlite run, the one a new user sees.
  const shoot = (page: Page, name: string) =>
    kind === "pglite"
      ? page.screenshot({ path: join(docs, name), fullPage: true })
      : Promise.resolve();
  let server: RunningServer;
  let admin: BrowserContext;
  let kiosk: BrowserContext | undefined;
  let page: Page;

  const state = { centre: "", token: "", pairingCode: "", session: "" };

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

  it("prints the demo logins at start", () => {
    expect(server.output()).toContain("centre-staff@demo.familyhub.test");
    expect(server.output()).toContain("administrator@demo.familyhub.test");
  });

  it("1. a member of staff registers a family of four and prints its card", async () => {
    await signIn(page, server.url, "centre-staff@demo.familyhub.test");
    await page.goto(`${server.url}/admin/families/new`);
    const centre = page.getByLabel("Centre");
    await centre.selectOption({ index: 1 });
    state.centre = (await centre.locator("option:checked").textContent())?.trim() ?? "";
    await page.getByLabel("Postcode").fill("ub8 1uw");
    await page.getByRole("button", { name: "Add an adult" }).click();
    await page.getByRole("button", { name: "Add a child" }).click();
    const members = [
      ["Member 1 (adult)", "Amina", "1990-04-12"],
      ["Member 2 (child)", "Zara", "2022-06-30"],
      ["Member 3 (adult)", "Tunde", "1988-11-02"],
      ["Member 4 (child)", "Kemi", "2025-01-24"],
    ] as const;
    for (const [legend, first, dob] of members) {
      const member = page.getByRole("group", { name: legend });
      await member.getByLabel("First name").fill(first);
      await member.getByLabel("Last name").fill("Okafor");
      await member.getByLabel("Date of birth").fill(dob);
    }
    await page.getByRole("checkbox", { name: /privacy notice/ }).check();
    await page.getByRole("button", { name: "Register family" }).click();
    await page.getByRole("heading", { name: /Okafor/ }).waitFor();
    expect(page.url()).toMatch(/\/admin\/families\/[0-9a-f-]{36}$/);

    await page.getByRole("button", { name: /Issue card/ }).click();
    const card = page.getByTestId("family-card");
    await card.waitFor();
    state.token = ((await page.getByTestId("card-token").textContent()) ?? "").trim();
    expect(state.token).toMatch(/^FH1-[A-Za-z0-9_-]{24}$/);
    expect(page.url()).not.toContain(state.token);
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("Okafor");
    for (const secret of ["Amina", "Zara", "UB8", "2022"]) expect(text).not.toContain(secret);

    await page.emulateMedia({ media: "print" });
    await shoot(page, "card-print.png");
    pngToY4m(await page.getByTestId("card-qr").screenshot(), join(work, "card.y4m"));
    await page.emulateMedia({ media: "screen" });
    await shoot(page, "family.png");
  });

  it("2. an administrator creates a kiosk for the centre and gets a pairing code", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, server.url, "administrator@demo.familyhub.test");
    await page.goto(`${server.url}/admin/kiosks`);
    await page.getByLabel("Site").selectOption({ label: state.centre });
    await page.getByLabel("Kiosk name").fill("Front door");
    await page.getByRole("button", { name: "Create kiosk" }).click();
    state.pairingCode = ((await page.getByTestId("pairing-code").textContent()) ?? "").trim();
    expect(state.pairingCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it("3. the kiosk pairs, shows today's sessions, and the family checks in with the camera", async () => {
    kiosk = await launchBrowser({
      fakeCamera: join(work, "card.y4m"),
      viewport: { width: 1280, height: 800 },
    });
    const door = await kiosk.newPage();
    await door.goto(`${server.url}/kiosk/`);
    await door.getByLabel("Pairing code").fill(state.pairingCode.toLowerCase());
    await door.getByRole("button", { name: "Pair this kiosk" }).click();
    await door.getByRole("radio", { checked: true }).waitFor();
    state.session = (
      (await door.locator("label.session:has(input:checked) .session__name").textContent()) ?? ""
    ).trim();
    expect(state.session).not.toBe("");

    // The camera sees the printed card: the family's first names appear, and nothing else.
    const amina = door.getByRole("checkbox", { name: "Amina", exact: true });
    await amina.waitFor({ timeout: 30_000 });
    // Those the session suits by age are ticked already; the family ticks anyone else who came.
    for (const name of ["Amina", "Tunde", "Zara", "Kemi"]) {
      const box = door.getByRole("checkbox", { name, exact: true });
      if (!(await box.isChecked())) await box.check();
    }
    const screen = (await door.locator("body").textContent()) ?? "";
    for (const secret of ["Okafor", "UB8", "1990"]) expect(screen).not.toContain(secret);
    await shoot(door, "kiosk-members.png");
    await door.getByRole("checkbox", { name: "Tunde", exact: true }).uncheck();
    await door.getByRole("button", { name: "Check in" }).click();
    await door.getByRole("heading", { name: "You're checked in" }).waitFor();
    await shoot(door, "kiosk-success.png");

    // A USB scanner types the code and Enter: Tunde can still come in, the rest are already in.
    await door.getByRole("button", { name: "Done" }).click();
    await door.getByLabel("Card code").fill(state.token);
    await door.getByLabel("Card code").press("Enter");
    const tunde = door.getByRole("checkbox", { name: "Tunde", exact: true });
    await tunde.waitFor();
    // Ticked already only if the session the kiosk chose suits his family's ages: which session
    // that is depends on the time of day (the first not yet over, else the day's last).
    if (!(await tunde.isChecked())) await tunde.check();
    await door.getByRole("button", { name: "Check in" }).click();
    await door.getByRole("heading", { name: "You're checked in" }).waitFor();
    await door.getByRole("button", { name: "Done" }).click();

    // Scanning again the same session makes no second attendance.
    await door.getByLabel("Card code").fill(state.token);
    await door.getByLabel("Card code").press("Enter");
    await door.getByRole("heading", { name: /already checked in/ }).waitFor();
    await shoot(door, "kiosk-already.png");

    await door.getByLabel("Card code").fill("https://example.com/not-a-card");
    await door.getByLabel("Card code").press("Enter");
    await door
      .getByRole("alert")
      .filter({ hasText: "This card is not recognised — please ask a member of staff" })
      .waitFor();
  });

  it("4. the session's register shows them with the time and the kiosk", async () => {
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel("Site").selectOption({ label: state.centre });
    const row = page
      .getByRole("row")
      .filter({ hasText: state.centre })
      .filter({ hasText: state.session });
    await row.getByRole("link").first().click();
    const table = page.getByTestId("register-table");
    await table.waitFor();
    for (const name of ["Amina", "Tunde", "Zara", "Kemi"]) {
      await expect(table.getByRole("row").filter({ hasText: name }).count()).resolves.toBe(1);
    }
    const text = (await table.textContent()) ?? "";
    expect(text).toContain("Front door");
    expect(text).toMatch(/\d{2}:\d{2}/);
    await shoot(page, "register.png");
  });
});
