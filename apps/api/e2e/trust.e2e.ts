// Staff sign-in in a real Chromium on the built admin app: the administrator's code step, the
// staff accounts page (reset a lost authenticator, disable an account), a data officer setting
// up an authenticator app from the QR page, and the Content-Security-Policy never refusing
// anything the app itself does (Mantine's <style> elements carry the page's nonce).
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { totpCode, totpCodeFromKey } from "@familyhub/auth";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOTP_SECRET } from "../src/demo-totp";
import { DEMO_PASSWORD, launchBrowser, signIn } from "./browser";
import { type RunningServer, startFamilyHub } from "./server-process";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const ADMIN = "administrator@demo.familyhub.test";
const DATA_OFFICER = "data-officer@demo.familyhub.test";
const CENTRE_STAFF = "centre-staff@demo.familyhub.test";

describe.each(testDatabaseKinds())("staff sign-in and accounts on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-trust-${kind}-`));
  const shoot = (page: Page, name: string) =>
    kind === "pglite"
      ? page.screenshot({ path: join(docs, name), fullPage: true })
      : Promise.resolve();
  let server: RunningServer;
  const browsers: BrowserContext[] = [];
  const cspViolations: string[] = [];

  /** A page in a browser of its own: each person signs in on their own machine. */
  async function newPage(): Promise<Page> {
    const browser = await launchBrowser({ viewport: { width: 1280, height: 860 } });
    browsers.push(browser);
    const page = await browser.newPage();
    await page.emulateMedia({ reducedMotion: "reduce" });
    // Each refusal, with what was refused and where, so a failure says what to fix.
    await page.exposeFunction("reportCspViolation", (line: string) => cspViolations.push(line));
    // A script in the page (this file is compiled without the DOM's types, so it is a string).
    await page.addInitScript({
      content: `document.addEventListener("securitypolicyviolation", (event) => {
        window.reportCspViolation(event.violatedDirective + " at " + location.pathname + ": " +
          event.blockedURI + " " + event.sample + " (" + event.sourceFile + ":" + event.lineNumber + ")");
      });`,
    });
    return page;
  }

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    server = await startFamilyHub(kind, work);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.stop();
  });

  it("prints the demo's authenticator key at start, in demo mode", async () => {
    // Printed just after "FamilyHub is running", so it may still be on its way.
    await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/key [A-Z2-7]{20,}/);
  });

  it("asks the administrator for a code after the password", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const code = page.getByLabel("Code from your authenticator app");
    await code.waitFor();
    await code.fill("000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("alert").filter({ hasText: "That code is not right" }).waitFor();
    await code.fill(await totpCode(DEMO_TOTP_SECRET));
    await shoot(page, "sign-in-code.png");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.close();
  });

  it("lets an administrator reset a lost authenticator and disable an account", async () => {
    const staffPage = await newPage();
    await signIn(staffPage, server.url, CENTRE_STAFF);

    const page = await newPage();
    await signIn(page, server.url, ADMIN);
    await page.getByRole("link", { name: "Staff accounts" }).click();
    await page.getByRole("heading", { name: "Staff accounts" }).waitFor();
    const table = page.getByTestId("staff-table");
    await table.getByText(DATA_OFFICER).waitFor();
    await shoot(page, "staff-accounts.png");

    const dataOfficerRow = page.getByTestId(`staff-row-${DATA_OFFICER}`);
    await dataOfficerRow.getByRole("button", { name: /Reset the authenticator app/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reset authenticator" }).click();
    await dataOfficerRow.getByText("Not set up").waitFor();

    const centreRow = page.getByTestId(`staff-row-${CENTRE_STAFF}`);
    await centreRow.getByRole("button", { name: /^Disable / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Disable account" }).click();
    await centreRow.getByText("Disabled").waitFor();

    // The centre's member of staff is signed out at their next click.
    await staffPage.getByRole("link", { name: "Families" }).click();
    await staffPage.getByRole("heading", { name: "Sign in" }).waitFor();
    await staffPage.getByLabel("Email").fill(CENTRE_STAFF);
    await staffPage.getByLabel("Password").fill(DEMO_PASSWORD);
    await staffPage.getByRole("button", { name: "Sign in" }).click();
    await staffPage.getByRole("alert").waitFor();
    expect(await staffPage.getByRole("button", { name: "Sign out" }).count()).toBe(0);

    await centreRow.getByRole("button", { name: /^Enable / }).click();
    await centreRow.getByText("Active").waitFor();
    await staffPage.close();
    await page.close();
  });

  it("has a data officer set up an authenticator app before anything else", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel("Email").fill(DATA_OFFICER);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Set up two-step sign-in" }).waitFor();
    await page.getByRole("button", { name: "Show my QR code" }).click();
    const key = page.getByTestId("totp-key");
    await key.waitFor();
    await page.getByRole("img", { name: /QR code/ }).waitFor();
    expect(await page.getByTestId("backup-codes").getByRole("listitem").count()).toBe(10);
    await shoot(page, "totp-enrolment.png");
    await page
      .getByLabel("Code from your authenticator app")
      .fill(await totpCodeFromKey(await key.innerText()));
    await page.getByRole("button", { name: "Finish setting up" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.close();
  });

  it("never hits the Content-Security-Policy with anything the app does", () => {
    expect(cspViolations).toEqual([]);
  });
});
