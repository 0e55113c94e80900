import { and, asc, count, desc, eq, gt, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import { BOM, csvLine, spreadsheetSafe } from "../imports/csv-line";
import { auditEvents, user } from "../schema";
import { londonDayBounds } from "../time";

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

/** The filters of the audit search, already checked (see `auditFilterInput` in validators). */
export type AuditFilter = {
  actor?: string | undefined;
  action?: string | undefined;
  entityId?: string | undefined;
  /** Europe/London dates, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

const actorUser = alias(user, "actor_user");

// `%` and `_` in what a person typed are literal, not wildcards.
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function auditWhere(filter: AuditFilter): SQL | undefined {
  const actor = filter.actor ? `%${likeEscape(filter.actor)}%` : null;
  return and(
    actor
      ? or(
          eq(auditEvents.actorId, filter.actor ?? ""),
          ilike(actorUser.email, actor),
          ilike(actorUser.name, actor),
        )
      : undefined,
    filter.action ? ilike(auditEvents.action, `${likeEscape(filter.action)}%`) : undefined,
    filter.entityId ? eq(auditEvents.entityId, filter.entityId) : undefined,
    filter.from ? gte(auditEvents.at, londonDayBounds(filter.from).start) : undefined,
    filter.to ? lt(auditEvents.at, londonDayBounds(filter.to).end) : undefined,
  );
}

const auditColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorType: auditEvents.actorType,
  actorId: auditEvents.actorId,
  actorName: actorUser.name,
  actorEmail: actorUser.email,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  ip: auditEvents.ip,
  detail: auditEvents.detail,
};

/**
 * A page of the audit log, newest first, filtered and counted in SQL. The search itself is
 * audited, with its filters: who looks at the log is part of the log.
 */
export async function searchAudit(
  db: Database,
  input: { filter: AuditFilter; page: number; pageSize: number },
  actor: Actor,
) {
  const where = auditWhere(input.filter);
  const [rows, [total]] = await Promise.all([
    db
      .select(auditColumns)
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db
      .select({ n: count() })
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .where(where),
  ]);
  await recordAudit(db, actor, { action: "audit.search", detail: { ...input.filter } });
  return { rows, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** The most rows one CSV export holds; a wider search is narrowed first (by dates). */
export const AUDIT_EXPORT_LIMIT = 100_000;
const AUDIT_PAGE = 5_000;

// The log holds what people typed (search terms), so every cell goes through spreadsheetSafe.

export const auditCsvHeader = [
  "at",
  "actor_type",
  "actor_id",
  "actor_name",
  "action",
  "entity_type",
  "entity_id",
  "ip",
  "detail",
] as const;

/**
 * The audit events the filter finds, oldest first, as CSV (with a byte order mark for Excel).
 * Refused when more than AUDIT_EXPORT_LIMIT rows match, so an export is never cut short silently.
 */
export async function exportAuditCsv(db: Database, filter: AuditFilter, actor: Actor) {
  const where = auditWhere(filter);
  const [total] = await db
    .select({ n: count() })
    .from(auditEvents)
    .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
    .where(where);
  const n = total?.n ?? 0;
  if (n > AUDIT_EXPORT_LIMIT) {
    throw new AppError(
      "BAD_INPUT",
      `${n} events match, more than the ${AUDIT_EXPORT_LIMIT} one export holds. Narrow the dates and export again.`,
    );
  }
  const lines = [BOM + csvLine(auditCsvHeader)];
  let afterId = 0;
  for (;;) {
    const page = await db
      .select(auditColumns)
      .from(auditEvents)
      .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
      .where(and(where, gt(auditEvents.id, afterId)))
      .orderBy(asc(auditEvents.id))
      .limit(AUDIT_PAGE);
    for (const row of page) {
      lines.push(
        csvLine(
          [
            row.at.toISOString(),
            row.actorType,
            row.actorId ?? "",
            row.actorName ?? "",
            row.action,
            row.entityType ?? "",
            row.entityId ?? "",
            row.ip ?? "",
            row.detail ? JSON.stringify(row.detail) : "",
          ].map(spreadsheetSafe),
        ),
      );
    }
    const last = page[page.length - 1];
    if (!last || page.length < AUDIT_PAGE) break;
    afterId = last.id;
  }
  await recordAudit(db, actor, { action: "audit.export", detail: { ...filter, rows: n } });
  return { csv: lines.join(""), rows: n };
}
