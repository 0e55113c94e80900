import type { SQL } from "drizzle-orm";
import type { Database, Transaction } from "../client";

/**
 * Runs a hand-written SELECT (window functions, grouping sets: aggregation kept in SQL) and
 * returns its rows whichever engine answers: postgres-js gives an array, PGlite `{ rows }`.
 * Columns are snake_case as written; counts should be cast to int in the SQL.
 */
export async function selectRows<T>(db: Database | Transaction, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new Error("unexpected result from the database driver");
}
