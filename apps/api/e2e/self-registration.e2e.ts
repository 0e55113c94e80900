// Self-registration in a real Chromium, on the built apps served by a real server: a family
// registers at a paired kiosk ("I'm new here"), staff check and accept it in the admin app and
// issue its card, and the family checks in with that card; another family registers on a phone
// from a centre's QR poster. The public page's rate limit is checked last.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseKinds } from "@familyhub/db/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signIn } from "./browser";
import { type RunningServer, startFamilyHub } from "./server-process";

const CENTRE = "Oakhurst Family Hub";
const KIOSK_THANKS =
  "Thank you — please let a member of staff know you're here so they can finish your registration.";
// Evaluated in the page (this file is compiled without the DOM's types).
const KIOSK_PAIRING = "localStorage.getItem('familyhub.kiosk')";
const docs = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

/** A London date `days` from today, as day, month and year for the three boxes. */
function dateParts(days: number): [string, string, string] {
  const date = new Date(Date.now() + days * 86_400_000);
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" })
    .format(date)
    .split("-");
  return [String(Number(d)), String(Number(m)), y ?? ""];
}

async function fillPerson(
  page: Page,
  person: { first: string; last?: string; date: [string, string, string] },
) {
  await page.getByLabel("First name").fill(person.first);
  if (person.last !== undefined) await page.getByLabel("Last name").fill(person.last);
  const [day, month, year] = person.date;
  await page.getByLabel("Day").fill(day);
  await page.getByLabel("Month").fill(month);
  await page.getByLabel("Year").fill(year);
  await page.getByRole("button", { name: "Next" }).click();
}

describe.each(testDatabaseKinds())("self-registration end to end on %s", (kind) => {
  const work = mkdtempSync(join(tmpdir(), `familyhub-e2e-self-${kind}-`));
  // Screenshots for the README come from the PGlite run, the one a new user sees.
  const shoot = (page: Page, name: string) =>
    kind === "pglite"
      ? page.screenshot({ path: join(docs, name), fullPage: true })
      : Promise.resolve();
  let server: RunningServer;
  let admin: BrowserContext;
  let kiosk: BrowserContext | undefined;
  let phone: BrowserContext | undefined;
  let page: Page;
  let door: Page;

  const state = { pairingCode: "", joinUrl: "", token: "" };

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    server = await startFamilyHub(kind, work);
    admin = await launchBrowser();
    page = await admin.newPage();
  });

  afterAll(async () => {
    await phone?.close();
    await kiosk?.close();
    await admin?.close();
    await server?.stop();
  });

  it("1. an administrator sets up a kiosk and prints the centre's QR poster", async () => {
    await signIn(page, server.url, "administrator@demo.familyhub.test");
    await page.goto(`${server.url}/admin/kiosks`);
    await page.getByLabel("Site").selectOption({ label: CENTRE });
    await page.getByLabel("Kiosk name").fill("Front door");
    await page.getByRole("button", { name: "Create kiosk" }).click();
    state.pairingCode = ((await page.getByTestId("pairing-code").textContent()) ?? "").trim();
    expect(state.pairingCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

    await page.goto(`${server.url}/admin/pending`);
    await page.getByRole("link", { name: "Print a QR poster" }).click();
    await page.getByLabel("Centre").selectOption({ label: CENTRE });
    const poster = page.getByTestId("join-poster");
    await poster.getByText("Register with us on your phone").waitFor();
    await expect(poster.getByText(CENTRE).count()).resolves.toBe(1);
    await expect(page.getByTestId("join-poster-qr").locator("svg").count()).resolves.toBe(1);
    state.joinUrl = ((await page.getByTestId("join-poster-url").textContent()) ?? "").trim();
    expect(state.joinUrl).toBe(`${server.url}/kiosk/join/CC01`);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it('2. a family taps "I\'m new here" at the kiosk and registers itself', async () => {
    kiosk = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    door = await kiosk.newPage();
    await door.goto(`${server.url}/kiosk/`);
    await door.getByLabel("Pairing code").fill(state.pairingCode);
    await door.getByRole("button", { name: "Pair this kiosk" }).click();
    await door.getByRole("radio", { checked: true }).waitFor();
    const pairing = await door.evaluate<string | null>(KIOSK_PAIRING);

    await door.getByRole("button", { name: "I'm new here" }).click();
    await door.getByRole("heading", { name: "Welcome! Let's register your family" }).waitFor();
    await door.getByRole("button", { name: "Start" }).click();
    await door.getByRole("heading", { name: "About you" }).waitFor();
    // Next with nothing typed: each field says what it needs, and the step stays.
    await door.getByRole("button", { name: "Next" }).click();
    await door.getByText("Enter a first name").waitFor();
    await fillPerson(door, { first: "Amara", last: "Nwosu", date: ["12", "4", "1995"] });

    await door.getByRole("heading", { name: "Who else is in your family?" }).waitFor();
    await door.getByRole("button", { name: "Add a child" }).click();
    await door.getByRole("heading", { name: "A child in your family" }).waitFor();
    // A new member takes the family's last name; a child born in the future is refused.
    await expect(door.getByLabel("Last name").inputValue()).resolves.toBe("Nwosu");
    await fillPerson(door, { first: "Chidi", date: dateParts(30) });
    await door.getByText("A date of birth must be in the past").waitFor();
    await fillPerson(door, { first: "Chidi", date: ["3", "2", "2023"] });
    await door.getByRole("button", { name: "Next" }).click();

    await door.getByLabel("Postcode").fill("fl3 2bn");
    await door.getByRole("button", { name: "Next" }).click();
    await door.getByLabel("Phone number (optional)").fill("07700 900456");
    await door.getByRole("button", { name: "Next" }).click();
    await door.getByRole("heading", { name: "How we look after your information" }).waitFor();
    await door.getByRole("button", { name: "Next" }).click();
    await door.getByText("Tick the box to agree to the privacy notice").waitFor();
    await door.getByRole("checkbox", { name: /I have read this and I agree/ }).check();
    await door.getByRole("button", { name: "Next" }).click();
    await door.getByRole("checkbox", { name: /^Photographs/ }).check();
    await door.getByRole("button", { name: "Next" }).click();

    await door.getByRole("heading", { name: "Check your answers" }).waitFor();
    const answers = (await door.locator("dl.answers").textContent()) ?? "";
    for (const shown of ["Amara Nwosu", "Chidi Nwosu", "03/02/2023", "FL3 2BN", "07700 900456"]) {
      expect(answers).toContain(shown);
    }
    await shoot(door, "kiosk-new-family.png");
    await door.getByRole("button", { name: "Send my registration" }).click();
    await door.getByRole("heading", { name: KIOSK_THANKS }).waitFor();
    await door.getByRole("button", { name: "Done" }).click();

    // Back to scanning, and nothing about the family stays on the tablet.
    await door.getByLabel("Card code").waitFor();
    const screen = (await door.locator("body").textContent()) ?? "";
    for (const secret of ["Amara", "Nwosu", "FL3 2BN"]) expect(screen).not.toContain(secret);
    const stored = await door.evaluate<string>("JSON.stringify({ ...localStorage })");
    expect(stored).not.toContain("Nwosu");
    await expect(door.evaluate<string | null>(KIOSK_PAIRING)).resolves.toBe(pairing);
  });

  it("3. a registration left alone goes back to scanning and forgets what was typed", async () => {
    await door.clock.install();
    await door.getByRole("button", { name: "I'm new here" }).click();
    await door.getByRole("button", { name: "Start" }).click();
    await door.getByLabel("First name").fill("Walked Away");
    await door.clock.fastForward("03:05");
    await door.getByLabel("Card code").waitFor();
    await door.getByRole("button", { name: "I'm new here" }).click();
    await door.getByRole("button", { name: "Start" }).click();
    await expect(door.getByLabel("First name").inputValue()).resolves.toBe("");
    await door.getByRole("button", { name: "Cancel" }).click();
    await door.getByLabel("Card code").waitFor();
  });

  it("4. staff see the family waiting, correct it, accept it and issue its card", async () => {
    await signIn(page, server.url, "centre-staff@demo.familyhub.test");
    const nav = page.getByRole("link", { name: /Waiting to be checked/ });
    await expect(nav.getByTestId("pending-count").textContent()).resolves.toBe("1");
    await nav.click();
    const table = page.getByTestId("pending-table");
    const row = table.getByRole("row").filter({ hasText: "Nwosu" });
    await row.getByText("At the kiosk").waitFor();
    await expect(row.textContent()).resolves.toContain(CENTRE);
    await shoot(page, "pending.png");

    await row.getByRole("link", { name: "Check the Nwosu family" }).click();
    await page.getByRole("heading", { name: "The Nwosu family" }).waitFor();
    await page.getByText("No match found").waitFor();
    // The family's own spelling of the child's name is corrected with them.
    const child = page.getByRole("group", { name: "Member 2 (child)" });
    await expect(child.getByLabel("Date of birth").inputValue()).resolves.toBe("2023-02-03");
    await child.getByLabel("First name").fill("Chidera");
    await shoot(page, "pending-family.png");
    await page.getByRole("button", { name: "Accept as a new family" }).click();
    await page.getByText("The Nwosu family is registered").waitFor();

    await page.getByRole("button", { name: "Issue card" }).click();
    await page.getByTestId("family-card").waitFor();
    state.token = ((await page.getByTestId("card-token").textContent()) ?? "").trim();
    expect(state.token).toMatch(/^FH1-[A-Za-z0-9_-]{24}$/);

    await page.goto(`${server.url}/admin/pending`);
    await page.getByText("No one is waiting to be checked").waitFor();
    await expect(page.getByTestId("pending-count").count()).resolves.toBe(0);
  });

  it("5. the accepted family checks in at the kiosk with its new card", async () => {
    await door.getByLabel("Card code").fill(state.token);
    await door.getByLabel("Card code").press("Enter");
    for (const name of ["Amara", "Chidera"]) {
      await door.getByRole("checkbox", { name, exact: true }).waitFor();
    }
    await door.getByRole("button", { name: "Check in" }).click();
    await door.getByRole("heading", { name: "You're checked in" }).waitFor();
    await door.getByText(/Welcome, (Amara and Chidera|Chidera and Amara)!/).waitFor();
  });

  it("6. another family registers on its own phone from the poster", async () => {
    phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    const mobile = await phone.newPage();
    await mobile.goto(`${server.url}/kiosk/join/NOPE99`);
    await mobile.getByRole("heading", { name: "We can't find this centre" }).waitFor();
    await mobile.getByText("We don't know a centre with the code 'NOPE99'").waitFor();

    await mobile.goto(state.joinUrl);
    await mobile.getByText(CENTRE).first().waitFor();
    await mobile.getByRole("button", { name: "Start" }).click();
    await fillPerson(mobile, { first: "Grace", last: "Phiri", date: ["7", "11", "2004"] });
    await mobile.getByRole("button", { name: "Add a baby on the way" }).click();
    await fillPerson(mobile, { first: "Baby", date: dateParts(60) });
    await mobile.getByRole("button", { name: "Next" }).click();
    await mobile.getByLabel("Postcode").fill("FL3 6LP");
    await mobile.getByRole("button", { name: "Next" }).click();
    await mobile.getByLabel("Email address (optional)").fill("grace@example.com");
    await mobile.getByRole("button", { name: "Next" }).click();
    await mobile.getByRole("checkbox", { name: /I have read this and I agree/ }).check();
    await mobile.getByRole("button", { name: "Next" }).click();
    await mobile.getByRole("button", { name: "Next" }).click();
    await mobile.getByRole("heading", { name: "Check your answers" }).waitFor();
    await shoot(mobile, "join-phone.png");
    await mobile.getByRole("button", { name: "Send my registration" }).click();
    await mobile
      .getByRole("heading", { name: `Thank you — your registration has been sent to ${CENTRE}.` })
      .waitFor();
    // A phone is never a kiosk: the page did not touch the kiosk's credential store.
    await expect(mobile.evaluate<string | null>(KIOSK_PAIRING)).resolves.toBe(null);

    await page.goto(`${server.url}/admin/pending`);
    const row = page.getByTestId("pending-table").getByRole("row").filter({ hasText: "Phiri" });
    await row.getByText("On their phone").waitFor();
    await expect(row.textContent()).resolves.toContain("Baby Phiri (child)");
  });

  it("7. the public page is held to the low rate of the guarded paths, batched or not", async () => {
    const call = (path: string, body: unknown) =>
      fetch(`${server.url}/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await call("selfRegistration.site", { json: { siteCode: "CC01" } })).status);
    }
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
    const batched = await call("auth.me,selfRegistration.submit?batch=1", {
      0: { json: null },
      1: { json: {} },
    });
    expect(batched.status).toBe(429);
  });
});
