import { z } from "zod";
import { londonDate } from "./london-date";

// Today's sessions (programme names and times, nothing about anyone) are kept on the tablet so
// that it starts and checks families in with no network. Yesterday's are never used.
const STORAGE_KEY = "familyhub.kiosk.today";

const sessionSchema = z.object({
  id: z.string(),
  programmeName: z.string(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
});
const cacheSchema = z.object({
  siteId: z.string(),
  date: z.string(),
  savedAt: z.number(),
  sessions: z.array(sessionSchema),
});

export type CachedSession = z.infer<typeof sessionSchema>;

export function loadSessions(
  siteId: string | undefined,
): { sessions: CachedSession[]; savedAt: number } | null {
  if (!siteId) return null;
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = cacheSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.siteId !== siteId || parsed.data.date !== londonDate()) {
      return null;
    }
    return { sessions: parsed.data.sessions, savedAt: parsed.data.savedAt };
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
