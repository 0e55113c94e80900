// The families' rights in a real Chromium, on the built admin app served by a real server: an
// administrator prepares a family's subject access export, places a legal hold (which stops the
// erasure), lifts it and erases the family, and finds all of it in the audit log.
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

describe.each(testDatabaseKinds())(
  "subject access, legal hold, erasure and audit on %s",
  (kind) => {
    const work = mkdtempSync(join(tmpdir(), `familyhub-rights-${kind}-`));
    const shoot = (page: Page, name: string, fullPage = true) =>
      kind === "pglite" ? page.screenshot({ path: join(docs, name), fullPage }) : Promise.resolve();
    let server: RunningServer;
    let browser: BrowserContext;
    let page: Page;
    const family = { url: "", surname: "" };

    beforeAll(async () => {
      mkdirSync(docs, { recursive: true });
      server = await startFamilyHub(kind, work);
      browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
      page = await browser.newPage();
      await page.emulateMedia({ reducedMotion: "reduce" });
      await signIn(page, server.url, "administrator@demo.familyhub.test");
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("prepares everything held about a family, to print and to download", async () => {
      await page.goto(`${server.url}/admin/families`);
      const first = page.getByTestId("families-table").getByRole("link").first();
      family.surname = ((await first.textContent()) ?? "").trim();
      await first.click();
      await page.getByRole("heading", { level: 1, name: family.surname }).waitFor();
      family.url = page.url();
      await page.getByRole("link", { name: "Subject access" }).click();
      await page.getByRole("heading", { name: "Subject access" }).waitFor();
      await page.getByRole("button", { name: "Prepare the export" }).click();
      const report = page.getByTestId("subject-access-report");
      await report.waitFor();
      await expect(report.getByRole("heading", { name: "Attendances" }).isVisible()).resolves.toBe(
        true,
      );
      await expect(report.textContent()).resolves.toContain(`the ${family.surname} family`);
      await expect(page.getByRole("button", { name: "Download JSON" }).isVisible()).resolves.toBe(
        true,
      );
      await shoot(page, "subject-access.png");
      // What the print dialog (and "Save as PDF") gets: the report, without the app around it.
      await page.emulateMedia({ media: "print", reducedMotion: "reduce" });
      await expect(
        page.getByRole("button", { name: "Prepare the export" }).isVisible(),
      ).resolves.toBe(false);
      await shoot(page, "subject-access-print.png");
      await page.emulateMedia({ media: "screen", reducedMotion: "reduce" });
    });

    it("refuses to erase a family under a legal hold, then erases it once the hold is lifted", async () => {
      await page.goto(family.url);
      await page.getByRole("button", { name: "Legal hold" }).click();
      await page.getByLabel("Reason").fill("Family court case 2026/117");
      await page.getByRole("button", { name: "Place the hold" }).click();
      await page.getByText(/Legal hold since/).waitFor();

      await page.getByRole("button", { name: "Erase family" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(/Type the surname/).fill(family.surname);
      await dialog.getByLabel("Reason").fill("The family asked to be forgotten");
      await dialog.getByRole("button", { name: "Erase the family" }).click();
      await dialog.getByText(/is under a legal hold/).waitFor();
      await shoot(page, "erase-refused.png", false);
      // What was typed stays after the refusal.
      await expect(dialog.getByLabel("Reason").inputValue()).resolves.toBe(
        "The family asked to be forgotten",
      );
      await dialog.getByRole("button", { name: "Cancel" }).click();

      await page.getByRole("button", { name: "Lift legal hold" }).click();
      await page.getByRole("dialog").getByLabel("Reason").fill("The case has closed");
      await page.getByRole("button", { name: "Lift the hold" }).click();
      await page.getByRole("button", { name: "Legal hold" }).waitFor();

      await page.getByRole("button", { name: "Erase family" }).click();
      await dialog.getByLabel(/Type the surname/).fill(family.surname);
      await dialog.getByLabel("Reason").fill("The family asked to be forgotten");
      await dialog.getByRole("button", { name: "Erase the family" }).click();
      await page.waitForURL(`${server.url}/admin/families`);
      await page.goto(family.url);
      await page.getByText("That family was not found.").waitFor();
    });

    it("finds every step in the audit log", async () => {
      await page.goto(`${server.url}/admin/audit`);
      await page.getByRole("heading", { name: "Audit log" }).waitFor();
      const familyId = family.url.split("/").pop() ?? "";
      await page.getByLabel("Record id").fill(familyId);
      await page.getByRole("button", { name: "Search" }).click();
      const table = page.getByTestId("audit-table");
      for (const action of [
        "family.erase",
        "legal_hold.lift",
        "legal_hold.place",
        "subject_access.export",
        "family.read",
      ]) {
        await table.getByText(action, { exact: true }).first().waitFor();
      }
      await shoot(page, "audit-log.png", false);
    });
  },
);
