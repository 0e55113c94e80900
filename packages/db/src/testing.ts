// Real databases for tests: an in-memory PGlite always, and a fresh database on the PostgreSQL
// server too when DATABASE_URL is set (CI sets it). Never a mock.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { type DatabaseHandle, type DatabaseKind, openDatabase } from "./client";

/** The engines integration tests run on here: PGlite, plus PostgreSQL when DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  if (process.env.CI === "true" && !process.env.DATABASE_URL) {
    throw new Error("CI must set DATABASE_URL so the integration tests also run on PostgreSQL.");
  }
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * A migrated, empty database of the given kind, private to the caller. Open one per test file
 * (PGlite's first query takes seconds); `close` drops a server database it made.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === "pglite") {
    const handle = openDatabase({ pglite: new PGlite() });
    await handle.migrate();
    return handle;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: cannot open a PostgreSQL test database.");
  const name = `familyhub_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = openDatabase({ url: testUrl.toString(), maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
