// `pnpm bench`: FamilyHub at a large county's size, on the PostgreSQL server in DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres), in scratch databases dropped
// afterwards. One runner rather than `turbo run bench`: the measurements share one county
// (generated once, minutes) and must not run at the same time as each other, or each would
// measure the others. Writes BENCHMARKS.md at the root and bench/results.json.
//
//   pnpm bench            the whole suite (about 15 minutes)
//   pnpm bench --quick    a small county and short rounds, to try the suite out (not figures)
//   pnpm bench --report-only   BENCHMARKS.md again from bench/results.json and bench/findings.md
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { openDatabase } from "@familyhub/db";
import { seedCounty } from "@familyhub/db/seed";
import { createScratchDatabase } from "@familyhub/db/testing";
import { reachReport } from "@familyhub/reach";
import { handWrittenReachSql, measureReach, REACH_PERIOD } from "@familyhub/reach/bench";
import { syncCatalogue } from "@familyhub/targeting";
import { sql } from "drizzle-orm";
import { type CheckInResults, measureCheckIns, prepareCheckIns, startServer } from "./checkin";
import { dashboardQueries, localityOf, measureDashboard, registerOf60 } from "./dashboard";
import { type ExplainedStatement, explainSlow } from "./explain";
import { measureImports } from "./imports";
import { writeReport } from "./report";
import { machine, seconds, timed } from "./stats";

const quick = process.argv.includes("--quick");
const SEED = 42;
const config = quick
  ? {
      people: 20_000,
      children: 1_000,
      reachRuns: 3,
      dashboardRuns: 3,
      loadRuns: 2,
      loadMs: 2000,
      importPeople: 5_000,
      importAttendances: 20_000,
    }
  : {
      people: 300_000,
      children: 15_000,
      reachRuns: 5,
      dashboardRuns: 5,
      loadRuns: 3,
      loadMs: 6000,
      importPeople: 100_000,
      importAttendances: 1_000_000,
    };
const LEVELS = [10, 50, 100];

const root = fileURLToPath(new URL("../../", import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one part of the suite; a failure is recorded and the rest carries on. */
async function part<T>(name: string, work: () => Promise<T>): Promise<T | { failed: string }> {
  log(`${name}…`);
  try {
    const { value, ms } = await timed(work);
    log(`${name}: done in ${seconds(ms)} s`);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} FAILED: ${reason}`);
    return { failed: reason.split("\n").slice(0, 6).join("\n") };
  }
}

async function kioskFigures() {
  const dist = join(root, "apps/kiosk/dist");
  const scripts: { file: string; gzipKb: number }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".js")) {
        const size = gzipSync(await readFile(path), { level: 9 }).length;
        scripts.push({ file: path.slice(dist.length + 1), gzipKb: Math.round(size / 102.4) / 10 });
      }
    }
  };
  let built = true;
  await walk(dist).catch(() => {
    built = false;
  });
  const benchMd = await readFile(join(root, "apps/kiosk/bench/results.md"), "utf8").catch(
    () => null,
  );
  return {
    built,
    scripts,
    totalGzipKb: Math.round(scripts.reduce((s, x) => s + x.gzipKb, 0) * 10) / 10,
    kioskBench: benchMd,
  };
}

/** `--report-only`: BENCHMARKS.md again from bench/results.json (after editing bench/findings.md). */
async function reportOnly() {
  const results = JSON.parse(await readFile(join(root, "bench/results.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const findings = await readFile(join(root, "bench/findings.md"), "utf8").catch(() => "");
  await writeFile(join(root, "BENCHMARKS.md"), writeReport(results, findings));
}

async function main() {
  const started = performance.now();
  const machineAtStart = machine();
  log(
    `FamilyHub bench${quick ? " (quick)" : ""}: load average ${machineAtStart.loadAverage.join(" / ")}`,
  );
  const scratch = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, maxConnections: 4 });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick,
    machineAtStart,
  };
  let explained: Record<string, ExplainedStatement[]> = {};
  try {
    await handle.migrate();
    const db = handle.db;
    await syncCatalogue(db);
    results.county = await part("county", async () => {
      const t = await timed(() =>
        seedCounty(db, { people: config.people, years: 1, seed: SEED }, log),
      );
      // A county's database in use has been visited by autovacuum; a freshly generated one has
      // not, so its visibility maps are empty and index-only scans cost like heap fetches (the
      // planner then passes over sessions_id_starts_at_site_id_index). Vacuum first, as time would.
      const v = await timed(() => db.execute(sql`vacuum analyze`));
      log(`  vacuum analyze: ${seconds(v.ms)} s`);
      return { ...t.value, generatedSeconds: seconds(t.ms), vacuumSeconds: seconds(v.ms) };
    });
    const reach = await part("reach and matching", () =>
      measureReach(db, { children: config.children, seed: SEED, runs: config.reachRuns, log }),
    );
    results.reach = reach;
    const dashboard = await part("dashboard and registers", async () => {
      const queries = dashboardQueries(await localityOf(db), await registerOf60(db));
      return { queries, figures: await measureDashboard(db, queries, config.dashboardRuns) };
    });
    results.dashboard = "failed" in dashboard ? dashboard : dashboard.figures;
    await part("explain", async () => {
      const threshold = quick ? 20 : 100;
      explained = {
        "reach report, all services, by cohort": await explainSlow(scratch.url, threshold, (edb) =>
          reachReport(edb, { ...REACH_PERIOD, service: "all" }),
        ),
        ...("failed" in reach
          ? {}
          : {
              "hand-written reach query": await explainSlow(scratch.url, threshold, (edb) =>
                edb.execute(handWrittenReachSql(reach.snapshotId)),
              ),
            }),
      };
      if (!("failed" in dashboard)) {
        for (const [name, query] of Object.entries(dashboard.queries)) {
          explained[name] = await explainSlow(scratch.url, threshold, query);
        }
      }
    });
    results.checkIn = await part("check-in under load", async () => {
      const setup = await prepareCheckIns(db);
      const server = await startServer(scratch.url);
      try {
        return await measureCheckIns(server, scratch.url, setup, {
          levels: LEVELS,
          runs: config.loadRuns,
          durationMs: config.loadMs,
          log,
        });
      } finally {
        await server.stop();
      }
    });
  } finally {
    await handle.close();
    if (process.argv.includes("--keep")) log(`kept ${scratch.url}`);
    else await scratch.drop();
  }

  results.imports = await part("imports through the CLI", async () => {
    const importDb = await createScratchDatabase();
    try {
      const imports = await measureImports(importDb.url, {
        people: config.importPeople,
        attendances: config.importAttendances,
        seed: SEED,
        log,
      });
      return imports;
    } finally {
      await importDb.drop();
    }
  });
  results.kiosk = await part("kiosk bundle", kioskFigures);
  results.machineAtEnd = machine();
  results.totalSeconds = seconds(performance.now() - started);
  results.explained = explained;

  // A quick run is for trying the suite out: its files are kept apart from the real figures.
  const resultsFile = quick ? "bench/results.quick.json" : "bench/results.json";
  await writeFile(join(root, resultsFile), `${JSON.stringify(results, null, 2)}\n`);
  const findings = await readFile(join(root, "bench/findings.md"), "utf8").catch(() => "");
  await writeFile(
    join(root, quick ? "bench/BENCHMARKS.quick.md" : "BENCHMARKS.md"),
    writeReport(results, findings),
  );
  log(`done in ${results.totalSeconds} s`);
  const checkIn = results.checkIn as CheckInResults | { failed: string } | undefined;
  if (checkIn && "failed" in checkIn) process.exitCode = 1;
}

if (process.argv.includes("--report-only")) await reportOnly();
else await main();
