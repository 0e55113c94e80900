import { userInfo } from "node:os";
import { importDeprivation } from "@familyhub/db/imports";
import { refreshAllDerivedFlags } from "@familyhub/targeting";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";
import { readCsvFile, reportRejected } from "../files";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const deprivationHelp = `
The file: UTF-8 CSV, a header first, columns in any order:
  postcode, lsoa_code, imd_decile
  postcode:   any case and spacing (fl1 2ab, FL1 2AB)
  lsoa_code:  the Lower layer Super Output Area, e.g. E01002444
  imd_decile: 1 (the most deprived tenth of England) to 10
The file replaces the whole lookup. Families whose postcode is in decile 1 or 2 are flagged
"living in a deprived area" straight after. A file with any bad row is rejected whole.

Example: pnpm cli import deprivation imd-lookup.csv`;

export async function importDeprivationCommand(file: string, env: Env): Promise<number> {
  const csv = await readCsvFile(file, env);
  if (!csv.ok) return reportRejected(file, csv.errors);
  const handle = await openCliDatabase(env);
  try {
    const result = await importDeprivation(handle.db, csv.text, {
      type: "cli",
      id: userInfo().username,
    });
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    if (!result.ok) return reportRejected(file, result.errors);
    process.stdout.write(
      `Imported ${file}: ${plural(result.postcodes, "postcode", "postcodes")} in the lookup ` +
        `(${result.added} added, ${result.changed} changed, ${result.removed} removed, ` +
        `${result.unchanged} unchanged).\n`,
    );
    if (result.added + result.changed + result.removed === 0) return EXIT.ok;
    // The deprived-area flags follow the lookup: bring every family's rule flags up to date now.
    const refreshed = await refreshAllDerivedFlags(handle.db);
    process.stdout.write(
      `Priority target groups brought up to date for ${plural(refreshed.families, "family", "families")}: ` +
        `${plural(refreshed.opened, "flag", "flags")} opened, ${refreshed.ended} ended.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
