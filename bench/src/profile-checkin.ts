// Where a check-in's server CPU goes: a small county, the real server under Node's CPU
// profiler, a few thousand kiosk check-ins, then the functions and packages with the most
// self time. Not part of `pnpm bench`; run it when the check-in figures need explaining:
//
//   pnpm --filter @familyhub/bench profile
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@familyhub/db";
import { seedCounty } from "@familyhub/db/seed";
import { createScratchDatabase } from "@familyhub/db/testing";
import { drive, httpCheckIn, prepareCheckIns, startServer } from "./checkin";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** The package (or workspace folder) a script URL belongs to. */
function owner(url: string): string {
  if (!url) return "(native / idle / GC)";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const ws = /\/work\/[^/]+\/((?:apps|packages)\/[^/]+)/.exec(url);
  if (ws?.[1]) return ws[1];
  return url.startsWith("node:") ? "node (built-in)" : url;
}

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scratch = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, maxConnections: 4 });
  const profileDir = await mkdtemp(join(tmpdir(), "familyhub-profile-"));
  try {
    await handle.migrate();
    await seedCounty(handle.db, { people: 20_000, years: 0.25, seed: 42 });
    const setup = await prepareCheckIns(handle.db);
    // --cpu-prof is refused in NODE_OPTIONS, so it goes on the server's own command line.
    const server = await startServer(scratch.url, {}, [
      "--cpu-prof",
      `--cpu-prof-dir=${profileDir}`,
    ]);
    let cursor = 0;
    const next = () => setup.jobs[cursor++];
    // Only the measured load counts: start-up (module loading, migrations, deriving flags) and
    // the warm-up are left out by timing the load against the moment the server exited.
    let window = { fromEnd: Number.POSITIVE_INFINITY, toEnd: 0 };
    let checkIns = 0;
    try {
      await drive(10, 3000, next, (job) => httpCheckIn(server.url, setup.credentials, job));
      const loadStart = performance.now();
      const run = await drive(20, 20_000, next, (job) =>
        httpCheckIn(server.url, setup.credentials, job),
      );
      const loadEnd = performance.now();
      checkIns = run.checkIns;
      log(`${run.checkIns} check-ins, ${run.perSecond}/s, p99 ${run.p99} ms`);
      await server.stop();
      const exited = performance.now();
      window = { fromEnd: (exited - loadStart) * 1000, toEnd: (exited - loadEnd) * 1000 };
    } finally {
      await server.stop();
    }
    const files = (await readdir(profileDir)).filter((f) => f.endsWith(".cpuprofile"));
    for (const file of files) {
      const profile = JSON.parse(await readFile(join(profileDir, file), "utf8")) as Profile;
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const selfMs = new Map<number, number>();
      let at = profile.startTime;
      profile.samples.forEach((id, i) => {
        const delta = profile.timeDeltas[i] ?? 0;
        at += delta;
        const beforeEnd = profile.endTime - at;
        if (beforeEnd > window.fromEnd || beforeEnd < window.toEnd) return;
        selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
      });
      const byPackage = new Map<string, number>();
      const byFunction = new Map<string, number>();
      let total = 0;
      for (const [id, ms] of selfMs) {
        const node = byId.get(id);
        if (!node) continue;
        const { functionName, url, lineNumber } = node.callFrame;
        if (functionName === "(idle)" || functionName === "(program)") continue;
        total += ms;
        byPackage.set(owner(url), (byPackage.get(owner(url)) ?? 0) + ms);
        const key = `${functionName || "(anonymous)"} ${owner(url)}:${lineNumber + 1}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
      }
      const top = (m: Map<string, number>, k: number) =>
        [...m.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, k)
          .map(([name, ms]) => `  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
          .join("\n");
      process.stdout.write(
        `${file}: ${Math.round(total)} ms of CPU (not idle) during the measured load, ${(total / Math.max(1, checkIns)).toFixed(2)} ms a check-in\n\nBy package:\n${top(byPackage, 15)}\n\nBy function:\n${top(byFunction, 25)}\n\n`,
      );
    }
  } finally {
    await handle.close();
    await scratch.drop();
  }
}

await main();
