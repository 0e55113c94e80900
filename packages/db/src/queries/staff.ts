import { asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { localities, session, twoFactor, user } from "../schema";
import { type Actor, recordAudit } from "./audit";

/** Every staff account, for administrators: who, which role and locality, enabled or not. */
export async function listStaff(db: Database) {
  return db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      localityName: localities.name,
      disabledAt: user.disabledAt,
      twoFactorEnabled: user.twoFactorEnabled,
    })
    .from(user)
    .leftJoin(localities, eq(localities.id, user.localityId))
    .orderBy(asc(user.name), asc(user.email));
}

/**
 * Disables an account (its sessions are deleted in the same transaction, so it is signed out
 * everywhere at once) or enables it again. Nobody disables their own account: an authority
 * must never be left without an administrator by a slip.
 */
export async function setStaffDisabled(
  db: Database,
  input: { userId: string; disabled: boolean },
  actor: Actor,
): Promise<{ id: string; disabled: boolean; sessionsEnded: number }> {
  if (input.disabled && actor.type === "staff" && actor.id === input.userId) {
    throw new AppError(
      "BAD_INPUT",
      "You cannot disable your own account. Ask another administrator if it should be.",
    );
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(user)
      .set({ disabledAt: input.disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(user.id, input.userId))
      .returning({ id: user.id, email: user.email });
    if (!row) throw new AppError("NOT_FOUND", "That staff account does not exist.");
    const ended = input.disabled
      ? await tx.delete(session).where(eq(session.userId, row.id)).returning({ id: session.id })
      : [];
    await recordAudit(tx, actor, {
      action: input.disabled ? "staff.disabled" : "staff.enabled",
      entityType: "staff",
      entityId: row.id,
      detail: { email: row.email, sessionsEnded: ended.length },
    });
    return { id: row.id, disabled: input.disabled, sessionsEnded: ended.length };
  });
}

/**
 * For someone who has lost both their phone and their backup codes: removes the account's TOTP
 * and ends its sessions, so at the next sign-in (password, or the identity provider) they set up
 * an authenticator again before they can do anything else.
 */
export async function resetStaffTwoFactor(
  db: Database,
  input: { userId: string },
  actor: Actor,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(user)
      .set({ twoFactorEnabled: false, updatedAt: new Date() })
      .where(eq(user.id, input.userId))
      .returning({ id: user.id, email: user.email });
    if (!row) throw new AppError("NOT_FOUND", "That staff account does not exist.");
    await tx.delete(twoFactor).where(eq(twoFactor.userId, row.id));
    const ended = await tx
      .delete(session)
      .where(eq(session.userId, row.id))
      .returning({ id: session.id });
    await recordAudit(tx, actor, {
      action: "staff.two_factor_reset",
      entityType: "staff",
      entityId: row.id,
      detail: { email: row.email, sessionsEnded: ended.length },
    });
    return { id: row.id };
  });
}
