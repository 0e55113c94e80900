import type { Database, Transaction } from "@familyhub/db";
import type { SQL } from "drizzle-orm";

/**
 * Runs hand-written SQL (aggregation stays in PostgreSQL) and returns its rows whichever engine
 * answers: postgres-js gives an array, PGlite `{ rows }`. Dates should be cast to text and
 * counts to int in the SQL, so both engines return the same values.
 */
export async function rows<T>(db: Database | Transaction, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new Error("unexpected result from the database driver");
}
