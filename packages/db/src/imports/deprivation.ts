import { normalisePostcode } from "@familyhub/validators";
import { z } from "zod";
import type { Database } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { deprivationLookup } from "../schema";
import { type RowError, formatRowErrors, parseRecords, readCsv } from "./csv";
import type { ImportResult } from "./sites";

export const deprivationColumns = {
  required: ["postcode", "lsoa_code", "imd_decile"],
} as const;

export type DeprivationImportCounts = {
  /** Postcodes in the lookup after the import. */
  postcodes: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
};

// Rows per INSERT: three parameters each, well under PostgreSQL's 65,535 a statement.
const CHUNK = 5_000;

function quoted(value: string): string {
  return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
}

function invalid(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const deprivationRow = z.object({
  postcode: z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, "postcode is empty — every row needs one");
    return (
      normalisePostcode(value) ??
      invalid(ctx, `postcode ${quoted(value)} is not a UK postcode (e.g. UB8 1UW)`)
    );
  }),
  lsoa_code: z.string().transform((value, ctx) => {
    const code = value.toUpperCase();
    if (code === "") return invalid(ctx, "lsoa_code is empty — every row needs one");
    // LSOA codes: E01 (England) or W01 (Wales) and six digits, e.g. E01002444.
    if (!/^[EW]01\d{6}$/.test(code)) {
      return invalid(ctx, `lsoa_code ${quoted(value)} is not an LSOA code (e.g. E01002444)`);
    }
    return code;
  }),
  imd_decile: z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, "imd_decile is empty — use a whole number from 1 to 10");
    const decile = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
      return invalid(
        ctx,
        `imd_decile ${quoted(value)} is not a whole number from 1 (most deprived) to 10`,
      );
    }
    return decile;
  }),
});

export type DeprivationRow = z.output<typeof deprivationRow> & { line: number };

export type DeprivationFile =
  | { ok: true; rows: DeprivationRow[]; rowErrors: RowError[]; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

/** Reads and checks a deprivation lookup file without the database. */
export function readDeprivationFile(csvText: string): DeprivationFile {
  const table = readCsv(csvText, deprivationColumns);
  if (!table.ok) return table;
  const parsed = parseRecords(table.records, deprivationRow);
  const rows: DeprivationRow[] = [];
  const rowErrors = [...table.rowErrors, ...parsed.rowErrors];
  const firstLine = new Map<string, number>();
  for (const row of parsed.rows) {
    const seen = firstLine.get(row.postcode);
    if (seen !== undefined) {
      rowErrors.push({
        line: row.line,
        message: `postcode '${row.postcode}' is not unique: it is also on row ${seen}`,
      });
      continue;
    }
    firstLine.set(row.postcode, row.line);
    rows.push(row);
  }
  return { ok: true, rows, rowErrors, warnings: table.warnings };
}

/**
 * Imports the postcode → LSOA → IMD decile lookup (columns `postcode, lsoa_code, imd_decile`):
 * the file replaces the whole lookup, in one transaction, or, with any bad row, nothing is
 * written and every problem is listed by line. Importing the same file again changes nothing.
 * The "living in a deprived area" flags follow the new lookup when the rule flags are next
 * refreshed (the CLI does it straight after; the server at start).
 */
export async function importDeprivation(
  db: Database,
  csvText: string,
  actor: Actor = { type: "system", id: null },
): Promise<ImportResult<DeprivationImportCounts>> {
  const file = readDeprivationFile(csvText);
  if (!file.ok) return file;
  const { rows, warnings } = file;
  if (file.rowErrors.length > 0) {
    return { ok: false, errors: formatRowErrors(file.rowErrors), warnings };
  }
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [
        "The file has no rows, so the lookup was left as it was. A lookup needs at least one postcode.",
      ],
      warnings,
    };
  }

  return db.transaction(async (tx) => {
    const existing = await tx
      .select({
        postcode: deprivationLookup.postcode,
        lsoaCode: deprivationLookup.lsoaCode,
        imdDecile: deprivationLookup.imdDecile,
      })
      .from(deprivationLookup);
    const before = new Map(existing.map((e) => [e.postcode, e]));
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    for (const row of rows) {
      const old = before.get(row.postcode);
      if (!old) added += 1;
      else if (old.lsoaCode === row.lsoa_code && old.imdDecile === row.imd_decile) unchanged += 1;
      else changed += 1;
    }
    const removed = existing.length - changed - unchanged;
    const counts = { postcodes: rows.length, added, changed, removed, unchanged };
    if (added + changed + removed === 0) return { ok: true, ...counts, warnings };

    await tx.delete(deprivationLookup);
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx.insert(deprivationLookup).values(
        rows.slice(i, i + CHUNK).map((row) => ({
          postcode: row.postcode,
          lsoaCode: row.lsoa_code,
          imdDecile: row.imd_decile,
        })),
      );
    }
    await recordAudit(tx, actor, { action: "deprivation.import", detail: counts });
    return { ok: true, ...counts, warnings };
  });
}
