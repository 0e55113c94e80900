import { and, asc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { kiosks, sites } from "../schema";
import { hashSecret, newKioskCredential, newPairingCode } from "../tokens";
import { type Actor, recordAudit } from "./audit";

const PAIRING_MINUTES = 15;

export type KioskIdentity = { id: string; siteId: string; name: string };

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
  return { credential, kiosk: { id: kiosk.id, name: kiosk.name, siteName: site?.name ?? "" } };
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

/** The kiosk a device credential belongs to, or null; notes when it was last seen (at most once a minute). */
export async function kioskForCredential(
  db: Database,
  credential: string,
): Promise<KioskIdentity | null> {
  if (!credential.startsWith("FHK1-") || credential.length > 100) return null;
  const hash = hashSecret(credential);
  const [kiosk] = await db
    .select({ id: kiosks.id, siteId: kiosks.siteId, name: kiosks.name })
    .from(kiosks)
    .where(and(eq(kiosks.credentialHash, hash), isNull(kiosks.revokedAt)));
  if (!kiosk) return null;
  await db
    .update(kiosks)
    .set({ lastSeenAt: new Date() })
    .where(
      and(
        eq(kiosks.id, kiosk.id),
        or(isNull(kiosks.lastSeenAt), lt(kiosks.lastSeenAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return kiosk;
}
