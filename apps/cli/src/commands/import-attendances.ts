import { userInfo } from "node:os";
import { resolve } from "node:path";
import {
  importAttendances,
  type OpenedCsvFile,
  openCsvFile,
  summariseAttendancesImport,
} from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";
import { cannotRead, reportRejected } from "../files";

export async function importAttendancesCommand(file: string, env: Env): Promise<number> {
  // A million rows is too many to hold: the file is read as a stream, not whole.
  let csv: OpenedCsvFile;
  try {
    csv = await openCsvFile(resolve(env.invocationDir, file));
  } catch (error) {
    throw cannotRead(file, error);
  }
  if (!csv.ok) return reportRejected(file, csv.errors);
  const handle = await openCliDatabase(env);
  try {
    const started = Date.now();
    const result = await importAttendances(
      handle.db,
      csv.source,
      { type: "cli", id: userInfo().username },
      // On a terminal only: a script or the bench reads the result lines alone.
      process.stderr.isTTY ? { onProgress: (step) => process.stderr.write(`${step}…\n`) } : {},
    );
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    if (!result.ok) return reportRejected(file, result.errors);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Imported ${file}: ${summariseAttendancesImport(result)} (${seconds} s).\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export const attendancesHelp = `
The file: UTF-8 CSV (save from Excel as "CSV UTF-8"), a header first, columns in any order:
  person_ref, site_code, session_date, programme_name, and optionally start_time (HH:MM,
  Europe/London; default 10:00) and duration_minutes (default 90)
Each row is one person at one session. Programmes are found by name (or created, with the
service area "imported"), sessions by programme, site and start (or created). The people must
be imported first. An attendance already recorded is left as it is, so importing the same file
again changes nothing. A file with any bad row is rejected whole, each bad row named by its
line number.

Example: pnpm cli import attendances legacy-attendances.csv`;
