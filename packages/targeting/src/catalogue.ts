import { AppError, type Actor, type Database, recordAudit, type Transaction } from "@familyhub/db";
import {
  builtInTargetGroups,
  targetGroups,
  type targetGroupCategories,
} from "@familyhub/db/schema";
import { eq, inArray, sql } from "drizzle-orm";

export {
  builtInTargetGroups as catalogue,
  type BuiltInTargetGroupCode,
} from "@familyhub/db/schema";

export type TargetGroupCategory = (typeof targetGroupCategories)[number];

export const categoryLabels: Record<TargetGroupCategory, string> = {
  family: "Family",
  parental: "Parental",
  child_young_person: "Child or young person",
};

/**
 * Writes the built-in catalogue to `target_groups`: adds new groups, keeps labels and categories
 * up to date, and never touches what the authority chose (isPriority, active) or its local
 * groups. Idempotent; the server runs it at every start, after migrating.
 */
export async function syncCatalogue(db: Database | Transaction): Promise<void> {
  await db
    .insert(targetGroups)
    .values(
      builtInTargetGroups.map((g) => ({
        code: g.code,
        category: g.category,
        label: g.label,
        isPriority: g.priority,
        isLocal: false,
      })),
    )
    .onConflictDoUpdate({
      target: targetGroups.code,
      set: {
        category: sql`excluded.category`,
        label: sql`excluded.label`,
        isLocal: sql`false`,
      },
    });
}

/**
 * Makes sure the built-in groups named exist before a flag refers to them, without changing any
 * that do: a database the server has not synced yet (a test, a fresh CLI import) still works.
 */
export async function ensureBuiltInGroups(
  db: Database | Transaction,
  codes: readonly string[],
): Promise<void> {
  const wanted = builtInTargetGroups.filter((g) => codes.includes(g.code));
  if (wanted.length === 0) return;
  await db
    .insert(targetGroups)
    .values(
      wanted.map((g) => ({
        code: g.code,
        category: g.category,
        label: g.label,
        isPriority: g.priority,
      })),
    )
    .onConflictDoNothing();
}

export type TargetGroup = {
  code: string;
  category: TargetGroupCategory;
  label: string;
  isPriority: boolean;
  isLocal: boolean;
  active: boolean;
};

const groupColumns = {
  code: targetGroups.code,
  category: targetGroups.category,
  label: targetGroups.label,
  isPriority: targetGroups.isPriority,
  isLocal: targetGroups.isLocal,
  active: targetGroups.active,
};

/** Every group, built-in first in catalogue order, then local groups by label. */
export async function listTargetGroups(db: Database | Transaction): Promise<TargetGroup[]> {
  const rows = await db.select(groupColumns).from(targetGroups);
  const order = new Map<string, number>(builtInTargetGroups.map((g, i) => [g.code, i]));
  return rows.sort(
    (a, b) =>
      Number(a.isLocal) - Number(b.isLocal) ||
      (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0) ||
      a.label.localeCompare(b.label),
  );
}

/** An authority's choice of which groups count as priority (the others are still recorded). */
export async function setPriorityGroups(
  db: Database,
  input: { priority: { code: string; isPriority: boolean }[] },
  actor: Actor,
): Promise<void> {
  const codes = input.priority.map((p) => p.code);
  if (codes.length === 0) return;
  await db.transaction(async (tx) => {
    const known = await tx
      .select({ code: targetGroups.code, isPriority: targetGroups.isPriority })
      .from(targetGroups)
      .where(inArray(targetGroups.code, codes));
    const byCode = new Map(known.map((k) => [k.code, k.isPriority]));
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length > 0) {
      throw new AppError(
        "NOT_FOUND",
        `No target group has the code ${unknown.map((c) => `'${c}'`).join(", ")}. Reload the page and try again.`,
      );
    }
    const changed = input.priority.filter((p) => byCode.get(p.code) !== p.isPriority);
    for (const change of changed) {
      await tx
        .update(targetGroups)
        .set({ isPriority: change.isPriority })
        .where(eq(targetGroups.code, change.code));
    }
    if (changed.length === 0) return;
    await recordAudit(tx, actor, {
      action: "targeting.priority",
      detail: { changed: changed.map((c) => ({ code: c.code, isPriority: c.isPriority })) },
    });
  });
}

/** A group of the authority's own, alongside the built-in catalogue. */
export async function addLocalGroup(
  db: Database,
  input: { code: string; label: string; category: TargetGroupCategory; isPriority: boolean },
  actor: Actor,
): Promise<TargetGroup> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ code: targetGroups.code })
      .from(targetGroups)
      .where(eq(targetGroups.code, input.code));
    if (existing) {
      throw new AppError(
        "CONFLICT",
        `A target group with the code '${input.code}' already exists. Choose another code.`,
      );
    }
    const [row] = await tx
      .insert(targetGroups)
      .values({ ...input, isLocal: true })
      .returning(groupColumns);
    if (!row) throw new Error("insert returned no target group");
    await recordAudit(tx, actor, {
      action: "targeting.add_group",
      entityType: "target_group",
      entityId: row.code,
      detail: { label: row.label, category: row.category, isPriority: row.isPriority },
    });
    return row;
  });
}

/**
 * Renames or retires a local group. Retired groups keep their flags (the past stays true) but
 * are no longer offered when staff record a new flag. Built-in groups cannot be changed here.
 */
export async function updateLocalGroup(
  db: Database,
  input: { code: string; label: string; active: boolean },
  actor: Actor,
): Promise<TargetGroup> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(targetGroups)
      .set({ label: input.label, active: input.active })
      .where(sql`${targetGroups.code} = ${input.code} and ${targetGroups.isLocal}`)
      .returning(groupColumns);
    if (!row) {
      throw new AppError("NOT_FOUND", "That local target group was not found.");
    }
    await recordAudit(tx, actor, {
      action: "targeting.update_group",
      entityType: "target_group",
      entityId: row.code,
      detail: { label: row.label, active: row.active },
    });
    return row;
  });
}
