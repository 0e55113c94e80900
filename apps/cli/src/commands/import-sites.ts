import { userInfo } from "node:os";
import { resolve } from "node:path";
import { importSites } from "@familyhub/db/imports";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";
import { readTextFile } from "../files";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function importSitesCommand(file: string, env: Env): Promise<number> {
  const text = await readTextFile(resolve(env.invocationDir, file), file);
  const handle = await openCliDatabase(env);
  try {
    const result = await importSites(handle.db, text, { type: "cli", id: userInfo().username });
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    if (!result.ok) {
      const problems = plural(result.errors.length, "problem", "problems");
      process.stderr.write(
        `${file} was not imported and nothing was written. Fix the ${problems} below and import the whole file again.\n`,
      );
      for (const error of result.errors) process.stderr.write(`${error}\n`);
      return EXIT.failed;
    }
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
