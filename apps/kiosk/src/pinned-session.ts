import { type PinnedSession, parsePinned } from "./stored";

export type { PinnedSession };

// A session a member of staff pinned for the morning: only its id and until when.
const STORAGE_KEY = "familyhub.kiosk.pinned";

export function loadPinned(now: Date): PinnedSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = parsePinned(JSON.parse(raw));
    return parsed && parsed.until > now.getTime() ? parsed : null;
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
