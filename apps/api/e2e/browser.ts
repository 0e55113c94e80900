import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { totpCode } from "@familyhub/auth";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { DEMO_TOTP_SECRET } from "../src/demo-totp";

/** Debian's Chromium; a missing browser fails the run rather than skipping it. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "Chromium is not installed: run `apt-get install -y chromium` (or set CHROMIUM_PATH).",
    );
  }
}

const baseArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser(
  options: { fakeCamera?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const args = [...baseArgs];
  if (options.fakeCamera) {
    args.push(
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${options.fakeCamera}`,
    );
  }
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "familyhub-chromium-")), {
    executablePath: chromiumPath(),
    headless: true,
    args,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
}

export const DEMO_PASSWORD = "familyhub-demo";

/**
 * Signs a demo login in to the admin app and waits until it is in. Roles that see social care
 * data (administrator, data officer) are asked for a code next: the demo's authenticator secret
 * gives it, as the person's phone would.
 */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  const signedIn = page.getByRole("button", { name: "Sign out" });
  const code = page.getByLabel("Code from your authenticator app");
  await signedIn.or(code).waitFor();
  if (await code.isVisible()) {
    await code.fill(await totpCode(DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: "Continue" }).click();
  }
  await signedIn.waitFor();
}
