/**
 * Marks on the way from a card in front of the camera to "You're checked in", read by the
 * benchmark (bench/kiosk-bench.ts) through the Performance API. They cost nothing when unread.
 */
export type KioskMark =
  "kiosk:frame" | "kiosk:members" | "kiosk:check-in" | "kiosk:success" | "kiosk:ready";

export function mark(name: KioskMark) {
  try {
    performance.mark(name);
  } catch {
    // No Performance API: nothing to measure.
  }
}
