import { requiresSecondFactor } from "@familyhub/api";
import { type Auth, enrolTotp, totpKeyForManualEntry } from "@familyhub/auth";
import type { Database } from "@familyhub/db";
import { user } from "@familyhub/db/schema";
import { and, eq, like } from "drizzle-orm";
import { demoEmail } from "./demo";

/**
 * The demo's administrator and data officer must sign in with a code like real ones, so demo
 * mode enrols them with this secret and prints it at start beside the demo password. It is as
 * public as that password: demo mode only, never a real authority's database.
 */
export const DEMO_TOTP_SECRET = "familyhub-demo-totp-not-a-secret";

/** Enrols the demo logins whose role needs a second factor and have none; returns their emails. */
export async function enrolDemoTotp(db: Database, auth: Auth) {
  const demoDomain = demoEmail("administrator").split("@")[1] ?? "";
  const logins = await db
    .select({ id: user.id, role: user.role })
    .from(user)
    .where(and(like(user.email, `%@${demoDomain}`), eq(user.twoFactorEnabled, false)));
  for (const login of logins) {
    if (requiresSecondFactor(login.role)) await enrolTotp(auth, login.id, DEMO_TOTP_SECRET);
  }
  return { key: totpKeyForManualEntry(DEMO_TOTP_SECRET) };
}
