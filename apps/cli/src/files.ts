import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeCsvBytes } from "@familyhub/db/imports";
import type { Env } from "./env";
import { CliFailure, EXIT } from "./failure";

export type CsvFile = { ok: true; text: string } | { ok: false; errors: string[] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Reads a CSV file the person named, relative to where they ran the command. A file that cannot
 * be read is a usage error (exit 2); one that is not UTF-8 is a rejected file, listed like a bad
 * row (see decodeCsvBytes).
 */
export async function readCsvFile(file: string, env: Env): Promise<CsvFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(env.invocationDir, file));
  } catch (error) {
    throw cannotRead(file, error);
  }
  return decodeCsvBytes(bytes);
}

/** The usage error (exit 2) for a file the person named that cannot be opened, saying why. */
export function cannotRead(file: string, error: unknown): CliFailure {
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
  return new CliFailure(`Cannot read ${file}: ${reason}.`, EXIT.usage);
}

/** Prints a rejected file's problems the same way for every import; returns the exit code. */
export function reportRejected(file: string, errors: readonly string[]): number {
  const problems = plural(errors.length, "problem", "problems");
  process.stderr.write(
    `${file} was not imported and nothing was written. Fix the ${problems} below and import the whole file again.\n`,
  );
  for (const error of errors) process.stderr.write(`${error}\n`);
  return EXIT.failed;
}
