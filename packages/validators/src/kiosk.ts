// What the kiosk sends beyond a scan (its offline outbox, heartbeat and staff PIN), and what staff
// send about kiosks. The scan and check-in inputs of the foundation are in basics.ts.
import { z } from "zod";
import { cardCode } from "./basics";

/** A member of staff's kiosk PIN: six digits, typed on the kiosk's own keypad. */
export const staffPin = z.string().regex(/^\d{6}$/, "A PIN is 6 digits");

// The PINs anyone would try first are refused when staff choose one.
const OBVIOUS_PINS = new Set(["123456", "654321", "123123", "112233", "121212", "246810"]);

export const staffPinSetInput = z.object({
  pin: staffPin.refine(
    (pin) => !OBVIOUS_PINS.has(pin) && !/^(\d)\1{5}$/.test(pin),
    "Choose a PIN that is harder to guess than a repeated or counting pattern",
  ),
});

export const kioskPinInput = z.object({ pin: staffPin });

export const kioskSearchInput = z.object({
  pin: staffPin,
  query: z.string().trim().min(2, "Type at least 2 letters of a name").max(50),
});

export const kioskAssistedLookupInput = z.object({
  pin: staffPin,
  sessionId: z.uuid("Choose a session"),
  familyId: z.uuid("Choose a family"),
});

export const kioskAssistedCheckInInput = kioskAssistedLookupInput.extend({
  checkInId: z.uuid("The check-in id must be a UUID"),
  personIds: z.array(z.uuid()).min(1, "Tick at least one person").max(20),
});

/**
 * A check-in the kiosk kept while it was offline: the card, the session, when it was scanned and
 * the id the kiosk made. Nothing about the family's members, which the kiosk never had.
 */
export const kioskFamilyCheckInInput = z.object({
  checkInId: z.uuid("The check-in id must be a UUID"),
  sessionId: z.uuid("Choose a session"),
  cardCode,
  scannedAt: z.date(),
});

export const kioskHeartbeatInput = z.object({
  version: z.string().trim().max(40),
  /** Check-ins in the kiosk's outbox, waiting for the server. */
  queued: z.number().int().min(0).max(1_000_000),
});

/** Staff confirm (present) or untick (absent) an attendance a kiosk made offline. */
export const attendanceConfirmInput = z.object({
  attendanceId: z.uuid("That is not a valid attendance"),
  present: z.boolean(),
});
