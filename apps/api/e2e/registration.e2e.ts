// Staff registration and "tell us once" in a real Chromium, on the built admin app served by a
// real server: a member of staff registers a whole family (contact details, an unborn child,
// the optional details of each member, every consent), then starts registering the same family
// again with a typo in a name and the day and month of two birthdays swapped. The form finds
// the family before saving, shows it side by side, and opens it instead of making a duplicate.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import { type RunningServer, startFamilyHub } from "./server-process";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

// A due date two months ahead, as the date input takes it.
const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
const [dueYear, dueMonth, dueDay] = due.split("-");

describe.each(testDatabaseKinds())("registering a family, and not twice, on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-registration-${kind}-`));
  const shoot = (page: Page, name: string, fullPage = true) =>
    kind === "pglite" ? page.screenshot({ path: join(docs, name), fullPage }) : Promise.resolve();
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let familyUrl = "";

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    server = await startFamilyHub(kind, work);
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    page = await browser.newPage();
    // No smooth scrolling, so a screenshot shows the page where it will stay.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await signIn(page, server.url, "centre-staff@demo.familyhub.test");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const member = (legend: string) => page.getByRole("group", { name: legend });

  /** The same family as in step 1, typed again with a slip in a name and two dates swapped. */
  async function typeTheFamilyAgain() {
    await page.goto(`${server.url}/admin/families/new`);
    await page.getByLabel("Centre").selectOption({ index: 2 });
    await page.getByLabel("Postcode").fill("UB81UW");
    const dad = member("Member 1 (adult)");
    await dad.getByLabel("First name").fill("Jonathon");
    await dad.getByLabel("Last name").fill("adeyemi");
    await dad.getByLabel("Date of birth").fill("1988-07-03");
    const tobi = member("Member 2 (child)");
    await tobi.getByLabel("First name").fill("Tobi");
    await tobi.getByLabel("Last name").fill("Adeyemi");
    await tobi.getByLabel("Date of birth").fill("2023-04-05");
    await page.getByRole("checkbox", { name: /privacy notice/ }).check();
    await page.getByRole("button", { name: "Register family" }).click();
  }

  it("1. staff register a whole family, with a baby on the way and every consent", async () => {
    await page.goto(`${server.url}/admin/families/new`);
    await page.getByLabel("Centre").selectOption({ index: 1 });
    await page.getByLabel("Postcode").fill("ub8 1uw");
    await page.getByLabel("Address line 1").fill("12 Station Road");
    await page.getByLabel("Town").fill("Uxbridge");
    await page.getByLabel("Phone").fill("07700 900123");
    await page.getByLabel("Email").fill("jonathan@example.test");
    await page.getByLabel("How they heard about us").selectOption({ label: "Health visitor" });

    const dad = member("Member 1 (adult)");
    await dad.getByLabel("First name").fill("Jonathan");
    await dad.getByLabel("Last name").fill("Adeyemi");
    await dad.getByLabel("Date of birth").fill("1988-03-07");
    await dad.getByRole("button", { name: "More about Jonathan" }).click();
    await dad.getByLabel("Relationship").selectOption({ label: "Father" });
    await dad.getByLabel("Sex").selectOption({ label: "Male" });
    await dad.getByLabel("Ethnicity").selectOption({ label: "Black African (BAFR)" });
    await dad.getByLabel("First language").fill("Yoruba");

    const tobi = member("Member 2 (child)");
    await tobi.getByLabel("First name").fill("Tobi");
    await tobi.getByLabel("Last name").fill("Adeyemi");
    await tobi.getByLabel("Date of birth").fill("2023-05-04");
    await tobi.getByRole("button", { name: "More about Tobi" }).click();
    await tobi.getByLabel("Relationship").selectOption({ label: "Child" });
    await tobi.getByLabel("Has a disability").check();
    await tobi.getByLabel("Special educational needs").selectOption({ label: "SEN support" });

    await page.getByRole("button", { name: "Add a child" }).click();
    const baby = member("Member 3 (child)");
    await baby.getByLabel("First name").fill("Baby");
    await expect(baby.getByLabel("Last name").inputValue()).resolves.toBe("Adeyemi");
    await baby.getByLabel(/Not born yet/).check();
    await baby.getByLabel("Expected due date").fill(due);

    await page.getByRole("checkbox", { name: /privacy notice/ }).check();
    await page.getByRole("checkbox", { name: /partner services/ }).check();
    await page.getByRole("checkbox", { name: /Photographs/ }).check();
    await page.getByRole("button", { name: "Register family" }).click();

    await page.getByRole("heading", { name: "Adeyemi" }).waitFor();
    familyUrl = page.url();
    expect(familyUrl).toMatch(/\/admin\/families\/[0-9a-f-]{36}$/);
    const members = page.getByTestId("members-table");
    await expect(
      members.getByRole("row").filter({ hasText: "Baby Adeyemi" }).textContent(),
    ).resolves.toContain(`Not born yet (due ${dueDay}/${dueMonth}/${dueYear})`);
    const jonathan =
      (await members.getByRole("row").filter({ hasText: "Jonathan" }).textContent()) ?? "";
    for (const detail of ["Father", "Male", "Black African", "First language Yoruba"]) {
      expect(jonathan).toContain(detail);
    }
    const tobiRow =
      (await members.getByRole("row").filter({ hasText: "Tobi" }).textContent()) ?? "";
    expect(tobiRow).toContain("Has a disability");
    expect(tobiRow).toContain("SEN support");
    const body = (await page.locator("main").textContent()) ?? "";
    for (const text of ["12 Station Road, Uxbridge", "07700900123", "Health visitor"]) {
      expect(body).toContain(text);
    }
    const consents = (await page.getByTestId("consents").textContent()) ?? "";
    expect(consents).toMatch(/Privacy notice version \d{4}-\d{2}: agreed/);
    expect(consents).toContain("Sharing information with partner services: agreed");
    expect(consents).toContain("Photographs at sessions: agreed");
  });

  it("2. registering them again with a typo and swapped dates shows the family, and opens it", async () => {
    await typeTheFamilyAgain();

    const warning = page.getByTestId("duplicate-warning");
    await warning.getByRole("heading", { name: "Is this the same family?" }).waitFor();
    const candidate = warning.getByTestId("duplicate-candidate");
    await expect(candidate.count()).resolves.toBe(1);
    const text = (await candidate.textContent()) ?? "";
    expect(text).toContain("The Adeyemi family");
    expect(text).toContain("Jonathan Adeyemi");
    expect(text).toContain("Baby Adeyemi");
    expect(text).toContain("first name one letter different (you typed Jonathon)");
    expect(text).toContain("same date of birth with day and month swapped");
    // The warning scrolled into view; the picture is of the whole page, from the top.
    await page.evaluate("window.scrollTo(0, 0)");
    await shoot(page, "registration.png");

    await candidate.getByRole("link", { name: "Open this family" }).click();
    await page.getByRole("heading", { name: "Adeyemi" }).waitFor();
    expect(page.url()).toBe(familyUrl);
    // Nothing was registered twice.
    await page.goto(`${server.url}/admin/families`);
    await page.getByLabel("Search families").fill("Adeyemi");
    await page.getByRole("row").filter({ hasText: "UB8 1UW" }).first().waitFor();
    await expect(page.getByRole("row").filter({ hasText: "UB8 1UW" }).count()).resolves.toBe(1);
  });

  it("3. registered twice anyway, the locality lead merges the records and nothing is lost", async () => {
    await typeTheFamilyAgain();
    await page.getByRole("button", { name: "Register as a new family" }).click();
    await page.getByRole("heading", { name: "Adeyemi" }).waitFor();
    const duplicateUrl = page.url();
    expect(duplicateUrl).not.toBe(familyUrl);
    expect(duplicateUrl).toMatch(/\/admin\/families\/[0-9a-f-]{36}$/);
    // Centre staff cannot merge; a locality lead can.
    await expect(page.getByRole("button", { name: "Merge into…" }).count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, server.url, "locality-lead@demo.familyhub.test");
    await page.goto(duplicateUrl);
    await page.getByRole("button", { name: "Merge into…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: /The Adeyemi family, UB8 1UW/ }).check();
    const preview = dialog.getByTestId("merge-preview");
    await preview.waitFor();
    const text = (await preview.textContent()) ?? "";
    expect(text).toContain("Jonathon adeyemi is already in that family as Jonathan Adeyemi");
    expect(text).toContain("Tobi Adeyemi is already in that family:");
    await shoot(page, "merge.png", false);
    await dialog.getByRole("button", { name: "Merge the records" }).click();

    await page.waitForURL(familyUrl);
    const members = page.getByTestId("members-table");
    await members.waitFor();
    await expect(members.getByRole("row").count()).resolves.toBe(4);
    await page.goto(duplicateUrl);
    await page.getByText("This record was merged into another").waitFor();
  });

  it("4. staff edit the family's details", async () => {
    await page.goto(familyUrl);
    await page.getByRole("link", { name: "Edit family" }).click();
    await page.getByRole("heading", { name: "Edit the Adeyemi family" }).waitFor();
    await page.getByLabel("Phone").fill("01895 250111");
    await member("Member 2 (child)").getByRole("button", { name: "More about Tobi" }).click();
    await member("Member 2 (child)").getByLabel("First language").fill("English");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(familyUrl);
    await page.getByText("01895250111").waitFor();
    const tobi = page.getByTestId("members-table").getByRole("row").filter({ hasText: "Tobi" });
    await expect(tobi.textContent()).resolves.toContain("First language English");
  });
});
