import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { kiosks, sites, staffKioskPins, user } from "../schema";
import { hashSecret, newKioskCredential, newPairingCode } from "../tokens";
import { type Actor, recordAudit } from "./audit";
import { selectPreparedRows } from "./raw";

const PAIRING_MINUTES = 15;

export type KioskIdentity = { id: string; siteId: string; name: string };

/** A kiosk beats every 30 seconds; one not heard from for this long is shown as offline. */
const ONLINE_SECONDS = 90;

export async function listKiosks(db: Database) {
  return db
    .select({
      id: kiosks.id,
      name: kiosks.name,
      siteId: kiosks.siteId,
      siteName: sites.name,
      pairedAt: kiosks.pairedAt,
      lastSeenAt: kiosks.lastSeenAt,
      revokedAt: kiosks.revokedAt,
      pairingExpiresAt: kiosks.pairingExpiresAt,
      heartbeatAt: kiosks.heartbeatAt,
      appVersion: kiosks.appVersion,
      queuedCheckIns: kiosks.queuedCheckIns,
      online: sql<boolean>`coalesce(${kiosks.heartbeatAt} > now() - interval '${sql.raw(String(ONLINE_SECONDS))} seconds', false)`,
    })
    .from(kiosks)
    .innerJoin(sites, eq(sites.id, kiosks.siteId))
    .orderBy(asc(sites.name), asc(kiosks.name));
}

export async function createKiosk(
  db: Database,
  input: { siteId: string; name: string },
  actor: Actor,
) {
  const [site] = await db.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
  if (!site)
    throw new AppError("NOT_FOUND", "That site was not found. Choose a site from the list.");
  const code = newPairingCode();
  const expiresAt = new Date(Date.now() + PAIRING_MINUTES * 60_000);
  const [kiosk] = await db
    .insert(kiosks)
    .values({
      siteId: site.id,
      name: input.name,
      pairingCodeHash: hashSecret(code),
      pairingExpiresAt: expiresAt,
      createdBy: actor.type === "staff" ? actor.id : null,
    })
    .returning({ id: kiosks.id });
  if (!kiosk) throw new Error("insert returned no kiosk");
  await recordAudit(db, actor, { action: "kiosk.create", entityType: "kiosk", entityId: kiosk.id });
  return { id: kiosk.id, pairingCode: code, pairingExpiresAt: expiresAt };
}

/** A fresh pairing code for a kiosk that is not revoked (to replace a tablet, say). */
export async function renewPairingCode(db: Database, kioskId: string, actor: Actor) {
  const code = newPairingCode();
  const expiresAt = new Date(Date.now() + PAIRING_MINUTES * 60_000);
  const [kiosk] = await db
    .update(kiosks)
    .set({ pairingCodeHash: hashSecret(code), pairingExpiresAt: expiresAt })
    .where(and(eq(kiosks.id, kioskId), isNull(kiosks.revokedAt)))
    .returning({ id: kiosks.id });
  if (!kiosk) throw new AppError("NOT_FOUND", "That kiosk was not found or has been revoked.");
  await recordAudit(db, actor, {
    action: "kiosk.pairing_code",
    entityType: "kiosk",
    entityId: kiosk.id,
  });
  return { id: kiosk.id, pairingCode: code, pairingExpiresAt: expiresAt };
}

/**
 * Exchanges a pairing code for a device credential. The code works once and only until it
 * expires; pairing again replaces the credential of an earlier pairing.
 */
export async function pairKiosk(db: Database, code: string, ip: string | null) {
  const credential = newKioskCredential();
  const [kiosk] = await db
    .update(kiosks)
    .set({
      credentialHash: hashSecret(credential),
      pairedAt: new Date(),
      lastSeenAt: new Date(),
      pairingCodeHash: null,
      pairingExpiresAt: null,
    })
    .where(
      and(
        eq(kiosks.pairingCodeHash, hashSecret(code)),
        gt(kiosks.pairingExpiresAt, new Date()),
        isNull(kiosks.revokedAt),
      ),
    )
    .returning({ id: kiosks.id, name: kiosks.name, siteId: kiosks.siteId });
  if (!kiosk) {
    throw new AppError(
      "NOT_FOUND",
      "That pairing code is not valid or has expired. Ask an administrator for a new one.",
    );
  }
  const [site] = await db
    .select({ name: sites.name })
    .from(sites)
    .where(eq(sites.id, kiosk.siteId));
  await recordAudit(
    db,
    { type: "kiosk", id: kiosk.id, ip },
    { action: "kiosk.pair", entityType: "kiosk", entityId: kiosk.id },
  );
  return {
    credential,
    kiosk: { id: kiosk.id, name: kiosk.name, siteId: kiosk.siteId, siteName: site?.name ?? "" },
  };
}

export async function revokeKiosk(db: Database, kioskId: string, actor: Actor) {
  const [kiosk] = await db
    .update(kiosks)
    .set({
      revokedAt: new Date(),
      credentialHash: null,
      pairingCodeHash: null,
      pairingExpiresAt: null,
    })
    .where(and(eq(kiosks.id, kioskId), isNull(kiosks.revokedAt)))
    .returning({ id: kiosks.id });
  if (!kiosk) throw new AppError("NOT_FOUND", "That kiosk was not found or is already revoked.");
  await recordAudit(db, actor, { action: "kiosk.revoke", entityType: "kiosk", entityId: kiosk.id });
  return kiosk;
}

/**
 * The kiosk a device credential belongs to, or null; notes when it was last seen (at most once a
 * minute). One statement, since every call a kiosk makes starts here.
 */
export async function kioskForCredential(
  db: Database,
  credential: string,
): Promise<KioskIdentity | null> {
  if (!credential.startsWith("FHK1-") || credential.length > 100) return null;
  const [kiosk] = await selectPreparedRows<{ id: string; site_id: string; name: string }>(
    db,
    sql`with k as (
          select id, site_id, name, last_seen_at from ${kiosks}
           where credential_hash = ${hashSecret(credential)} and revoked_at is null
        ),
        seen as (
          update ${kiosks} set last_seen_at = now()
           where id = (select id from k)
             and (last_seen_at is null or last_seen_at < now() - interval '1 minute')
        )
        select id, site_id, name from k`,
  );
  return kiosk ? { id: kiosk.id, siteId: kiosk.site_id, name: kiosk.name } : null;
}

/** What a kiosk says of itself every half minute: its version and how many check-ins it holds. */
export async function recordHeartbeat(
  db: Database,
  kiosk: KioskIdentity,
  input: { version: string; queued: number },
) {
  await db
    .update(kiosks)
    .set({
      heartbeatAt: new Date(),
      lastSeenAt: new Date(),
      appVersion: input.version,
      queuedCheckIns: input.queued,
    })
    .where(eq(kiosks.id, kiosk.id));
  return { ok: true as const };
}

// scrypt with Node's defaults (N=16384, r=8, p=1): slow enough that a stolen table of 6-digit
// PINs is not read back in seconds, fast enough to check a locality's staff at the door.
const SCRYPT_KEY_BYTES = 32;

function scryptKey(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, SCRYPT_KEY_BYTES, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptKey(pin, salt);
  return `scrypt$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await scryptKey(pin, Buffer.from(salt, "base64url"));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A member of staff sets (or changes) their own kiosk PIN. */
export async function setStaffPin(db: Database, staffId: string, pin: string, actor: Actor) {
  const pinHash = await hashPin(pin);
  await db
    .insert(staffKioskPins)
    .values({ userId: staffId, pinHash })
    .onConflictDoUpdate({
      target: staffKioskPins.userId,
      set: { pinHash, updatedAt: new Date() },
    });
  await recordAudit(db, actor, {
    action: "staff.kiosk_pin",
    entityType: "user",
    entityId: staffId,
  });
  return { ok: true as const };
}

export async function staffPinStatus(db: Database, staffId: string) {
  const [row] = await db
    .select({ updatedAt: staffKioskPins.updatedAt })
    .from(staffKioskPins)
    .where(eq(staffKioskPins.userId, staffId));
  return { hasPin: Boolean(row), updatedAt: row?.updatedAt ?? null };
}

/** The roles whose PIN opens a kiosk's staff tools: those who check families in. */
const KIOSK_STAFF_ROLES = ["administrator", "locality_lead", "centre_staff"] as const;

/** Three wrong PINs are free (a slip); each one after that doubles the wait, up to 15 minutes. */
function lockSeconds(failures: number): number | null {
  if (failures < 3) return null;
  return Math.min(30 * 2 ** (failures - 3), 15 * 60);
}

/**
 * The member of staff whose PIN was typed at this kiosk: one of the kiosk's locality (or an
 * administrator). Wrong PINs lock the kiosk's PIN pad for longer each time; the lock is kept in
 * the database so that reloading the kiosk does not reset it.
 */
export async function verifyKioskPin(
  db: Database,
  kiosk: KioskIdentity,
  pin: string,
  actor: Actor,
): Promise<{ staffId: string; staffName: string }> {
  const [state] = await db
    .select({ lockedUntil: kiosks.pinLockedUntil, localityId: sites.localityId })
    .from(kiosks)
    .innerJoin(sites, eq(sites.id, kiosks.siteId))
    .where(eq(kiosks.id, kiosk.id));
  if (!state) throw new AppError("UNAUTHORIZED", "This kiosk needs to be set up again.");
  if (state.lockedUntil && state.lockedUntil > new Date()) {
    const seconds = Math.ceil((state.lockedUntil.getTime() - Date.now()) / 1000);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many wrong PINs. Try again in ${seconds} seconds.`,
    );
  }
  const candidates = await db
    .select({ id: user.id, name: user.name, pinHash: staffKioskPins.pinHash })
    .from(staffKioskPins)
    .innerJoin(user, eq(user.id, staffKioskPins.userId))
    .where(
      and(
        inArray(user.role, [...KIOSK_STAFF_ROLES]),
        or(eq(user.role, "administrator"), eq(user.localityId, state.localityId)),
      ),
    );
  const matches = await Promise.all(candidates.map((c) => pinMatches(pin, c.pinHash)));
  const staff = candidates.find((_, i) => matches[i]);
  if (!staff) {
    const [after] = await db
      .update(kiosks)
      .set({ pinFailures: sql`${kiosks.pinFailures} + 1` })
      .where(eq(kiosks.id, kiosk.id))
      .returning({ failures: kiosks.pinFailures });
    const seconds = lockSeconds(after?.failures ?? 0);
    if (seconds !== null) {
      await db
        .update(kiosks)
        .set({ pinLockedUntil: new Date(Date.now() + seconds * 1000) })
        .where(eq(kiosks.id, kiosk.id));
    }
    await recordAudit(db, actor, {
      action: "kiosk.pin_refused",
      entityType: "kiosk",
      entityId: kiosk.id,
    });
    throw new AppError(
      "FORBIDDEN",
      seconds === null
        ? "That PIN is not right. Try again."
        : `That PIN is not right. Try again in ${seconds} seconds.`,
    );
  }
  await db
    .update(kiosks)
    .set({ pinFailures: 0, pinLockedUntil: null })
    .where(eq(kiosks.id, kiosk.id));
  await recordAudit(db, actor, {
    action: "kiosk.pin",
    entityType: "kiosk",
    entityId: kiosk.id,
    detail: { staffId: staff.id },
  });
  return { staffId: staff.id, staffName: staff.name };
}
