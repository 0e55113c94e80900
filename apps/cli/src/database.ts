import { type DatabaseHandle, databaseOptionsFrom, openDatabase } from "@familyhub/db";
import type { Env } from "./env";
import { CliFailure } from "./failure";

/** Opens and migrates the database the environment names, saying which one on stderr. */
export async function openCliDatabase(env: Env): Promise<DatabaseHandle> {
  const handle = openDatabase(databaseOptionsFrom(env));
  const engine = handle.kind === "postgres" ? "PostgreSQL" : "embedded PGlite";
  process.stderr.write(`Database: ${handle.location} (${engine})\n`);
  try {
    await handle.migrate();
  } catch (error) {
    await handle.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const hint =
      handle.kind === "postgres"
        ? "Check DATABASE_URL and that the server is running."
        : "Check FAMILYHUB_DATA_DIR, and that no FamilyHub server is using the same folder.";
    throw new CliFailure(`Could not open the database (${reason}). ${hint}`);
  }
  return handle;
}
