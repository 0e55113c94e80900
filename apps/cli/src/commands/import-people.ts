import { userInfo } from "node:os";
import { importPeople, summarisePeopleImport } from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";
import { readCsvFile, reportRejected } from "../files";

export async function importPeopleCommand(file: string, env: Env): Promise<number> {
  const csv = await readCsvFile(file, env);
  if (!csv.ok) return reportRejected(file, csv.errors);
  const handle = await openCliDatabase(env);
  try {
    const started = Date.now();
    const result = await importPeople(handle.db, csv.text, {
      type: "cli",
      id: userInfo().username,
    });
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    if (!result.ok) return reportRejected(file, result.errors);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`Imported ${file}: ${summarisePeopleImport(result)} (${seconds} s).\n`);
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}

export const peopleHelp = `
The file: UTF-8 CSV (save from Excel as "CSV UTF-8"), a header first, columns in any order:
  person_ref, family_ref, first_name, last_name, date_of_birth, postcode, role (child|adult),
  site_code, registered_on, and optionally sex (female|male|unknown, or f|m|u), ethnicity
  (a CIN census code such as WBRI) and social_care_id
Dates are YYYY-MM-DD or DD/MM/YYYY. People are matched by person_ref, families by family_ref:
a family's surname is its first adult's last name, its registration the earliest row's
registered_on and site_code. A blank optional cell keeps what FamilyHub already has.
The sites must be imported first. A file with any bad row is rejected whole, each bad row
named by its line number; importing the same file again changes nothing.

Example: pnpm cli import people legacy-people.csv`;
