import type { Database } from "@familyhub/db";
import { session as sessionTable, type staffRoles, user } from "@familyhub/db/schema";
import { eq } from "drizzle-orm";
import type { Auth } from "./index";

export type StaffSession = {
  user: {
    id: string;
    name: string;
    email: string;
    role: (typeof staffRoles)[number];
    localityId: string | null;
    twoFactorEnabled: boolean;
  };
  sessionId: string;
  /** This session proved a second factor (TOTP or backup code). */
  secondFactorVerified: boolean;
};

/**
 * The member of staff behind a request's session cookie, read fresh from the database, or
 * null: no session, an idle or too-old session (which is ended here), or a disabled account.
 * Better Auth ends idle sessions itself; the absolute limit since sign-in is FamilyHub's.
 */
export async function staffSession(
  auth: Auth,
  db: Database,
  headers: Headers,
): Promise<StaffSession | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const [row] = await db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      localityId: user.localityId,
      disabledAt: user.disabledAt,
      twoFactorEnabled: user.twoFactorEnabled,
      sessionId: sessionTable.id,
      createdAt: sessionTable.createdAt,
      twoFactorVerifiedAt: sessionTable.twoFactorVerifiedAt,
    })
    .from(sessionTable)
    .innerJoin(user, eq(user.id, sessionTable.userId))
    .where(eq(sessionTable.token, found.session.token));
  if (!row || row.disabledAt) return null;
  const maxAgeMs = auth.familyhub.policy.maxHours * 60 * 60 * 1000;
  if (Date.now() - row.createdAt.getTime() > maxAgeMs) {
    await db.delete(sessionTable).where(eq(sessionTable.id, row.sessionId));
    return null;
  }
  return {
    user: {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      localityId: row.localityId,
      twoFactorEnabled: row.twoFactorEnabled,
    },
    sessionId: row.sessionId,
    secondFactorVerified: row.twoFactorVerifiedAt !== null,
  };
}
