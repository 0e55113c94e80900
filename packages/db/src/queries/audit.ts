import type { Database, Transaction } from "../client";
import { auditEvents } from "../schema";

export type Actor = {
  type: "staff" | "kiosk" | "system" | "cli";
  id: string | null;
  ip?: string | null;
};

export type AuditEvent = {
  action: string;
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
};

export async function recordAudit(
  db: Database | Transaction,
  actor: Actor,
  event: AuditEvent,
): Promise<void> {
  await db.insert(auditEvents).values({
    actorType: actor.type,
    actorId: actor.id,
    ip: actor.ip ?? null,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    detail: event.detail ?? null,
  });
}
