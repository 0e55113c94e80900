import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
  },
  (t) => [index().on(t.siteId)],
);
