import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const actorTypes = ["staff", "kiosk", "system", "cli"] as const;
export const actorType = pgEnum("actor_type", actorTypes);

// Append-only: a trigger in the migrations refuses UPDATE and DELETE on this table.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorType: actorType().notNull(),
    actorId: text(),
    action: text().notNull(),
    entityType: text(),
    entityId: text(),
    ip: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index().on(t.entityType, t.entityId), index().on(t.at)],
);
