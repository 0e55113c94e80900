import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the rest of FamilyHub sees, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DatabaseKind = "pglite" | "postgres";

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a folder or a server (without its password). */
  location: string;
  /** Applies the committed drizzle-kit migrations; safe to call from several processes. */
  migrate: () => Promise<void>;
  close: () => Promise<void>;
};

const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));
// Any fixed number: every FamilyHub process that migrates takes the same lock.
const MIGRATION_LOCK = 7_351_042;

export type DatabaseOptions =
  { url: string; maxConnections?: number } | { dataDir: string } | { pglite: PGlite };

/**
 * Opens FamilyHub's database: a PostgreSQL server when given a URL, otherwise the embedded
 * PostgreSQL (PGlite) persisted in a folder, or an in-memory PGlite handed in (tests).
 */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if ("url" in options) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // PostgreSQL's JIT compiles a report's plan for longer than the report then runs: with it
      // off the scorecard went from 2.7 s to 1.7 s and the reach report from 1.3 s to 0.8 s on
      // the county (BENCHMARKS.md). Our queries are short aggregates, never hours-long scans.
      connection: { jit: "off" },
    });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" });
    return {
      db,
      kind: "postgres",
      location: redactUrl(options.url),
      migrate: () => migrateServer(options.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  let client: PGlite;
  let location = "memory";
  if ("dataDir" in options) {
    mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(options.dataDir);
    location = options.dataDir;
  } else {
    client = options.pglite;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  return {
    db,
    kind: "pglite",
    location,
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

/**
 * On a server several processes may start at once (API replicas, the CLI, test files), and
 * concurrent migrations of a fresh database fail, so they run under a session advisory lock.
 */
async function migrateServer(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Where FamilyHub's data is: the server in `DATABASE_URL`, else the embedded database's folder
 * (`FAMILYHUB_DATA_DIR`, by default `.data/pglite` at the root of the checkout).
 */
export function databaseOptionsFrom(env: {
  DATABASE_URL?: string | undefined;
  FAMILYHUB_DATA_DIR?: string | undefined;
}): DatabaseOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.FAMILYHUB_DATA_DIR ?? defaultDataDir };
}

export const defaultDataDir = fileURLToPath(new URL("../../../.data/pglite", import.meta.url));

export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
