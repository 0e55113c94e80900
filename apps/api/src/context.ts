import { createContextInner, type Context, type StaffRole, type StaffUser } from "@familyhub/api";
import type { Auth } from "@familyhub/auth";
import { type Database, kioskForCredential } from "@familyhub/db";
import { user } from "@familyhub/db/schema";
import { eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";

export function toHeaders(raw: FastifyRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.append(key, String(value));
  }
  return headers;
}

/**
 * Staff come with a Better Auth session cookie; kiosks with their device credential as a
 * bearer token. The role and locality are read fresh on every request, so disabling an account
 * or changing its role takes effect at once.
 */
export async function createRequestContext(
  db: Database,
  auth: Auth,
  req: FastifyRequest,
): Promise<Context> {
  let staff: StaffUser | null = null;
  let kiosk = null;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) {
    kiosk = await kioskForCredential(db, authorization.slice("Bearer ".length).trim());
  } else if (req.headers.cookie) {
    const session = await auth.api.getSession({ headers: toHeaders(req.headers) });
    if (session) {
      const [row] = await db
        .select({
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          localityId: user.localityId,
          disabledAt: user.disabledAt,
        })
        .from(user)
        .where(eq(user.id, session.user.id));
      if (row && !row.disabledAt) {
        staff = {
          id: row.id,
          name: row.name,
          email: row.email,
          role: row.role as StaffRole,
          localityId: row.localityId,
        };
      }
    }
  }
  return createContextInner({ db, staff, kiosk, ip: req.ip });
}
