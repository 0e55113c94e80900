// The audit log is append-only in the database itself, with one narrow exception for retention.
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { auditEvents } from "../schema";
import { createTestDatabase, testDatabaseKinds } from "../testing";
import { exportAuditCsv, recordAudit, searchAudit } from "./audit";

const YEAR = 365 * 86_400_000;

describe.each(testDatabaseKinds())("the audit log on %s", (kind) => {
  let handle: DatabaseHandle;
  let recentId: number;
  let oldId: number;

  const exists = async (id: number) => {
    const [row] = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.id, id));
    return (row?.n ?? 0) === 1;
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    await recordAudit(handle.db, { type: "system", id: null }, { action: "test.recent" });
    const [recent] = await handle.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(eq(auditEvents.action, "test.recent"));
    recentId = recent?.id ?? 0;
    const [old] = await handle.db
      .insert(auditEvents)
      .values({ actorType: "system", action: "test.old", at: new Date(Date.now() - 8 * YEAR) })
      .returning({ id: auditEvents.id });
    oldId = old?.id ?? 0;
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("refuses UPDATE, DELETE and TRUNCATE, and the rows are still there", async () => {
    await expect(
      handle.db.update(auditEvents).set({ action: "tampered" }).where(eq(auditEvents.id, recentId)),
    ).rejects.toThrow();
    await expect(handle.db.delete(auditEvents).where(eq(auditEvents.id, oldId))).rejects.toThrow();
    await expect(handle.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect(await exists(recentId)).toBe(true);
    expect(await exists(oldId)).toBe(true);
    const [row] = await handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.id, recentId));
    expect(row?.action).toBe("test.recent");
  });

  it("never lets the retention flag delete an event younger than a year", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('familyhub.audit_purge', 'on', true)`);
        await tx.delete(auditEvents).where(eq(auditEvents.id, recentId));
      }),
    ).rejects.toThrow();
    expect(await exists(recentId)).toBe(true);
  });

  it("refuses a purge whose cutoff is less than a year ago", async () => {
    await expect(
      handle.db.execute(
        sql`select familyhub_purge_audit_events(now() - interval '30 days', '{}'::text[])`,
      ),
    ).rejects.toThrow();
    expect(await exists(recentId)).toBe(true);
    expect(await exists(oldId)).toBe(true);
  });

  it("purges old events through the function only, and records the purge", async () => {
    const cutoff = new Date(Date.now() - 7 * YEAR).toISOString();
    await handle.db.execute(
      sql`select familyhub_purge_audit_events(${cutoff}::timestamptz, '{}'::text[])`,
    );
    expect(await exists(oldId)).toBe(false);
    expect(await exists(recentId)).toBe(true);
    const purges = await handle.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, "audit.purge"));
    expect(purges).toHaveLength(1);
    expect(purges[0]?.detail).toMatchObject({ removed: 1 });
    // The flag the function set does not outlive it: a later delete is refused again.
    await expect(
      handle.db.delete(auditEvents).where(eq(auditEvents.action, "audit.purge")),
    ).rejects.toThrow();
  });

  it("searches by action prefix, record and dates in SQL, a page at a time, and exports CSV", async () => {
    const actor = { type: "staff" as const, id: null, ip: "192.0.2.1" };
    for (let i = 0; i < 12; i++) {
      await recordAudit(
        handle.db,
        { type: "cli", id: "ann" },
        { action: "family.read", entityType: "family", entityId: `fam-${i % 3}` },
      );
    }
    await recordAudit(
      handle.db,
      { type: "cli", id: "ann" },
      { action: "export.people", detail: { rows: 3, note: '=HYPERLINK("x")' } },
    );
    const page1 = await searchAudit(
      handle.db,
      { filter: { action: "family." }, page: 1, pageSize: 10 },
      actor,
    );
    expect(page1.total).toBe(12);
    expect(page1.rows).toHaveLength(10);
    const page2 = await searchAudit(
      handle.db,
      { filter: { action: "family." }, page: 2, pageSize: 10 },
      actor,
    );
    expect(page2.rows).toHaveLength(2);
    const byRecord = await searchAudit(
      handle.db,
      { filter: { entityId: "fam-1", actor: "ann" }, page: 1, pageSize: 50 },
      actor,
    );
    expect(byRecord.total).toBe(4);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = await searchAudit(
      handle.db,
      { filter: { from: tomorrow }, page: 1, pageSize: 50 },
      actor,
    );
    expect(future.total).toBe(0);
    // "%" is a literal, not a wildcard.
    const wildcard = await searchAudit(
      handle.db,
      { filter: { action: "%" }, page: 1, pageSize: 50 },
      actor,
    );
    expect(wildcard.total).toBe(0);

    const exported = await exportAuditCsv(handle.db, { action: "export." }, actor);
    expect(exported.rows).toBe(1);
    const lines = exported.csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "at,actor_type,actor_id,actor_name,action,entity_type,entity_id,ip,detail",
    );
    expect(lines[1]).toContain("export.people");
    // The searches and the export are in the log themselves.
    const [searches] = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "audit.search"));
    expect(searches?.n).toBe(5);
    const [exports] = await handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "audit.export"));
    expect(exports?.n).toBe(1);
  });
});
