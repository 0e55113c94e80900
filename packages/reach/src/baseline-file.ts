// Reading a baseline file (PRODUCT.md, the `baseline` format): one row per child per cohort.
// Pure: every problem of the file is found before the database is touched, and a file with any
// is rejected whole, each bad row listed by its line.
import { swapDayAndMonth } from "@familyhub/db";
import { type RowError, parseRecords, readCsv } from "@familyhub/db/imports";
import { normalisePostcode, parseDate } from "@familyhub/validators";
import { z } from "zod";
import { type BaselineCohort, ageOn, baselineCohorts } from "./cohorts";

export const baselineColumns = {
  required: [
    "social_care_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "cohort",
    "district",
  ],
  optional: ["start_date"],
} as const;

/** A child of the snapshot, once, with every cohort they are in. */
export type BaselineChild = {
  socialCareId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  swappedDateOfBirth: string | null;
  ageYears: number;
  postcode: string;
  district: string;
  cohorts: BaselineCohort[];
  line: number;
};

export type BaselineFile =
  | {
      ok: true;
      rows: number;
      children: BaselineChild[];
      rowErrors: RowError[];
      warnings: string[];
    }
  | { ok: false; errors: string[]; warnings: string[] };

const quoted = (value: string) => `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;

function invalid(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const required = (column: string, max: number) =>
  z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, `${column} is empty — every row needs one`);
    if (value.length > max) {
      return invalid(ctx, `${column} ${quoted(value)} is longer than ${max} characters`);
    }
    return value;
  });

type DateFormat = "YYYY-MM-DD" | "DD/MM/YYYY";
const formatOf = (value: string): DateFormat => (value.includes("/") ? "DD/MM/YYYY" : "YYYY-MM-DD");
type DateValue = { iso: string; format: DateFormat; raw: string };

function checkDate(
  column: string,
  value: string,
  snapshotDate: string,
  ctx: z.RefinementCtx,
): DateValue {
  if (value === "") {
    return invalid(ctx, `${column} is empty — write the date, e.g. 2019-02-28 or 28/02/2019`);
  }
  const date = parseDate(value);
  if (!date) {
    return invalid(
      ctx,
      `${column} ${quoted(value)} is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)`,
    );
  }
  if (date > snapshotDate) {
    return invalid(
      ctx,
      `${column} ${quoted(value)} is in the future (after the snapshot date ${snapshotDate})`,
    );
  }
  if (date < "1990-01-01") return invalid(ctx, `${column} ${quoted(value)} is before 1990`);
  return { iso: date, format: formatOf(value), raw: value };
}

// Kent's returns call children in need "CHiN"; the rest use the words of PRODUCT.md.
const cohortAliases: Record<string, BaselineCohort> = { CHIN: "CIN" };

const baselineRow = (snapshotDate: string) =>
  z.object({
    social_care_id: required("social_care_id", 50),
    first_name: required("first_name", 80),
    last_name: required("last_name", 80),
    date_of_birth: z
      .string()
      .transform((value, ctx) => checkDate("date_of_birth", value, snapshotDate, ctx)),
    postcode: z.string().transform((value, ctx) => {
      if (value === "") return invalid(ctx, "postcode is empty — every row needs one");
      return (
        normalisePostcode(value) ??
        invalid(ctx, `postcode ${quoted(value)} is not a UK postcode (e.g. UB8 1UW)`)
      );
    }),
    cohort: z.string().transform((value, ctx): BaselineCohort => {
      const code = value.trim().toUpperCase();
      const cohort = baselineCohorts.find((c) => c === code) ?? cohortAliases[code];
      return (
        cohort ??
        invalid(
          ctx,
          value === ""
            ? `cohort is empty — use one of ${baselineCohorts.join(", ")}`
            : `cohort ${quoted(value)} is not one of ${baselineCohorts.join(", ")}`,
        )
      );
    }),
    district: required("district", 100),
    start_date: z
      .string()
      .optional()
      .transform((value, ctx) =>
        value ? checkDate("start_date", value, snapshotDate, ctx) : null,
      ),
  });

type ParsedRow = z.output<ReturnType<typeof baselineRow>> & { line: number };

/**
 * Reads and checks a baseline file for the snapshot of `snapshotDate` (`YYYY-MM-DD`). Besides
 * each row's own checks: one date format in the whole file (a mix means some days and months
 * may have been read the wrong way round), a child and cohort once, and a child's details the
 * same on each of their rows.
 */
export function readBaselineFile(csvText: string, snapshotDate: string): BaselineFile {
  const table = readCsv(csvText, baselineColumns);
  if (!table.ok) return table;
  const parsed = parseRecords(table.records, baselineRow(snapshotDate));
  const rowErrors = [...table.rowErrors, ...parsed.rowErrors];

  // The file's date format is the one most of its dates use; the first row's breaks a tie.
  const dates = parsed.rows.flatMap((row) =>
    [row.date_of_birth, row.start_date].filter((d): d is DateValue => d !== null),
  );
  const slashes = dates.filter((d) => d.format === "DD/MM/YYYY").length;
  const first = dates[0]?.format ?? "YYYY-MM-DD";
  const fileFormat: DateFormat =
    slashes * 2 > dates.length || (slashes * 2 === dates.length && first === "DD/MM/YYYY")
      ? "DD/MM/YYYY"
      : "YYYY-MM-DD";

  const children = new Map<string, BaselineChild>();
  const cohortLine = new Map<string, number>();
  const rows: ParsedRow[] = [];
  for (const row of parsed.rows) {
    let bad = false;
    for (const [column, value] of [
      ["date_of_birth", row.date_of_birth],
      ["start_date", row.start_date],
    ] as const) {
      if (value && value.format !== fileFormat) {
        rowErrors.push({
          line: row.line,
          message: `${column} ${quoted(value.raw)} is written ${value.format} but most dates in the file are ${fileFormat}: use one date format in the whole file`,
        });
        bad = true;
      }
    }
    const key = `${row.social_care_id}\u0000${row.cohort}`;
    const seen = cohortLine.get(key);
    if (seen !== undefined) {
      rowErrors.push({
        line: row.line,
        message: `social_care_id '${row.social_care_id}' is in cohort ${row.cohort} twice: this row repeats row ${seen}`,
      });
      continue;
    }
    cohortLine.set(key, row.line);
    if (bad) continue;
    rows.push(row);
  }

  for (const row of rows) {
    const existing = children.get(row.social_care_id);
    if (!existing) {
      children.set(row.social_care_id, {
        socialCareId: row.social_care_id,
        firstName: row.first_name,
        lastName: row.last_name,
        dateOfBirth: row.date_of_birth.iso,
        swappedDateOfBirth: swapDayAndMonth(row.date_of_birth.iso),
        ageYears: ageOn(row.date_of_birth.iso, snapshotDate),
        postcode: row.postcode,
        district: row.district,
        cohorts: [row.cohort],
        line: row.line,
      });
      continue;
    }
    const differs = (
      [
        ["first_name", existing.firstName, row.first_name],
        ["last_name", existing.lastName, row.last_name],
        ["date_of_birth", existing.dateOfBirth, row.date_of_birth.iso],
        ["postcode", existing.postcode, row.postcode],
        ["district", existing.district, row.district],
      ] as const
    ).filter(([, a, b]) => a !== b);
    if (differs.length > 0) {
      rowErrors.push({
        line: row.line,
        message: `social_care_id '${row.social_care_id}' is on row ${existing.line} with a different ${differs.map(([c]) => c).join(", ")}: one child has the same details on every row`,
      });
      continue;
    }
    existing.cohorts.push(row.cohort);
  }
  return {
    ok: true,
    rows: table.records.length,
    children: [...children.values()],
    rowErrors,
    warnings: table.warnings,
  };
}
