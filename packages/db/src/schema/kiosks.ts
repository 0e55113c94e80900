import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { sites } from "./geography";

// A kiosk is a device at one site's door. It is paired with a short-lived code and then holds a
// device credential (only its SHA-256 is stored) that can check families in at that site and
// nothing else. Revoking clears the credential.
export const kiosks = pgTable(
  "kiosks",
  {
    id: uuid().primaryKey().defaultRandom(),
    siteId: uuid()
      .notNull()
      .references(() => sites.id),
    name: text().notNull(),
    pairingCodeHash: text().unique(),
    pairingExpiresAt: timestamp({ withTimezone: true }),
    credentialHash: text().unique(),
    pairedAt: timestamp({ withTimezone: true }),
    lastSeenAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdBy: text().references(() => user.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // What the kiosk last said of itself (its heartbeat), so staff see a queue drain.
    heartbeatAt: timestamp({ withTimezone: true }),
    appVersion: text(),
    queuedCheckIns: integer().notNull().default(0),
    // Wrong staff PINs typed at this kiosk: each one past the third doubles the wait.
    pinFailures: integer().notNull().default(0),
    pinLockedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.siteId)],
);

// A member of staff's kiosk PIN: it pins a session for the morning and opens "I've forgotten my
// card" at the kiosks of their locality. Only a scrypt hash (salt and key) is kept.
export const staffKioskPins = pgTable("staff_kiosk_pins", {
  userId: text()
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  pinHash: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
