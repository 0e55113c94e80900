// The data team's reach commands: import a baseline snapshot, the reach report, the monthly
// scorecard, and purging old snapshots. The CLI is the data team's own tool, so small numbers
// are shown unless --suppress is given (the admin app forces suppression on for everyone
// without report:unsuppressed).
import { userInfo } from "node:os";
import { AppError } from "@familyhub/db";
import {
  baselineColumns,
  DEFAULT_RETENTION_MONTHS,
  DEFAULT_SUSTAINED_MIN,
  importBaseline,
  parseAges,
  purgeSnapshots,
  reachBreakdowns,
  reachReport,
  reachReportCsv,
  reachServices,
  scorecard,
  scorecardCsv,
} from "@familyhub/reach";
import { parseDate } from "@familyhub/validators";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { CliFailure, EXIT } from "../failure";
import { readCsvFile, reportRejected } from "../files";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const cliActor = () => ({ type: "cli" as const, id: userInfo().username });

export const baselineHelp = `
The file: UTF-8 CSV, a header first, columns in any order, one row per child per cohort:
  ${baselineColumns.required.join(", ")}, and optionally ${baselineColumns.optional.join(", ")}
  cohort:        LAC, CP, CIN (or CHiN) or EHN
  date_of_birth: YYYY-MM-DD or DD/MM/YYYY, one format in the whole file
A snapshot of the same date is replaced whole. The children are matched to registered people
straight after: by the social care id staff recorded, else by name, date of birth and postcode;
uncertain matches wait in the admin app's review queue. The file itself is not kept.
A file with any bad row is rejected whole, each bad row named by its line number.

Example: pnpm cli import baseline caseload-2026-06.csv --snapshot-date 2026-06-30`;

export async function importBaselineCommand(
  file: string,
  options: { snapshotDate: string },
  env: Env,
): Promise<number> {
  const csv = await readCsvFile(file, env);
  if (!csv.ok) return reportRejected(file, csv.errors);
  const handle = await openCliDatabase(env);
  try {
    const result = await importBaseline(handle.db, csv.text, options.snapshotDate, cliActor());
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    if (!result.ok) return reportRejected(file, result.errors);
    process.stdout.write(
      `Imported ${file} as the snapshot of ${result.snapshotDate}${result.replaced ? " (replacing the one imported before)" : ""}: ` +
        `${plural(result.children, "child", "children")} in ${plural(result.rows, "row", "rows")}. ` +
        `${result.bySocialCareId} matched by social care id, ${result.automatic} matched by name, date of birth and postcode, ` +
        `${plural(result.queued, "child waits", "children wait")} in the review queue, ${result.unmatched} not found.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

function checkedDate(flag: string, raw: string): string {
  const date = parseDate(raw);
  if (!date) throw new CliFailure(`${flag} '${raw}' is not a date: use YYYY-MM-DD.`, EXIT.usage);
  return date;
}

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  const found = allowed.find((value) => value === raw);
  if (!found) {
    throw new CliFailure(`${flag} '${raw}' is not one of ${allowed.join(", ")}.`, EXIT.usage);
  }
  return found;
}

const formats = ["csv", "json"] as const;

/** Domain errors (no snapshot for the period…) are sentences for the person, not failures of the tool. */
async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new CliFailure(error.message, EXIT.failed);
    throw error;
  }
}

export const reachReportHelp = `
Reach of the baseline children (PRODUCT.md, "Reach, defined"): one row per cohort SCS, LAC,
CP, CIN, EHN, and per district, age band or site with --by. The snapshot is the latest on or
before --to unless --snapshot-date is given. Ages default to 0-4 for children_centre and
12-18 for youth_hub. Percentages have one decimal; a cell is empty where the baseline is 0.
With --suppress, counts of 1 to 5 and the percentages made from them are "c", with more cells
hidden where a total would give one away: use it for anything leaving the service.
With --by site, each row also has a last column, site (the site's code).

Example: pnpm cli report reach --from 2026-04-01 --to 2026-06-30 --service children_centre --by district --suppress --format csv`;

export async function reachReportCommand(
  options: Record<string, unknown>,
  env: Env,
): Promise<number> {
  const text = (name: string) => (typeof options[name] === "string" ? options[name] : undefined);
  const from = checkedDate("--from", text("from") ?? "");
  const to = checkedDate("--to", text("to") ?? "");
  const snapshot = text("snapshotDate");
  const service = oneOf("--service", text("service") ?? "all", reachServices);
  const by = oneOf("--by", text("by") ?? "cohort", reachBreakdowns);
  const format = oneOf("--format", text("format") ?? "csv", formats);
  const agesText = text("ages");
  const ages = agesText === undefined ? undefined : parseAges(agesText);
  if (ages === null) {
    throw new CliFailure(
      `--ages '${agesText}' is not an age range: use e.g. 0-4, 12-18 or 16+.`,
      EXIT.usage,
    );
  }
  const sustainedText = text("sustained") ?? String(DEFAULT_SUSTAINED_MIN);
  const sustainedMin = Number(sustainedText);
  if (!Number.isInteger(sustainedMin) || sustainedMin < 1) {
    throw new CliFailure(
      `--sustained '${sustainedText}' is not a whole number of 1 or more.`,
      EXIT.usage,
    );
  }
  const handle = await openCliDatabase(env);
  try {
    const report = await explained(() =>
      reachReport(handle.db, {
        from,
        to,
        snapshotDate: snapshot === undefined ? undefined : checkedDate("--snapshot-date", snapshot),
        service,
        ages,
        by,
        sustainedMin,
        suppress: options.suppress === true,
      }),
    );
    process.stdout.write(
      format === "csv" ? reachReportCsv(report) : `${JSON.stringify(report, null, 2)}\n`,
    );
    process.stderr.write(
      `Reach of the snapshot of ${report.snapshot.snapshotDate}, ${from} to ${to}.` +
        (report.suppressed
          ? "\n"
          : " Small numbers are shown: use --suppress for anything leaving the service.\n"),
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export async function scorecardCommand(
  options: Record<string, unknown>,
  env: Env,
): Promise<number> {
  const month = typeof options.month === "string" ? options.month : "";
  const format = oneOf(
    "--format",
    typeof options.format === "string" ? options.format : "csv",
    formats,
  );
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new CliFailure(
      `--month '${month}' is not a month: use YYYY-MM, e.g. 2026-06.`,
      EXIT.usage,
    );
  }
  const handle = await openCliDatabase(env);
  try {
    const card = await explained(() =>
      scorecard(handle.db, { month, suppress: options.suppress === true }),
    );
    process.stdout.write(
      format === "csv" ? scorecardCsv(card) : `${JSON.stringify(card, null, 2)}\n`,
    );
    process.stderr.write(
      card.snapshotDate
        ? `Scorecard for ${month}; reach from the snapshot of ${card.snapshotDate}.\n`
        : `Scorecard for ${month}; there is no baseline snapshot on or before ${card.to}, so the reach columns are 0.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export async function purgeBaselineCommand(
  options: Record<string, unknown>,
  env: Env,
): Promise<number> {
  const raw =
    typeof options.retentionMonths === "string"
      ? options.retentionMonths
      : String(DEFAULT_RETENTION_MONTHS);
  const retentionMonths = Number(raw);
  if (!Number.isInteger(retentionMonths) || retentionMonths < 1) {
    throw new CliFailure(
      `--retention-months '${raw}' is not a whole number of 1 or more.`,
      EXIT.usage,
    );
  }
  const handle = await openCliDatabase(env);
  try {
    const result = await purgeSnapshots(handle.db, { retentionMonths, actor: cliActor() });
    process.stdout.write(
      result.purged.length === 0
        ? `No snapshot is older than ${result.cutoff}; nothing was purged.\n`
        : `Purged the children of ${plural(result.purged.length, "snapshot", "snapshots")} older than ${result.cutoff} ` +
            `(${result.purged.join(", ")}); their reach figures are kept.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
