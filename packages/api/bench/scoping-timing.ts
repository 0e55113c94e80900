// A benchmark, not a test: a family of another locality must read as one that does not exist,
// in its answer (the access matrix test proves that) and in its timing. This measures, for a
// member of staff of one locality, how long a NOT_FOUND takes for a family outside their
// locality and for an id that exists nowhere, interleaved at random, through the router.
//
//   pnpm --filter @familyhub/api bench
//
// PGlite always; PostgreSQL too when DATABASE_URL is set (a scratch database, dropped after).
// Medians and 90th percentiles in microseconds go to bench/scoping-timing.json.
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { Database, DatabaseKind } from "@familyhub/db";
import { families } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { callPath, seedAccessFixture } from "../src/access-samples.test-utils";
import { callerAs } from "../src/helpers.test-utils";

const WARMUP = 50;
const RUNS = 400;
/** Families added to each of the two localities, so the lookups meet a table of some size. */
const FAMILIES_PER_LOCALITY = 5_000;

const resultsJson = fileURLToPath(new URL("./scoping-timing.json", import.meta.url));

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const micros = (ms: number) => Math.round(ms * 1000);

async function addFamilies(db: Database, siteId: string, count: number) {
  for (let start = 0; start < count; start += 1_000) {
    await db.insert(families).values(
      Array.from({ length: Math.min(1_000, count - start) }, (_, i) => ({
        surname: `Bench${start + i}`,
        postcode: "UB8 1UW",
        registeredSiteId: siteId,
        registeredOn: "2026-01-01",
      })),
    );
  }
}

async function measure(kind: DatabaseKind) {
  const handle = await createTestDatabase(kind);
  try {
    const db = handle.db;
    const fx = await seedAccessFixture(db);
    await addFamilies(db, fx.siteA.id, FAMILIES_PER_LOCALITY);
    await addFamilies(db, fx.siteB.id, FAMILIES_PER_LOCALITY);
    const caller = callerAs(db, { staff: fx.staff.centre_staff });
    // Reads and writes, each naming the family by id; every call below must be NOT_FOUND.
    const procedures: Record<string, (id: string) => unknown> = {
      "families.get": (id) => ({ id }),
      "targeting.familyFlags": (familyId) => ({ familyId }),
      "families.issueCard": (id) => ({ id }),
    };
    const results: Record<string, unknown> = {};
    for (const [path, input] of Object.entries(procedures)) {
      const times = { outsideScope: [] as number[], nonexistent: [] as number[] };
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const which = Math.random() < 0.5 ? "outsideScope" : "nonexistent";
        const id = which === "outsideScope" ? fx.southFamilyId : randomUUID();
        const started = performance.now();
        const code = await callPath(caller, path, input(id)).then(
          () => "ok",
          (error: unknown) => (error as { code?: string }).code,
        );
        const elapsed = performance.now() - started;
        if (code !== "NOT_FOUND") throw new Error(`${path} answered ${code} for ${which}`);
        if (i >= WARMUP) times[which].push(elapsed);
      }
      const summary = (list: number[]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return {
          runs: sorted.length,
          medianMicros: micros(quantile(sorted, 0.5)),
          p90Micros: micros(quantile(sorted, 0.9)),
        };
      };
      const outside = summary(times.outsideScope);
      const missing = summary(times.nonexistent);
      results[path] = {
        outsideScope: outside,
        nonexistent: missing,
        medianDifferenceMicros: outside.medianMicros - missing.medianMicros,
      };
      process.stderr.write(
        `${kind} ${path}: outside scope ${outside.medianMicros} µs, nonexistent ${missing.medianMicros} µs (medians)\n`,
      );
    }
    return results;
  } finally {
    await handle.close();
  }
}

async function main() {
  const engines: Record<string, unknown> = {};
  for (const kind of testDatabaseKinds()) engines[kind] = await measure(kind);
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) },
    warmup: WARMUP,
    runsPerProcedure: RUNS,
    familiesPerLocality: FAMILIES_PER_LOCALITY,
    engines,
  };
  await writeFile(resultsJson, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`wrote ${resultsJson}\n`);
}

await main();
