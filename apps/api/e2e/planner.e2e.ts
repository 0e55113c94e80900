// Locality planning in a real Chromium, on the built apps served by a real server: a member of
// centre staff adds next term, adds a 10-week course to the catalogue and plans it at two
// centres of the locality (seeing its dates, closures left out, before saving), sees the
// duplication warning the two make and a gap in the offer, books a family on the whole course
// (the grown-up outside the age range needs a reason), the family checks in at the kiosk, and
// the session's register shows them. axe finds no serious or critical problem on the planner
// or the register.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import { callTrpc as call, makeFamily, newPairingCode, seriousViolations } from "./kiosk-helpers";
import { type RunningServer, startFamilyHub } from "./server-process";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const COURSE = "Positive Parenting Course";
const FIRST = "Oakhurst Family Hub";
const SECOND = "Brindle Heath Children's Centre";

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const londonToday = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

describe.each(testDatabaseKinds())("a term planned across a locality on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-planner-e2e-${kind}-`));
  // The planner's page is long (the duplicates and gaps under the grid): its screenshot is the
  // first screen, the grid; the register's is the whole page.
  const shoot = (page: Page, name: string, fullPage = true) =>
    kind === "pglite" ? page.screenshot({ path: join(docs, name), fullPage }) : Promise.resolve();
  let server: RunningServer;
  let staff: BrowserContext;
  let adminBrowser: BrowserContext | undefined;
  let kiosk: BrowserContext | undefined;
  let page: Page;

  const state = { siteId: "", familyId: "", token: "", sessionId: "", today: londonToday() };

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    server = await startFamilyHub(kind, work);
    staff = await launchBrowser({ viewport: { width: 1440, height: 900 } });
    page = await staff.newPage();
  });

  afterAll(async () => {
    await kiosk?.close();
    await adminBrowser?.close();
    await staff?.close();
    await server?.stop();
  });

  it("1. centre staff add next term, so a 10-week course fits", async () => {
    await signIn(page, server.url, "centre-staff@demo.familyhub.test");
    const terms = await call<{ endsOn: string }[]>(page, "programmes.terms", {});
    const lastDay =
      terms
        .map((t) => t.endsOn)
        .sort()
        .at(-1) ?? state.today;
    await page.goto(`${server.url}/admin/planner`);
    await page.getByRole("heading", { name: "Planner", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "Add a term" });
    await form.getByLabel("Term name").fill("Next term");
    await form.getByLabel("First day").fill(addDays(lastDay, 1));
    await form.getByLabel("Last day").fill(addDays(lastDay, 120));
    await form.getByRole("button", { name: "Add term" }).click();
    await page.getByRole("listitem").filter({ hasText: "Next term:" }).waitFor();
  });

  it("2. they add the course to the catalogue with the programme form", async () => {
    await page.goto(`${server.url}/admin/programmes/new`);
    // The schema's own message, before anything is sent.
    await page.getByRole("button", { name: "Add programme" }).click();
    await page.getByText("Give the programme a name").waitFor();
    await page.getByLabel("Name").fill(COURSE);
    await page.getByLabel("Service area").fill("Parenting");
    await page.getByLabel("Youngest age", { exact: true }).fill("0");
    await page.getByLabel("Oldest age: unit", { exact: true }).selectOption("years");
    await page.getByLabel("Oldest age", { exact: true }).fill("5");
    await page.getByLabel("Places per session").fill("12");
    await page.getByLabel("Length in weeks").fill("10");
    await page.getByRole("button", { name: "Add programme" }).click();
    const row = page.getByTestId("programmes-table").getByRole("row").filter({ hasText: COURSE });
    await row.waitFor();
    expect(await row.textContent()).toContain("0–5 years");
  });

  it("3. they plan it weekly at two centres, seeing its ten dates before saving", async () => {
    await page.goto(`${server.url}/admin/planner/new`);
    await page.getByLabel("Programme").selectOption({ label: COURSE });
    await page.getByLabel("First date").fill(state.today);
    await page.getByLabel("Starts at").fill("09:30");
    await page.getByLabel("Ends at").fill("11:30");
    for (const centre of [FIRST, SECOND]) {
      await page.getByLabel("Centre").selectOption({ label: centre });
      await expect
        .poll(async () => page.getByTestId("preview-count").textContent(), { timeout: 15_000 })
        .toBe("10 sessions");
      const saved = page.waitForResponse((r) => r.url().includes("sessions.createSeries"));
      await page.getByRole("button", { name: "Plan these sessions" }).click();
      expect((await saved).ok()).toBe(true);
      await page.getByTestId("planned").filter({ hasText: "10 sessions were planned" }).waitFor();
    }
    state.siteId =
      (await call<{ id: string; name: string }[]>(page, "sites.list", {})).find(
        (s) => s.name === FIRST,
      )?.id ?? "";
    expect(state.siteId).not.toBe("");
  });

  it("4. the planner shows the duplication, in words too, and a gap", async () => {
    await page.goto(`${server.url}/admin/planner`);
    const grid = page.getByTestId("planner-grid");
    await grid.waitFor();
    const clashes = grid
      .getByTestId("planner-slot")
      .filter({ hasText: COURSE })
      .filter({ has: page.getByTestId("clash-badge") });
    await expect.poll(() => clashes.count(), { timeout: 20_000 }).toBe(2);
    // A screen reader hears which session it clashes with, not only a colour.
    const spoken = (await clashes.first().textContent()) ?? "";
    expect(spoken).toMatch(/Duplicate warning: Positive Parenting Course at .+ too/);
    const warning = page
      .getByTestId("duplicates-panel")
      .getByRole("listitem")
      .filter({ hasText: COURSE });
    await warning.waitFor();
    const words = (await warning.textContent()) ?? "";
    expect(words).toContain(FIRST);
    expect(words).toContain(SECOND);

    const gaps = page.getByTestId("gaps-ages");
    await gaps.waitFor();
    expect(await gaps.textContent()).toMatch(/\d+ under-ones registered, [\d,]+ places? a week/);
    expect(await page.locator('[data-gap="yes"]').count()).toBeGreaterThan(0);

    expect(await seriousViolations(page)).toEqual([]);
    // A string evaluated in the page: this package is typed for Node, without the DOM.
    await page.evaluate("window.scrollTo(0, 0)");
    await shoot(page, "planner.png", false);
  });

  it("5. they book a family on the whole course; the grown-up needs a reason", async () => {
    state.familyId = await makeFamily(page, state.siteId, "Planner");
    const { token } = await call<{ token: string }>(page, "families.issueCard", {
      id: state.familyId,
    });
    state.token = token;

    await page.goto(`${server.url}/admin/planner`);
    await page
      .getByRole("link", { name: new RegExp(`^${COURSE}, 09:30 at ${FIRST}: open the register`) })
      .click();
    await page.getByRole("heading", { name: COURSE, level: 1 }).waitFor();
    state.sessionId = page.url().split("/").at(-1) ?? "";

    await page.getByLabel("Find a family").fill("Planner");
    await page.getByRole("button", { name: /^Planner, UB8 1UW/ }).click();
    await page.getByRole("button", { name: "Tick the whole family" }).click();
    await page.getByRole("button", { name: "Book on this session" }).click();
    const outcome = page.getByTestId("booking-outcome");
    await outcome.filter({ hasText: "give a reason for the override" }).waitFor();
    expect(await outcome.textContent()).toContain("BoPlanner Planner: booked");
    await page
      .getByLabel("Reason for booking outside the age range")
      .fill("Comes with her son: the course is for the parent");
    // Ada stays ticked, with the reason typed: booking again books her.
    await page.getByRole("button", { name: "Book on this session" }).click();
    await outcome.filter({ hasText: "AdaPlanner Planner: booked" }).waitFor();
    await page.getByTestId("bookings-table").filter({ hasText: "AdaPlanner" }).waitFor();

    // And the rest of the course for both.
    await page.getByRole("button", { name: "Tick the whole family" }).click();
    await page.getByRole("button", { name: "Book on the whole course" }).click();
    await outcome.filter({ hasText: /AdaPlanner Planner: booked on \d+ sessions/ }).waitFor();
    expect(await outcome.textContent()).toMatch(/BoPlanner Planner: booked on \d+ sessions/);

    const register = await call<{ bookings: { firstName: string; status: string }[] }>(
      page,
      "sessions.register",
      { id: state.sessionId },
    );
    expect(
      register.bookings
        .filter((b) => b.status === "booked")
        .map((b) => b.firstName)
        .sort(),
    ).toEqual(["AdaPlanner", "BoPlanner"]);
  });

  it("6. the family checks in at the kiosk and the register shows them", async () => {
    adminBrowser = await launchBrowser();
    const adminPage = await adminBrowser.newPage();
    await signIn(adminPage, server.url, "administrator@demo.familyhub.test");
    const code = await newPairingCode(adminPage, server.url, FIRST, "Front desk");

    kiosk = await launchBrowser();
    const door = await kiosk.newPage();
    await door.goto(`${server.url}/kiosk/`);
    await door.getByLabel("Pairing code").fill(code);
    await door.getByRole("button", { name: "Pair this kiosk" }).click();
    await door.getByRole("radio", { name: new RegExp(COURSE) }).check();
    await door.getByLabel("Card code").fill(state.token);
    await door.getByLabel("Card code").press("Enter");
    for (const name of ["AdaPlanner", "BoPlanner"]) {
      const box = door.getByRole("checkbox", { name, exact: true });
      await box.waitFor();
      if (!(await box.isChecked())) await box.check();
    }
    await door.getByRole("button", { name: "Check in" }).click();
    await door.getByRole("heading", { name: "You're checked in" }).waitFor();

    await page.reload();
    const table = page.getByTestId("register-table");
    await table.waitFor();
    for (const name of ["AdaPlanner", "BoPlanner"]) {
      const row = table.getByRole("row").filter({ hasText: name });
      await expect(row.count()).resolves.toBe(1);
      expect(await row.textContent()).toContain('Kiosk "Front desk"');
    }
    const booked = page.getByTestId("bookings-table");
    await expect
      .poll(async () => booked.locator("tbody").getByText("Here", { exact: true }).count())
      .toBe(2);
    expect(await page.getByTestId("register-count").textContent()).toBe("2 people checked in");

    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "register.png");
    // The paper register to take to an outreach venue: everyone booked, with boxes to tick.
    await page.emulateMedia({ media: "print" });
    const paper = page.getByTestId("paper-register");
    expect(await paper.isVisible()).toBe(true);
    expect(await paper.textContent()).toContain("AdaPlanner Planner");
    await page.emulateMedia({ media: "screen" });
  });
  it("7. an edit made meanwhile by someone else is not overwritten, and what was typed stays", async () => {
    await page.goto(`${server.url}/admin/sessions/${state.sessionId}`);
    await page.getByRole("link", { name: "Edit or cancel this session" }).click();
    const places = page.getByLabel("Places", { exact: true });
    await places.waitFor();
    await places.fill("14");
    // A colleague saves the same session first.
    const read = await call<{ version: number }>(page, "sessions.get", { id: state.sessionId });
    await call(page, "sessions.update", {
      id: state.sessionId,
      version: read.version,
      capacity: 20,
    });

    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("conflict").filter({ hasText: "Changed by someone else" }).waitFor();
    expect(await places.inputValue()).toBe("14");
    const between = await call<{ capacity: number }>(page, "sessions.get", { id: state.sessionId });
    expect(between.capacity).toBe(20);

    await page.getByRole("button", { name: "Load their version" }).click();
    await page.getByTestId("latest-version").filter({ hasText: "20 places" }).waitFor();
    expect(await places.inputValue()).toBe("14");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").filter({ hasText: "The session is saved." }).waitFor();
    const after = await call<{ capacity: number }>(page, "sessions.get", { id: state.sessionId });
    expect(after.capacity).toBe(14);
  });

  it("8. the course's completion and the programme reports", async () => {
    await page.goto(`${server.url}/admin/sessions/${state.sessionId}`);
    await page.getByRole("link", { name: "Course completion" }).click();
    const table = page.getByTestId("completion-table");
    await table.waitFor();
    for (const name of ["AdaPlanner", "BoPlanner"]) {
      const row = table.getByRole("row").filter({ hasText: name });
      expect(await row.textContent()).toMatch(/\d+ of \d+\s*\(10 in the course\)/);
    }

    await page.goto(`${server.url}/admin/reports`);
    await page.getByRole("tab", { name: "Centres and localities" }).click();
    const centres = page.getByTestId("report-centres");
    await centres.waitFor();
    expect(await centres.textContent()).toContain(FIRST);
    await page.getByRole("tab", { name: "Targeted programmes" }).click();
    const targeted = page.getByTestId("report-targeted");
    await targeted.waitFor();
    expect(await targeted.getByRole("row").count()).toBe(12);
  });
});
