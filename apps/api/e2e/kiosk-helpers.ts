// Helpers the kiosk's end-to-end tests and its benchmark (apps/kiosk/bench) share.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** Calls a tRPC procedure from a signed-in admin page, as the admin app itself would. */
export async function callTrpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const response = await fetch(`/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      });
      const body = (await response.json()) as { result?: { data: { json: unknown } } };
      if (!response.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body)}`);
      return body.result.data.json;
    },
    { path, input },
  ) as Promise<T>;
}

type AxeResult = {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
};

/** axe-core in the page (evaluated, so the kiosk's CSP need not allow it): serious or worse. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // A string evaluated in the page: this package is typed for Node, without the DOM.
  const result = (await page.evaluate("axe.run(document)")) as AxeResult;
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The privacy notice a family agrees to (packages/validators' PRIVACY_NOTICE_VERSION). */
export const PRIVACY_NOTICE_VERSION = "2026-09";

/** A family of a grown-up and a toddler, registered at `siteId` through the API. */
export async function makeFamily(page: Page, siteId: string, surname: string): Promise<string> {
  const { id } = await callTrpc<{ id: string }>(page, "families.create", {
    siteId,
    postcode: "UB8 1UW",
    members: [
      { firstName: `Ada${surname}`, lastName: surname, dateOfBirth: "1991-05-01", role: "adult" },
      { firstName: `Bo${surname}`, lastName: surname, dateOfBirth: "2024-02-10", role: "child" },
    ],
    consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
    duplicatesReviewed: true,
  });
  return id;
}

/** Issues a family's card in the admin app and films its printed QR code for a fake camera. */
export async function printedCard(page: Page, baseUrl: string, familyId: string) {
  await page.goto(`${baseUrl}/admin/families/${familyId}`);
  await page.getByRole("button", { name: /Issue card/ }).click();
  await page.getByTestId("family-card").waitFor();
  const token = ((await page.getByTestId("card-token").textContent()) ?? "").trim();
  await page.emulateMedia({ media: "print" });
  const qr = await page.getByTestId("card-qr").screenshot();
  await page.emulateMedia({ media: "screen" });
  return { token, qr };
}

/** Creates a kiosk at a site in the admin app and returns its pairing code. */
export async function newPairingCode(page: Page, baseUrl: string, siteName: string, name: string) {
  await page.goto(`${baseUrl}/admin/kiosks`);
  await page.getByLabel("Site").selectOption({ label: siteName });
  await page.getByLabel("Kiosk name").fill(name);
  await page.getByRole("button", { name: "Create kiosk" }).click();
  return ((await page.getByTestId("pairing-code").textContent()) ?? "").trim();
}
