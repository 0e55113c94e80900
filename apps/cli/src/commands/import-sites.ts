import { userInfo } from "node:os";
import { importSites } from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";
import { readCsvFile, reportRejected } from "../files";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function importSitesCommand(file: string, env: Env): Promise<number> {
  const csv = await readCsvFile(file, env);
  if (!csv.ok) return reportRejected(file, csv.errors);
  const handle = await openCliDatabase(env);
  try {
    const result = await importSites(handle.db, csv.text, { type: "cli", id: userInfo().username });
    for (const warning of result.warnings)
      process.stderr.write(`Warning: ${warning}
`);
    if (!result.ok) return reportRejected(file, result.errors);
    const localities =
      result.localitiesCreated > 0
        ? ` (${plural(result.localitiesCreated, "locality", "localities")} created)`
        : "";
    process.stdout.write(
      `Imported ${file}: ${result.created} created, ${result.updated} updated, ` +
        `${result.unchanged} unchanged${localities}.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
