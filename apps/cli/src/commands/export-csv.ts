import { once } from "node:events";
import { userInfo } from "node:os";
import { recordAudit } from "@familyhub/db";
import { writeAttendancesCsv, writePeopleCsv } from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";

export const exportKinds = ["people", "attendances"] as const;
export type ExportKind = (typeof exportKinds)[number];

const writers = { people: writePeopleCsv, attendances: writeAttendancesCsv };

/**
 * Writes the file to standard output a page at a time, waiting when the reader is slower
 * (a pipe, a slow disk), so a large export never sits whole in memory. Messages go to stderr,
 * so `pnpm cli export people > people.csv` gives a clean file.
 */
export async function exportCommand(kind: ExportKind, env: Env): Promise<number> {
  const handle = await openCliDatabase(env);
  try {
    const summary = await writers[kind](handle.db, async (chunk) => {
      if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
    });
    // Every export of personal data is in the audit log: who ran it (the system account), what, how many rows.
    await recordAudit(
      handle.db,
      { type: "cli", id: userInfo().username },
      { action: `export.${kind}`, detail: { rows: summary.rows } },
    );
    for (const warning of summary.warnings) process.stderr.write(`Warning: ${warning}\n`);
    const noun = { people: ["person", "people"], attendances: ["attendance", "attendances"] }[kind];
    process.stderr.write(`Exported ${summary.rows} ${summary.rows === 1 ? noun[0] : noun[1]}.\n`);
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
