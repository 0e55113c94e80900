import { z } from "zod";

// A session a member of staff pinned for the morning: only its id and until when.
const STORAGE_KEY = "familyhub.kiosk.pinned";

const pinnedSchema = z.object({ sessionId: z.string(), until: z.number() });

export type PinnedSession = z.infer<typeof pinnedSchema>;

export function loadPinned(now: Date): PinnedSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = pinnedSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.until > now.getTime() ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePinned(pinned: PinnedSession | null) {
  try {
    if (pinned) localStorage.setItem(STORAGE_KEY, JSON.stringify(pinned));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Blocked storage: the pin lasts until the kiosk is reloaded.
  }
}
