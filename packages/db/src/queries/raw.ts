import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
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

// The SQL text of a statement, as drizzle writes it for this schema's naming.
const dialect = new PgDialect({ casing: "snake_case" });

type PostgresJsClient = {
  unsafe: (query: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown>;
};

/**
 * `selectRows` for the statements a kiosk makes on every scan. On a PostgreSQL server they are
 * prepared once per connection, so the server parses and plans each once rather than on every
 * scan: drizzle prepares only statements given a name, and never `db.execute`'s. Planning the
 * check-in's one statement was most of its cost in PostgreSQL. Only for statements whose plan
 * does not depend on their values (lookups by key), since a prepared statement may be given a
 * generic plan. PGlite, one connection answering one statement at a time, runs them as
 * `selectRows` does.
 */
export async function selectPreparedRows<T>(db: Database, query: SQL): Promise<T[]> {
  const client: unknown = (db as { $client?: unknown }).$client;
  if (typeof client !== "function" || !("unsafe" in client)) return selectRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await (client as unknown as PostgresJsClient).unsafe(text, params, {
    prepare: true,
  })) as T[];
}
