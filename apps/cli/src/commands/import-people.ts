import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { decodeCsvBytes, importPeople, summarisePeopleImport } from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { CliFailure, EXIT } from "../failure";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export type CsvFile = { ok: true; text: string } | { ok: false; errors: string[] };

/**
 * Reads a CSV file the person named. A file that cannot be read is a usage error (exit 2); one
 * that is not UTF-8 is a rejected file, listed like a bad row (see decodeCsvBytes).
 */
export async function readCsvFile(file: string, env: Env): Promise<CsvFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(env.invocationDir, file));
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    const reason =
      code === "ENOENT"
        ? "there is no such file"
        : code === "EISDIR"
          ? "it is a folder, not a file"
          : code === "EACCES"
            ? "you do not have permission to read it"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CliFailure(`Cannot read ${file}: ${reason}.`, EXIT.usage);
  }
  return decodeCsvBytes(bytes);
}

/** Prints a rejected file's problems the same way for every import; the exit code to use. */
export function reportRejected(file: string, errors: readonly string[]): number {
  const problems = plural(errors.length, "problem", "problems");
  process.stderr.write(
    `${file} was not imported and nothing was written. Fix the ${problems} below and import the whole file again.\n`,
  );
  for (const error of errors) process.stderr.write(`${error}\n`);
  return EXIT.failed;
}

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
