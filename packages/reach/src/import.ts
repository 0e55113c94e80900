import { type Actor, type Database, londonDate, recordAudit } from "@familyhub/db";
import { formatRowErrors } from "@familyhub/db/imports";
import { baselineChildCohorts, baselineChildren, baselineSnapshots } from "@familyhub/db/schema";
import { parseDate } from "@familyhub/validators";
import { eq, sql } from "drizzle-orm";
import { readBaselineFile } from "./baseline-file";
import { type MatchSummary, matchSnapshot } from "./match";

export type BaselineImportResult =
  | ({
      ok: true;
      snapshotId: string;
      snapshotDate: string;
      rows: number;
      /** True when a snapshot of the same date was replaced. */
      replaced: boolean;
      warnings: string[];
    } & MatchSummary)
  | { ok: false; errors: string[]; warnings: string[] };

const BATCH = 1_000;

/** `YYYY-MM-DD` (or `DD/MM/YYYY`) for a snapshot date, or an error a person can act on. */
export function checkSnapshotDate(
  raw: string,
  today: string = londonDate(),
): { ok: true; date: string } | { ok: false; error: string } {
  const date = parseDate(raw);
  if (!date) {
    return { ok: false, error: `The snapshot date '${raw}' is not a date: use YYYY-MM-DD.` };
  }
  if (date > today) {
    return {
      ok: false,
      error: `The snapshot date ${date} is in the future: use the date of the export.`,
    };
  }
  return { ok: true, date };
}

/**
 * Imports a baseline file as the snapshot of `snapshotDate`, then matches its children. One
 * transaction: a snapshot of the same date is replaced whole, or, if anything fails, left as it
 * was. A file with any bad row writes nothing and lists every problem. The raw file is not kept.
 */
export async function importBaseline(
  db: Database,
  csvText: string,
  snapshotDateRaw: string,
  actor: Actor = { type: "system", id: null },
  today: string = londonDate(),
): Promise<BaselineImportResult> {
  const checked = checkSnapshotDate(snapshotDateRaw, today);
  if (!checked.ok) return { ok: false, errors: [checked.error], warnings: [] };
  const snapshotDate = checked.date;
  const file = readBaselineFile(csvText, snapshotDate);
  if (!file.ok) return file;
  const { warnings } = file;
  if (file.rowErrors.length > 0) {
    return { ok: false, errors: formatRowErrors(file.rowErrors), warnings };
  }
  if (file.children.length === 0) {
    return {
      ok: false,
      errors: ["The file has no rows: a baseline lists at least one child."],
      warnings,
    };
  }

  return db.transaction(async (tx) => {
    const replaced = await tx
      .delete(baselineSnapshots)
      .where(eq(baselineSnapshots.snapshotDate, snapshotDate))
      .returning({ id: baselineSnapshots.id });
    const [snapshot] = await tx
      .insert(baselineSnapshots)
      .values({
        snapshotDate,
        rows: file.rows,
        children: file.children.length,
        importedBy: actor.type === "staff" ? actor.id : null,
      })
      .returning({ id: baselineSnapshots.id });
    if (!snapshot) throw new Error("the snapshot was not written");
    for (let i = 0; i < file.children.length; i += BATCH) {
      const part = file.children.slice(i, i + BATCH);
      const ids = await tx
        .insert(baselineChildren)
        .values(
          part.map((child) => ({
            snapshotId: snapshot.id,
            socialCareId: child.socialCareId,
            firstName: child.firstName,
            lastName: child.lastName,
            dateOfBirth: child.dateOfBirth,
            swappedDateOfBirth: child.swappedDateOfBirth,
            ageYears: child.ageYears,
            postcode: child.postcode,
            district: child.district,
          })),
        )
        .returning({ id: baselineChildren.id, socialCareId: baselineChildren.socialCareId });
      const idOf = new Map(ids.map((row) => [row.socialCareId, row.id]));
      await tx.insert(baselineChildCohorts).values(
        part.flatMap((child) => {
          const childId = idOf.get(child.socialCareId);
          return childId ? child.cohorts.map((cohort) => ({ childId, cohort })) : [];
        }),
      );
    }
    // Fresh statistics, or the planner takes the new snapshot for a handful of rows and the
    // matching and the first reports run nested loops over thousands of children.
    await tx.execute(sql`analyze baseline_children, baseline_child_cohorts`);
    const summary = await matchSnapshot(tx, snapshot.id, today);
    await recordAudit(tx, actor, {
      action: "baseline.import",
      entityType: "baseline_snapshot",
      entityId: snapshot.id,
      detail: { snapshotDate, rows: file.rows, replaced: replaced.length > 0, ...summary },
    });
    return {
      ok: true as const,
      snapshotId: snapshot.id,
      snapshotDate,
      rows: file.rows,
      replaced: replaced.length > 0,
      warnings,
      ...summary,
    };
  });
}
