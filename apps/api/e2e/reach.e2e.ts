// Reach in a real Chromium on the built admin app (issue 4). Centre staff register a few
// families; the demo data officer uploads a baseline built here (a bad file first: every bad
// line listed), sees how its children were matched, confirms the one possible match in the
// review queue, and opens the reach dashboard. Then, with the server stopped, the CLI's
// `report reach` runs against the same database with the dashboard's options: the tiles show
// the same numbers, suppressed and not. The database holds the confirmed social care id. axe
// finds no serious or critical problem on the dashboard or the queue.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@familyhub/db";
import { people } from "@familyhub/db/schema";
import { createScratchDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { and, eq } from "drizzle-orm";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import { callTrpc as call, PRIVACY_NOTICE_VERSION, seriousViolations } from "./kiosk-helpers";
import { type RunningServer, startServer } from "./server-process";

const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const cliDir = fileURLToPath(new URL("../../cli/", import.meta.url));
const DATA_OFFICER = "data-officer@demo.familyhub.test";
const CENTRE_STAFF = "centre-staff@demo.familyhub.test";
const POSTCODE = "UB8 1UW";

const londonToday = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

/** The children registered by centre staff: [first, last, date of birth]. */
const registered = [
  ["Amelia", "Quillfeather", "2023-05-14"],
  ["Bruno", "Ravensworth", "2022-03-03"],
  ["Cora", "Thistlewood", "2024-01-20"],
  ["Dylan", "Ashcombe", "2021-07-09"],
  ["Esme", "Wrenfield", "2022-11-05"],
  ["Harriet", "Fenwicke", "2023-04-08"],
] as const;

/**
 * The baseline: five of them exactly (linked at once); Harriet with a typo and her day and month
 * swapped (a possible match, to review); four children FamilyHub does not know.
 */
const baselineRows = [
  "social_care_id,first_name,last_name,date_of_birth,postcode,cohort,district",
  `SCT01,Amelia,Quillfeather,14/05/2023,${POSTCODE},LAC,North`,
  `SCT01,Amelia,Quillfeather,14/05/2023,${POSTCODE},CP,North`,
  `SCT02,Bruno,Ravensworth,03/03/2022,${POSTCODE},CIN,North`,
  `SCT03,Cora,Thistlewood,20/01/2024,${POSTCODE},CP,South`,
  `SCT03,Cora,Thistlewood,20/01/2024,${POSTCODE},CIN,South`,
  `SCT04,Dylan,Ashcombe,09/07/2021,${POSTCODE},EHN,South`,
  `SCT05,Esme,Wrenfield,05/11/2022,${POSTCODE},CIN,North`,
  `SCT06,Hariet,Fenwicke,04/08/2023,${POSTCODE},CP,South`,
  `SCT07,Finn,Oakridge,01/02/2020,FL9 9ZZ,LAC,North`,
  `SCT08,Greta,Halloway,11/12/2019,FL9 9ZZ,CIN,South`,
  `SCT09,Ivo,Penhallow,21/06/2022,FL9 9ZZ,EHN,North`,
  `SCT10,Jude,Marchbank,30/09/2021,FL9 9ZZ,CP,North`,
].join("\n");

const badBaseline = [
  "social_care_id,first_name,last_name,date_of_birth,postcode,cohort,district",
  `SCX01,Kit,Lowe,14/05/2023,${POSTCODE},XYZ,North`,
  `SCX02,Lia,Lowe,14/05/2099,${POSTCODE},CP,North`,
].join("\n");

type Run = { code: number | null; stdout: string; stderr: string };

/** `pnpm cli …` against the given database, as a person would run it. */
function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.FAMILYHUB_DATA_DIR;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      cwd: cliDir,
      env: childEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

type TileFigures = Record<string, string>;

/** What each tile shows, in the CLI's words: baseline, registered(_pct), engaged(_pct)… */
async function readTiles(page: Page): Promise<Record<string, TileFigures>> {
  const out: Record<string, TileFigures> = {};
  for (const cohort of ["SCS", "LAC", "CP", "CIN", "EHN"]) {
    const tile: Locator = page.getByTestId(`tile-${cohort}`);
    const text = async (id: string) => ((await tile.getByTestId(id).textContent()) ?? "").trim();
    const line = async (id: string) => {
      // "Engaged: 3 (42.9%)"
      const match = /: (\S+) \((\S+)\)$/.exec(await text(id));
      return [match?.[1] ?? "?", match?.[2] ?? "?"] as const;
    };
    const [engaged, engagedPct] = await line("tile-engaged");
    const [sustained, sustainedPct] = await line("tile-sustained");
    out[cohort] = {
      baseline: await text("tile-baseline"),
      registered: await text("tile-count"),
      registered_pct: await text("tile-pct"),
      engaged,
      engaged_pct: engagedPct,
      sustained,
      sustained_pct: sustainedPct,
    };
  }
  return out;
}

/** The CLI's CSV as the dashboard writes it: 74.2 → "74.2%", an empty percentage → "–". */
function cliAsTiles(csv: string): Record<string, TileFigures> {
  const [header = "", ...lines] = csv.trim().split("\n");
  const names = header.split(",");
  const pct = (v: string) => (v === "" ? "–" : v === "c" ? "c" : `${v}%`);
  const out: Record<string, TileFigures> = {};
  for (const line of lines) {
    const values = Object.fromEntries(line.split(",").map((v, i) => [names[i] ?? i, v]));
    out[values.cohort ?? "?"] = {
      baseline: values.baseline ?? "?",
      registered: values.registered ?? "?",
      registered_pct: pct(values.registered_pct ?? "?"),
      engaged: values.engaged ?? "?",
      engaged_pct: pct(values.engaged_pct ?? "?"),
      sustained: values.sustained ?? "?",
      sustained_pct: pct(values.sustained_pct ?? "?"),
    };
  }
  return out;
}

describe.each(testDatabaseKinds())("reach in the admin app on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-reach-e2e-${kind}-`));
  const dataDir = join(work, "data");
  const shoot = (page: Page, name: string) =>
    kind === "pglite"
      ? page.screenshot({ path: join(docs, name), fullPage: true })
      : Promise.resolve();
  let server: RunningServer | undefined;
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  const browsers: BrowserContext[] = [];
  let page: Page;
  const today = londonToday();
  /** What the dashboard showed, and for which options, to compare with the CLI afterwards. */
  const seen: {
    from: string;
    to: string;
    unsuppressed: Record<string, TileFigures>;
    suppressed: Record<string, TileFigures>;
  } = { from: "", to: "", unsuppressed: {}, suppressed: {} };
  const databaseEnv = () =>
    scratch ? { DATABASE_URL: scratch.url } : { FAMILYHUB_DATA_DIR: dataDir };

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    // The test keeps hold of the database (not startFamilyHub's own), to run the CLI on it.
    if (kind === "postgres") scratch = await createScratchDatabase();
    server = await startServer({
      FAMILYHUB_DATA_DIR: dataDir,
      DATABASE_URL: scratch?.url,
    });
    const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
    browsers.push(browser);
    page = await browser.newPage();
    await page.emulateMedia({ reducedMotion: "reduce" });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.stop();
    await scratch?.drop();
  });

  it("1. centre staff register the families the baseline will name", async () => {
    const url = server?.url ?? "";
    const staffBrowser = await launchBrowser();
    browsers.push(staffBrowser);
    const staff = await staffBrowser.newPage();
    await signIn(staff, url, CENTRE_STAFF);
    const sites = await call<{ id: string }[]>(staff, "sites.list", {});
    const siteId = sites[0]?.id ?? "";
    expect(siteId).not.toBe("");
    for (const [first, last, dob] of registered) {
      await call(staff, "families.create", {
        siteId,
        postcode: POSTCODE,
        members: [
          { firstName: `Parent${first}`, lastName: last, dateOfBirth: "1990-05-01", role: "adult" },
          { firstName: first, lastName: last, dateOfBirth: dob, role: "child" },
        ],
        consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
        duplicatesReviewed: true,
      });
    }
  });

  it("2. a bad baseline is refused whole, every bad line listed", async () => {
    await signIn(page, server?.url ?? "", DATA_OFFICER);
    await page.getByRole("navigation", { name: "Main" }).getByText("Baseline").click();
    await page.getByRole("heading", { name: "Baseline", level: 1 }).waitFor();
    await page.getByLabel("Snapshot date").fill(today);
    await page.locator('input[type="file"]').setInputFiles({
      name: "caseload-bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(badBaseline),
    });
    await page.getByRole("button", { name: "Import baseline" }).click();
    const errors = page.getByTestId("import-errors").getByRole("listitem");
    await errors.first().waitFor();
    const listed = await errors.allTextContents();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/Row 2.*XYZ/);
    expect(listed[1]).toMatch(/Row 3.*future/i);
  });

  it("3. the data officer uploads the baseline and sees how it was matched", async () => {
    await page.locator('input[type="file"]').setInputFiles({
      name: "caseload.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(baselineRows),
    });
    await page.getByRole("button", { name: "Import baseline" }).click();
    const matched = page.getByTestId("baseline-matched");
    await matched.waitFor();
    await expect(matched.getByTestId("matched-children").textContent()).resolves.toBe("10");
    await expect(matched.getByTestId("matched-linked").textContent()).resolves.toBe("5");
    await expect(matched.getByTestId("matched-pending").textContent()).resolves.toBe("1");
    const row = page.getByTestId(`snapshot-${today}`);
    await expect(row.getByTestId("snapshot-children").textContent()).resolves.toBe("10");
  });

  it("4. they confirm the possible match in the review queue, side by side", async () => {
    const badge = page.getByTestId("review-count");
    const before = Number.parseInt((await badge.textContent()) ?? "", 10);
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByRole("link", { name: "Review the possible matches" }).click();
    await page.getByRole("heading", { name: "Match review", level: 1 }).waitFor();
    await page
      .getByRole("navigation", { name: "Possible matches" })
      .getByRole("button", { name: /Hariet Fenwicke/ })
      .click();
    await page.getByRole("heading", { name: "Hariet Fenwicke", level: 2 }).waitFor();
    const comparison = page.getByTestId("review-comparison");
    await expect(comparison.textContent()).resolves.toContain("Harriet");
    await expect(comparison.textContent()).resolves.toContain("04/08/2023");
    await expect(comparison.textContent()).resolves.toContain("08/04/2023");
    await expect(page.getByTestId("review-comparison").getByText("differs").count()).resolves.toBe(
      2,
    );
    await page.getByText("Dates of birth agree with day and month swapped").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "reach-review.png");
    // Keyboard: the button is reached and pressed without a mouse.
    await page.getByRole("button", { name: "Confirm: the same child" }).focus();
    await page.keyboard.press("Enter");
    await page
      .getByTestId("review-decided")
      .filter({ hasText: "Confirmed: Hariet Fenwicke is Harriet Fenwicke." })
      .waitFor();
    await expect
      .poll(async () =>
        (await badge.count()) ? Number.parseInt((await badge.textContent()) ?? "", 10) : 0,
      )
      .toBe(before - 1);
  });

  it("5. the dashboard shows the tiles, the trend and the table; axe passes", async () => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByText("Reach", { exact: true })
      .click();
    await page.getByRole("heading", { name: "Reach", level: 1 }).waitFor();
    await page.getByTestId("tile-SCS").getByTestId("tile-pct").waitFor();
    await expect(page.getByLabel("Snapshot", { exact: true }).inputValue()).resolves.toBe(today);
    seen.from = await page.getByLabel("From", { exact: true }).inputValue();
    seen.to = await page.getByLabel("To", { exact: true }).inputValue();
    expect(seen.to).toBe(today);
    // Suppressed first (the default), then with small numbers shown (a data officer may).
    seen.suppressed = await readTiles(page);
    await page.getByRole("switch", { name: /Hide small numbers/ }).click();
    await page.getByTestId("unsuppressed-notice").first().waitFor();
    await page.getByTestId("tile-SCS").getByTestId("tile-pct").waitFor();
    await expect.poll(async () => (await readTiles(page)).SCS?.registered).toBe("5");
    seen.unsuppressed = await readTiles(page);
    // Known to social care: the 8 children in LAC, CP or CIN (not Dylan and Ivo, early help
    // only), of whom Amelia, Bruno, Cora, Esme and, now confirmed, Harriet are registered.
    expect(seen.unsuppressed.SCS).toMatchObject({
      baseline: "8",
      registered: "5",
      registered_pct: "62.5%",
    });
    await page.getByTestId("reach-table").waitFor();
    await page.getByTestId("reach-trend-chart").waitFor();
    // Sorting by a heading says so to a screen reader.
    const header = page.getByTestId("reach-table").getByRole("columnheader", { name: /Baseline/ });
    await header.getByRole("button").click();
    await expect(header.getAttribute("aria-sort")).resolves.toBe("descending");
    await header.getByRole("button").click();
    await expect(header.getAttribute("aria-sort")).resolves.toBe("ascending");
    await header.getByRole("button").click();
    // Biggest first, as a manager reads a table of counts.
    await header.getByRole("button").click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate("window.scrollTo(0, 0)");
    await shoot(page, "reach-dashboard.png");
    // The exports: the CSV in the CLI's columns, as the server made it; an Excel workbook.
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const csvText = readFileSync((await csv.path()) ?? "", "utf8");
    expect(csvText.split("\n")[0]).toBe(
      "cohort,district,age_band,baseline,registered,registered_pct,engaged,engaged_pct,sustained,sustained_pct",
    );
    expect(csvText).toContain("SCS,North,0-4,3,3,100.0,0,0.0,0,0.0");
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download Excel (XLSX)" }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/^reach-.*\.xlsx$/);
    // An .xlsx is a zip: "PK" first.
    expect(
      readFileSync((await xlsx.path()) ?? "")
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    // The drill-down is there for a role that may see social care data.
    await page.getByRole("button", { name: /Who is not registered.*Known to social care/ }).click();
    await page.getByTestId("unreached-table").getByText("Finn Oakridge").waitFor();
    await page.keyboard.press("Escape");
  });

  it("6. the scorecard for this month, by district and age band; a manager sees counts only", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByText("Scorecard").click();
    await page.getByLabel("Month", { exact: true }).fill(today.slice(0, 7));
    await page.getByRole("button", { name: "Show" }).click();
    const table = page.getByTestId("scorecard-table");
    await table.getByRole("row").filter({ hasText: "North" }).first().waitFor();
    // Off the button just pressed, so axe reads its colours at rest.
    await page.mouse.move(0, 0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(work, "scorecard.png"), fullPage: true });
    await page.goto(`${server?.url ?? ""}/admin/reach/baseline`);
    await page.getByTestId("snapshots-table").waitFor();
    await page.screenshot({ path: join(work, "baseline.png"), fullPage: true });
    // Purging within a ten-year retention asks first, then deletes nothing.
    await page.getByLabel("Keep snapshots of the last (months)").fill("120");
    await page.getByRole("button", { name: "Purge", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Purge", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "nothing was purged" }).waitFor();
    await expect(
      page.getByTestId(`snapshot-${today}`).getByTestId("snapshot-children").textContent(),
    ).resolves.toBe("10");

    const managerBrowser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
    browsers.push(managerBrowser);
    const manager = await managerBrowser.newPage();
    await signIn(manager, server?.url ?? "", "manager@demo.familyhub.test");
    await manager.goto(`${server?.url ?? ""}/admin/reach`);
    await manager.getByTestId("tile-SCS").getByTestId("tile-pct").waitFor();
    await manager.getByTestId("suppression-note").waitFor();
    await expect(manager.getByRole("switch").count()).resolves.toBe(0);
    await expect(manager.getByRole("button", { name: /Who is not/ }).count()).resolves.toBe(0);
    // Forced on by the server: the one looked-after child registered is hidden.
    await expect(
      manager.getByTestId("tile-LAC").getByTestId("tile-count").textContent(),
    ).resolves.toBe("c");
    await expect(
      manager.getByRole("navigation", { name: "Main" }).getByText("Match review").count(),
    ).resolves.toBe(0);
  });

  it("7. the CLI's report on the same database gives the numbers the tiles showed", async () => {
    await server?.stop();
    server = undefined;
    const args = ["report", "reach", "--from", seen.from, "--to", seen.to];
    const plain = await cli([...args, "--snapshot-date", today, "--format", "csv"], databaseEnv());
    expect(plain.stderr).toContain(`Reach of the snapshot of ${today}, ${seen.from} to ${seen.to}`);
    expect(plain.code).toBe(0);
    expect(seen.unsuppressed).toEqual(cliAsTiles(plain.stdout));
    const suppressed = await cli(
      [...args, "--snapshot-date", today, "--suppress", "--format", "csv"],
      databaseEnv(),
    );
    expect(suppressed.code).toBe(0);
    expect(seen.suppressed).toEqual(cliAsTiles(suppressed.stdout));
  });

  it("8. the confirmed match put the social care id on the person", async () => {
    const handle = openDatabase(scratch ? { url: scratch.url } : { dataDir });
    try {
      const found = await handle.db
        .select({ socialCareId: people.socialCareId })
        .from(people)
        .where(and(eq(people.firstName, "Harriet"), eq(people.lastName, "Fenwicke")));
      expect(found).toEqual([{ socialCareId: "SCT06" }]);
    } finally {
      await handle.close();
    }
  });
});
