// What the kiosk keeps in localStorage is read back with these small checks rather than zod, so
// the first screen starts without loading a schema library. Anything unexpected reads as nothing.

type Stored = Record<string, unknown>;

function isRecord(value: unknown): value is Stored {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A date as JSON wrote it (an ISO string), or null if it is not one. */
function storedDate(value: unknown): Date | null {
  if (!isString(value) && !isFiniteNumber(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The kiosk's pairing (credential-store.ts). */
export type KioskPairing = {
  credential: string;
  kiosk: {
    id: string;
    name: string;
    siteName: string;
    // Pairings made before the offline outbox have no site id until the server says it.
    siteId?: string;
  };
};

/** A pairing as it was stored, or null if what is stored is not one. */
export function parsePairing(value: unknown): KioskPairing | null {
  if (!isRecord(value) || !isString(value.credential) || value.credential.length === 0) return null;
  const kiosk = value.kiosk;
  if (!isRecord(kiosk) || !isString(kiosk.id) || !isString(kiosk.name)) return null;
  if (!isString(kiosk.siteName)) return null;
  if (kiosk.siteId !== undefined && !isString(kiosk.siteId)) return null;
  const { id, name, siteName, siteId } = kiosk;
  return {
    credential: value.credential,
    kiosk: siteId === undefined ? { id, name, siteName } : { id, name, siteName, siteId },
  };
}

/** Today's sessions (sessions-cache.ts). */
export type CachedSession = { id: string; programmeName: string; startsAt: Date; endsAt: Date };

type Cache = { siteId: string; date: string; savedAt: number; sessions: CachedSession[] };

function parseSession(value: unknown): CachedSession | null {
  if (!isRecord(value) || !isString(value.id) || !isString(value.programmeName)) return null;
  const [startsAt, endsAt] = [storedDate(value.startsAt), storedDate(value.endsAt)];
  if (!startsAt || !endsAt) return null;
  return { id: value.id, programmeName: value.programmeName, startsAt, endsAt };
}

/** The cache as it was stored, or null if what is stored is not one. */
export function parseSessionsCache(value: unknown): Cache | null {
  if (!isRecord(value) || !isString(value.siteId) || !isString(value.date)) return null;
  if (!isFiniteNumber(value.savedAt) || !Array.isArray(value.sessions)) return null;
  const sessions = value.sessions.map(parseSession);
  if (sessions.some((s) => s === null)) return null;
  return {
    siteId: value.siteId,
    date: value.date,
    savedAt: value.savedAt,
    sessions: sessions.filter((s) => s !== null),
  };
}

/** A session staff pinned (pinned-session.ts). */
export type PinnedSession = { sessionId: string; until: number };

/** A pin as it was stored, or null if what is stored is not one. */
export function parsePinned(value: unknown): PinnedSession | null {
  if (!isRecord(value) || !isString(value.sessionId) || !isFiniteNumber(value.until)) return null;
  return { sessionId: value.sessionId, until: value.until };
}
