import {
  createContextInner,
  requiresSecondFactor,
  type Context,
  type PendingSecondFactor,
  type StaffUser,
} from "@familyhub/api";
import { type Auth, CLIENT_IP_HEADER, staffSession } from "@familyhub/auth";
import { type Database, kioskForCredential } from "@familyhub/db";
import type { FastifyRequest } from "fastify";

/**
 * The request's headers for Better Auth, with the caller's address as the server saw it (the
 * connection, or the proxy Fastify trusts), replacing anything a client sent under that name.
 */
export function toHeaders(raw: FastifyRequest["headers"], ip?: string): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.append(key, String(value));
  }
  headers.delete(CLIENT_IP_HEADER);
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  return headers;
}

export type StaffIdentity =
  | { kind: "none" }
  | { kind: "staff"; staff: StaffUser }
  | { kind: "pending"; pending: PendingSecondFactor };

/**
 * The member of staff behind a session cookie. The role and locality are read fresh on every
 * request, so disabling an account or changing its role takes effect at once; a role that sees
 * social care data is only "pending" until its session has proved a second factor.
 */
export async function staffIdentity(
  db: Database,
  auth: Auth,
  req: FastifyRequest,
): Promise<StaffIdentity> {
  if (!req.headers.cookie) return { kind: "none" };
  const found = await staffSession(auth, db, toHeaders(req.headers, req.ip));
  if (!found) return { kind: "none" };
  const { user } = found;
  if (requiresSecondFactor(user.role) && !found.secondFactorVerified) {
    return {
      kind: "pending",
      pending: { name: user.name, email: user.email, enrolled: user.twoFactorEnabled },
    };
  }
  return {
    kind: "staff",
    staff: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      localityId: user.localityId,
    },
  };
}

/** Staff come with a Better Auth session cookie; kiosks with their device credential as a bearer token. */
export async function createRequestContext(
  db: Database,
  auth: Auth,
  req: FastifyRequest,
): Promise<Context> {
  const signInOptions = { oidc: auth.familyhub.oidc };
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) {
    const kiosk = await kioskForCredential(db, authorization.slice("Bearer ".length).trim());
    return createContextInner({ db, kiosk, ip: req.ip, signInOptions });
  }
  const identity = await staffIdentity(db, auth, req);
  return createContextInner({
    db,
    staff: identity.kind === "staff" ? identity.staff : null,
    pendingSecondFactor: identity.kind === "pending" ? identity.pending : null,
    ip: req.ip,
    signInOptions,
  });
}
