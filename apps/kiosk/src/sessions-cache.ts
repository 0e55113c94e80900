import { londonDate } from "./london-date";
import { type CachedSession, parseSessionsCache } from "./stored";

export type { CachedSession };

// Today's sessions (programme names and times, nothing about anyone) are kept on the tablet so
// that it starts and checks families in with no network. Yesterday's are never used.
const STORAGE_KEY = "familyhub.kiosk.today";

export function loadSessions(
  siteId: string | undefined,
): { sessions: CachedSession[]; savedAt: number } | null {
  if (!siteId) return null;
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = parseSessionsCache(JSON.parse(raw));
    if (!parsed || parsed.siteId !== siteId || parsed.date !== londonDate()) return null;
    return { sessions: parsed.sessions, savedAt: parsed.savedAt };
  } catch {
    return null;
  }
}

export function saveSessions(siteId: string | undefined, sessions: CachedSession[]) {
  if (!siteId) return;
  try {
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ siteId, date: londonDate(), savedAt: Date.now(), sessions }),
    );
  } catch {
    // Storage full or blocked: the kiosk still works while it is online.
  }
}
