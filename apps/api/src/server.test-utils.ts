import { requiresSecondFactor, type StaffRole } from "@familyhub/api";
import { type Auth, enrolTotp, totpCode } from "@familyhub/auth";
import type { buildServer } from "./server";

type App = Awaited<ReturnType<typeof buildServer>>;
type InjectHeaders = Record<string, string>;

/** A browser's cookies for one origin, as far as the tests need: set, replaced, expired. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookie: string | string[] | undefined): void {
    const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

let clients = 0;

/**
 * Calls the server as the admin app in a browser would: same origin, JSON, the jar's cookies.
 * Each client has its own address unless given one, as different people's browsers would.
 */
export function httpClient(app: App, origin: string, remoteAddress?: string) {
  clients += 1;
  const address = remoteAddress ?? `198.18.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
  const jar = new CookieJar();
  const headers = (extra: InjectHeaders = {}) => ({
    "content-type": "application/json",
    origin,
    "sec-fetch-site": "same-origin",
    cookie: jar.header(),
    ...extra,
  });

  async function auth(path: string, body: unknown, extra: InjectHeaders = {}) {
    const res = await app.inject({
      method: "POST",
      url: `/api/auth${path}`,
      headers: headers(extra),
      payload: JSON.stringify(body),
      remoteAddress: address,
    });
    jar.take(res.headers["set-cookie"]);
    return res;
  }

  async function trpc(path: string, json: unknown = null, extra: InjectHeaders = {}) {
    const res = await app.inject({
      method: "POST",
      url: `/trpc/${path}`,
      headers: headers(extra),
      payload: JSON.stringify({ json }),
      remoteAddress: address,
    });
    jar.take(res.headers["set-cookie"]);
    return res;
  }

  /** auth.me's answer: the signed-in member of staff, or null. */
  async function me(): Promise<{ email: string; role: string } | null> {
    const res = await trpc("auth.me");
    return res.json().result.data.json;
  }

  return {
    jar,
    auth,
    trpc,
    me,
    signIn: (email: string, password: string) => auth("/sign-in/email", { email, password }),
  };
}

const TEST_TOTP_SECRET = "a-test-authenticator-secret-0032";

/**
 * Signs a member of staff in over HTTP and returns their browser. A role that must prove a
 * second factor is first given an authenticator (a fixed test secret) and types its code.
 */
export async function signInStaff(
  app: App,
  auth: Auth,
  origin: string,
  member: { id: string; email: string; password: string; role: StaffRole },
) {
  const browser = httpClient(app, origin);
  const needsCode = requiresSecondFactor(member.role);
  if (needsCode) await enrolTotp(auth, member.id, TEST_TOTP_SECRET);
  const signIn = await browser.signIn(member.email, member.password);
  if (signIn.statusCode !== 200) throw new Error(`Sign-in failed: ${signIn.body}`);
  if (needsCode) {
    const code = await browser.auth("/two-factor/verify-totp", {
      code: await totpCode(TEST_TOTP_SECRET),
    });
    if (code.statusCode !== 200) throw new Error(`The TOTP step failed: ${code.body}`);
  }
  return browser;
}
