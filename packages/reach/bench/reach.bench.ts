// A benchmark, not a test: matching a 15,000-child baseline against 300,000 registered people
// (target: under 10 s) and the reach report over 2,000,000 attendances (target: under 1 s),
// beside the best single hand-written SQL query for the same figures. Kent's size (PRODUCT.md).
//
//   pnpm --filter @familyhub/reach bench
//
// It runs on the PostgreSQL server in DATABASE_URL (the bench script defaults it to
// postgres://postgres@127.0.0.1:5432/postgres), in a scratch database it drops afterwards. The
// data is the county of `pnpm cli seed county` (packages/db/src/seed/county.ts), the same every
// run; the whole suite, `pnpm bench`, measures the same things among others. Figures go to
// bench/results.json and bench/results.md.
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@familyhub/db";
import { seedCounty } from "@familyhub/db/seed";
import { createScratchDatabase } from "@familyhub/db/testing";
import { syncCatalogue } from "@familyhub/targeting";
import { measureReach } from "./measure";

const PEOPLE = 300_000;
const CHILDREN = 15_000;
const SEED = 42;
const RUNS = 5;

const resultsJson = fileURLToPath(new URL("./results.json", import.meta.url));
const resultsMd = fileURLToPath(new URL("./results.md", import.meta.url));
const seconds = (ms: number) => Math.round(ms) / 1000;

// `--keep` leaves the scratch database (its address is printed): for looking at query plans.
const keep = process.argv.includes("--keep");

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scratch = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, maxConnections: 4 });
  try {
    await handle.migrate();
    const db = handle.db;
    await syncCatalogue(db);
    const started = performance.now();
    const county = await seedCounty(db, { people: PEOPLE, years: 1, seed: SEED }, log);
    const generatedMs = performance.now() - started;
    log(`generated the county in ${seconds(generatedMs)} s`);
    const reach = await measureReach(db, { children: CHILDREN, seed: SEED, runs: RUNS, log });

    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? "unknown",
        memoryGb: Math.round(totalmem() / 2 ** 30),
        loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      },
      engine: "PostgreSQL (DATABASE_URL)",
      data: { ...county, generatedSeconds: seconds(generatedMs) },
      ...reach,
    };
    const { matching, report } = reach;
    await writeFile(resultsJson, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(
      resultsMd,
      `# Reach benchmark\n\n` +
        `Run ${results.date.slice(0, 16).replace("T", " ")} UTC with \`pnpm --filter @familyhub/reach bench\` on ${results.machine.cpus} × ${results.machine.cpu}, ` +
        `${results.machine.memoryGb} GB, load average ${results.machine.loadAverage.join(" / ")} (other work was running), PostgreSQL server.\n\n` +
        `Data (\`pnpm cli seed county --people ${PEOPLE} --years 1 --seed ${SEED}\`): ${county.people.toLocaleString("en-GB")} people, ` +
        `${county.attendances.toLocaleString("en-GB")} attendances at ${county.sites} sites, ` +
        `a baseline of ${reach.baselineChildren.toLocaleString("en-GB")} children in ${reach.baselineRows.toLocaleString("en-GB")} rows.\n\n` +
        `| measure | target | figure |\n|---|---|---|\n` +
        `| import + match the baseline (one transaction) | < 10 s | ${matching.importAndMatchSeconds} s |\n` +
        `| match again (blocking, scoring, links, queue, flags) | < 10 s | ${matching.matchOnlySeconds} s |\n` +
        `| reach report, all services, by cohort (median of ${RUNS}, after VACUUM ANALYZE) | < 1 s | ${report.byCohort.medianSeconds} s |\n` +
        `| reach report, by district | < 1 s | ${report.byDistrict.medianSeconds} s |\n` +
        `| reach report, children's centres, ages 0–4 | < 1 s | ${report.childrenCentres.medianSeconds} s |\n` +
        `| best single hand-written SQL, same figures | | ${report.handWritten.medianSeconds} s |\n` +
        `| ratio, report ÷ hand-written | | ${report.ratioToHandWritten} |\n` +
        `| reach report straight after matching (before VACUUM ANALYZE) | < 1 s | ${reach.reportStraightAfterMatching.byCohort.medianSeconds} s |\n\n` +
        `Matching: ${matching.bySocialCareId} by social care id, ${matching.automatic} automatically, ${matching.queued} children queued for review, ${matching.unmatched} not found.\n`,
    );
    log(JSON.stringify({ matching, report }, null, 2));
  } finally {
    await handle.close();
    if (keep) log(`kept ${scratch.url}`);
    else await scratch.drop();
  }
}

await main();
