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
  const scratch = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** An empty database of its own on the server in DATABASE_URL, for a test or a test server. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: cannot make a PostgreSQL test database.");
  const name = `familyhub_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  return {
    url: scratchUrl.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
