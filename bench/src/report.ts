// BENCHMARKS.md from the suite's results: each figure beside its target and its limit, with
// whether the target was met, the machine, the slow statements' plans, and the findings (the
// hand-written bench/findings.md: reasons for targets missed, fixes made).
import type { ReachMeasurements } from "@familyhub/reach/bench";
import { type CheckInResults, levelFigures, type RateRun } from "./checkin";
import type { ExplainedStatement } from "./explain";
import type { ImportRun } from "./imports";
import { type Spread, spread } from "./stats";

type Failed = { failed: string };
type Machine = { cpus: number; cpu: string; memoryGb: number; node: string; loadAverage: number[] };
type Results = Record<string, unknown>;

const isFailed = (v: unknown): v is Failed => typeof v === "object" && v !== null && "failed" in v;
const n = (v: number) => v.toLocaleString("en-GB");
const met = (ok: boolean | null) => (ok === null ? "–" : ok ? "met" : "**missed**");
const range = (s: Spread, unit: string) =>
  `${n(s.median)}${unit ? ` ${unit}` : ""} (${n(s.min)}–${n(s.max)})`;

function failedSection(title: string, value: Failed) {
  return `## ${title}\n\nThis part failed in this run:\n\n\`\`\`\n${value.failed}\n\`\`\`\n\n`;
}

export function writeReport(results: Results, findings: string): string {
  const start = results.machineAtStart as Machine;
  const end = results.machineAtEnd as Machine;
  const out: string[] = [];
  // The 1-minute load average before the suite started its own work: at one a CPU or more,
  // someone else was using the machine.
  const busy = (start.loadAverage[0] ?? 0) >= start.cpus;
  out.push(
    `# Benchmarks\n\n` +
      `Written by \`pnpm bench\` (bench/src/run.ts) on ${String(results.date).slice(0, 16).replace("T", " ")} UTC; ` +
      `the run took ${Math.round(Number(results.totalSeconds) / 6) / 10} minutes. Raw figures: bench/results.json.\n\n` +
      `**Machine:** ${start.cpus} × ${start.cpu}, ${start.memoryGb} GB, Node.js ${start.node}, PostgreSQL server on the same machine ` +
      `(loopback). ${busy ? "**Shared and busy:** " : "**Quiet:** "}load average ${start.loadAverage.join(" / ")} at the start and ${end.loadAverage.join(" / ")} ` +
      `at the end (1, 5, 15 minutes)${busy ? ` while other work ran on its ${start.cpus} CPUs, so absolute figures are pessimistic and noisy` : ", nothing else running"}; ` +
      `the **ratios** (each figure beside its limit measured in the same run, minutes apart) are the ` +
      `figures to trust. Each figure is the median of several runs with the spread (minimum–maximum) beside it.\n\n`,
  );

  const county = results.county;
  if (isFailed(county)) out.push(failedSection("The county", county));
  else {
    const c = county as Record<string, number | string>;
    out.push(
      `## The county\n\n\`pnpm cli seed county --people ${n(Number(c.people))} --years 1 --seed 42\` (packages/db/src/seed/county.ts), ` +
        `generated in ${c.generatedSeconds} s: ${n(Number(c.sites))} sites, ${n(Number(c.families))} families, ${n(Number(c.people))} people, ` +
        `${n(Number(c.flags))} priority flags, ${n(Number(c.sessions))} sessions (${c.from} to ${c.to}), ${n(Number(c.attendances))} attendances.\n\n`,
    );
  }

  const summary: string[] = [
    "| measure | figure (median, spread) | target | limit (same run) | target |",
    "|---|---|---|---|---|",
  ];
  const checkIn = results.checkIn as CheckInResults | Failed | undefined;
  const reach = results.reach as ReachMeasurements | Failed | undefined;
  const imports = results.imports as { runs: ImportRun[] } | Failed | undefined;
  if (checkIn && !isFailed(checkIn)) {
    // Recomputed from the rounds, so a report written again (--report-only) drops empty rounds.
    checkIn.levels = checkIn.levels.map((l) => levelFigures(l.concurrency, l.http, l.direct));
    const top = checkIn.levels.find((l) => l.concurrency === 100);
    if (top) {
      summary.push(
        `| check-in p99 at 100 kiosks, closed loop (HTTP, tRPC) | ${range(top.p99, "ms")} | < 50 ms | | ${met(top.p99.median < 50)} |`,
        `| check-ins per second at 100 kiosks | ${range(top.httpPerSecond, "/s")} | ≥ 1,000/s | ${n(top.directPerSecond.median)}/s direct | ${met(top.httpPerSecond.median >= 1000)} |`,
        `| check-in rate ÷ direct driver insert rate | ${top.ratioToDirect} | ≥ 0.5 | 1 | ${met(top.ratioToDirect >= 0.5)} |`,
      );
    }
    for (const runs of checkIn.rates ?? []) {
      const made = runs.filter((r) => r.checkIns > 0);
      const first = made[0];
      if (!first) continue;
      const p99 = spread(
        made.map((r) => r.p99),
        1,
      );
      summary.push(
        `| check-in p99 at a steady ${n(first.offeredPerSecond)} check-ins/s (open loop) | ${range(p99, "ms")} | < 50 ms | | ${met(p99.median < 50)} |`,
      );
    }
    const mem = checkIn.memory;
    summary.push(
      `| API resident memory at rest / under load | ${mem.atRestMb} MB / ${mem.underLoadMb} MB | < 300 MB | ${end.memoryGb * 1024} MB machine | ${met(mem.underLoadMb === null ? null : mem.underLoadMb < 300)} |`,
    );
  }
  if (reach && !isFailed(reach)) {
    const r = reach.report;
    summary.push(
      `| reach report, all services by cohort | ${r.byCohort.medianSeconds} s (${r.byCohort.minSeconds}–${r.byCohort.maxSeconds}) | < 1 s | ${r.handWritten.medianSeconds} s hand-written SQL | ${met(r.byCohort.medianSeconds < 1)} |`,
      `| reach report ÷ hand-written SQL | ${r.ratioToHandWritten} | ≤ 2 | 1 | ${met(r.ratioToHandWritten <= 2)} |`,
      `| matching ${n(reach.baselineChildren)} children (import + match) | ${reach.matching.importAndMatchSeconds} s, peak ${reach.matching.importPeakRssMb} MB | < 10 s | | ${met(reach.matching.importAndMatchSeconds < 10)} |`,
      `| matching again (match only) | ${reach.matching.matchOnlySeconds} s | < 10 s | | ${met(reach.matching.matchOnlySeconds < 10)} |`,
    );
  }
  if (imports && !isFailed(imports)) {
    for (const run of imports.runs.filter((r) => r.rows >= 100_000)) {
      const target = run.step === "import attendances" ? 120 : 60;
      summary.push(
        `| ${run.step}, ${n(run.rows)} rows (CLI) | ${run.seconds} s (${n(run.rowsPerSecond)} rows/s), peak ${run.peakRssMb} MB | < ${target} s | | ${met(run.seconds < target)} |`,
      );
    }
  }
  const dashboard = results.dashboard as
    Record<string, Spread & { rows: number }> | Failed | undefined;
  if (dashboard && !isFailed(dashboard)) {
    for (const [name, s] of Object.entries(dashboard)) {
      summary.push(
        `| ${dashboardLabels[name] ?? name} | ${range(s, "ms")} | < 1,000 ms (ours) | | ${met(s.median < 1000)} |`,
      );
    }
  }
  const kiosk = results.kiosk as
    { built: boolean; totalGzipKb: number; kioskBench: string | null } | Failed | undefined;
  if (kiosk && !isFailed(kiosk) && kiosk.built) {
    summary.push(
      `| kiosk JavaScript, gzipped, every script | ${kiosk.totalGzipKb} kB | < 200 kB | | ${met(kiosk.totalGzipKb < 200)} |`,
    );
  }
  out.push(`## Summary\n\n${summary.join("\n")}\n\n`);

  if (isFailed(checkIn)) out.push(failedSection("Check-in under load", checkIn));
  else if (checkIn) {
    out.push(
      `## Check-in under load\n\nKiosk check-ins over HTTP through tRPC (\`POST /trpc/kiosk.checkIn\`, superjson, a bearer kiosk ` +
        `credential) to the real server started as \`pnpm start\` starts it (a child process, production mode, on loopback), ` +
        `from a Node load client in the bench process on the same ${start.cpus} CPUs: N workers each sending its next check-in as ` +
        `soon as the last is answered, for a fixed time. Every check-in is a family not yet checked in to that session, one running today (1 to 6 ` +
        `people written each), at one of 1,000 kiosks (10 a site), each kiosk from its own address as behind a reverse proxy, so ` +
        `the rate limits (120 scans a minute a kiosk) stay in the path without refusing the load. **Limit**: the same rows ` +
        `(the attendances and the audit event, one transaction a check-in) inserted directly with the \`postgres\` driver at ` +
        `the same concurrency, in alternating rounds of the same run.\n\n` +
        `| kiosks | check-ins/s (HTTP) | p50 | p95 | p99 | direct inserts/s | HTTP ÷ direct | server CPU per check-in | errors |\n|---|---|---|---|---|---|---|---|---|\n` +
        checkIn.levels
          .map(
            (l) =>
              `| ${l.concurrency} | ${range(l.httpPerSecond, "")} | ${range(l.p50, "ms")} | ${range(l.p95, "ms")} | ${range(l.p99, "ms")} | ${range(l.directPerSecond, "")} | ${l.ratioToDirect} | ${range(l.serverCpuMsPerCheckIn, "ms")} | ${l.http.reduce((s, r) => s + r.errors, 0)} |`,
          )
          .join("\n") +
        `\n\nAPI resident memory: ${checkIn.memory.atRestMb} MB at rest (after start-up and a warm-up), ${checkIn.memory.underLoadMb} MB at most under the load, ` +
        `${checkIn.memory.afterLoadMb} MB after it. ${n(checkIn.jobsUsed)} check-ins made of ${n(checkIn.jobsAvailable)} prepared.\n\n`,
    );
    const rates = (checkIn.rates ?? []).filter((runs) => runs.some((r) => r.checkIns > 0));
    if (rates.length) {
      const fig = (runs: RateRun[], key: "perSecond" | "p50" | "p95" | "p99", unit: string) =>
        range(
          spread(
            runs.filter((r) => r.checkIns > 0).map((r) => r[key]),
            key === "perSecond" ? 0 : 1,
          ),
          unit,
        );
      out.push(
        `### At a steady rate

With N kiosks each sending its next check-in as soon as the last is answered, the p99 can never be below ` +
          `N ÷ throughput (Little's law): 100 kiosks at 1,000 a second wait 100 ms on average however fast each check-in is. The latency a ` +
          `family at the door sees is measured instead with check-ins arriving at a steady rate whether or not earlier ones were answered ` +
          `(an open loop), each timed from when it was due. PRODUCT.md's Monday morning is 100 kiosks scanning every 10–20 s: about ` +
          `10 a second.

` +
          `| offered check-ins/s | made/s | p50 | p95 | p99 | errors |
|---|---|---|---|---|---|
` +
          rates
            .map(
              (runs) =>
                `| ${n(runs[0]?.offeredPerSecond ?? 0)} | ${fig(runs, "perSecond", "")} | ${fig(runs, "p50", "ms")} | ${fig(runs, "p95", "ms")} | ${fig(runs, "p99", "ms")} | ${runs.reduce((t, r) => t + r.errors, 0)} |`,
            )
            .join("\n") +
          "\n\n",
      );
    }
    const firstError = checkIn.levels.flatMap((l) => l.http).find((r) => r.firstError)?.firstError;
    if (firstError) out.push(`First error seen: \`${firstError.replaceAll("`", "'")}\`\n\n`);
  }

  if (isFailed(reach)) out.push(failedSection("Reach and matching", reach));
  else if (reach) {
    const r = reach.report;
    const m = reach.matching;
    out.push(
      `## Reach report and matching\n\nThe baseline: ${n(reach.baselineChildren)} children in ${n(reach.baselineRows)} rows (countyBaseline: ` +
        `about 73% registered children written with a typo, a day/month swap, a move or a double-barrelled surname; the rest unknown). ` +
        `Shared with the reach package's own bench (packages/reach/bench/measure.ts). The report is \`reachReport\`, the function ` +
        `behind \`pnpm cli report reach\` and the API's reach router; the hand-written query computes the same figures (checked equal).\n\n` +
        `| measure | median (min–max), ${r.runs} runs |\n|---|---|\n` +
        `| reach report, all services, by cohort | ${r.byCohort.medianSeconds} s (${r.byCohort.minSeconds}–${r.byCohort.maxSeconds}) |\n` +
        `| reach report, by district | ${r.byDistrict.medianSeconds} s (${r.byDistrict.minSeconds}–${r.byDistrict.maxSeconds}) |\n` +
        `| reach report, children's centres | ${r.childrenCentres.medianSeconds} s (${r.childrenCentres.minSeconds}–${r.childrenCentres.maxSeconds}) |\n` +
        `| hand-written SQL, same figures | ${r.handWritten.medianSeconds} s (${r.handWritten.minSeconds}–${r.handWritten.maxSeconds}) |\n` +
        `| ratio, report ÷ hand-written | ${r.ratioToHandWritten} |\n` +
        (reach.reportStraightAfterMatching
          ? `| report straight after matching, before VACUUM ANALYZE | ${reach.reportStraightAfterMatching.byCohort.medianSeconds} s (${reach.reportStraightAfterMatching.byCohort.minSeconds}–${reach.reportStraightAfterMatching.byCohort.maxSeconds}) |\n` +
            `| hand-written, straight after matching | ${reach.reportStraightAfterMatching.handWritten.medianSeconds} s |\n`
          : "") +
        `\n` +
        `Matching: import and match ${m.importAndMatchSeconds} s, match again ${m.matchOnlySeconds} s; the bench process's peak ` +
        `resident memory ${m.importPeakRssMb} MB (the work is in PostgreSQL). ${n(m.automatic)} matched automatically, ` +
        `${n(m.queued)} queued for review, ${n(m.unmatched)} not found, ${n(m.bySocialCareId)} by social care id.\n\n`,
    );
  }

  if (isFailed(imports)) out.push(failedSection("Imports", imports));
  else if (imports) {
    out.push(
      `## Imports through the CLI\n\nEach \`pnpm cli import …\` is its own process (under /usr/bin/time for its peak RSS) into an ` +
        `empty database of its own on the same server; files generated from a seed.\n\n` +
        `| step | rows | file | seconds | rows/s | peak RSS | result |\n|---|---|---|---|---|---|---|\n` +
        imports.runs
          .map(
            (r) =>
              `| ${r.step} | ${n(r.rows)} | ${r.megabytes} MB | ${r.seconds} | ${n(r.rowsPerSecond)} | ${r.peakRssMb} MB | ${r.output.replaceAll("|", "/")} |`,
          )
          .join("\n") +
        "\n\n",
    );
  }

  if (isFailed(dashboard)) out.push(failedSection("Dashboard and registers", dashboard));
  else if (dashboard) {
    out.push(
      `## Dashboard and registers\n\nThrough the functions the API calls, on the county: a locality's planner for the spring ` +
        `term (12 weeks) and its gaps, the register of the busiest session filled to 60 people (with priority groups), the ` +
        `monthly scorecard.\n\n| query | median (min–max) | rows |\n|---|---|---|\n` +
        Object.entries(dashboard)
          .map(
            ([name, s]) =>
              `| ${dashboardLabels[name] ?? name} | ${range(s, "ms")} | ${n(s.rows)} |`,
          )
          .join("\n") +
        "\n\n",
    );
  }

  if (isFailed(kiosk)) out.push(failedSection("Kiosk", kiosk));
  else if (kiosk) {
    out.push(
      `## Kiosk\n\n` +
        (kiosk.built
          ? `The built kiosk (apps/kiosk/dist), every script gzipped at level 9: ${kiosk.totalGzipKb} kB (target < 200 kB).\n\n`
          : `The kiosk was not built (apps/kiosk/dist is missing), so its bundle was not measured: build it first with \`pnpm --filter @familyhub/kiosk build\`.\n\n`) +
        (kiosk.kioskBench
          ? `Scan-to-success in Chromium with 4× CPU slowdown is measured by the kiosk's own bench (\`pnpm --filter @familyhub/kiosk bench\`, apps/kiosk/bench/); its latest figures, as it wrote them:\n\n> ${kiosk.kioskBench.trim().split("\n").join("\n> ")}\n\n`
          : `Scan-to-success in Chromium is measured by apps/kiosk/bench/, which has no results yet.\n\n`),
    );
  }

  const explained = results.explained as Record<string, ExplainedStatement[]> | undefined;
  if (explained && Object.keys(explained).length) {
    out.push(
      `## Slow statements, EXPLAIN ANALYZE\n\nEvery statement over the threshold (100 ms) while each query ran once more, as PostgreSQL's auto_explain reported it (ANALYZE, BUFFERS).\n\n`,
    );
    for (const [name, plans] of Object.entries(explained)) {
      out.push(`### ${dashboardLabels[name] ?? name}\n\n`);
      if (!plans.length) out.push("No statement over the threshold.\n\n");
      for (const p of plans.slice(0, 3))
        out.push(`${p.ms} ms:\n\n\`\`\`\n${p.plan.trim()}\n\`\`\`\n\n`);
    }
  }
  if (findings.trim()) out.push(`${findings.trim()}\n`);
  return out.join("");
}

const dashboardLabels: Record<string, string> = {
  plannerTerm: "planner, a locality's term",
  plannerGaps: "planner gaps, a locality's term",
  register60: "register of 60 people",
  scorecard: "scorecard, a month",
};
