// Small helpers for figures: medians and spreads of several runs, percentiles of latencies,
// resident memory of a process, and the machine a run was made on.
import { readFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";

export const median = (list: readonly number[]) => percentile(list, 50);

/** The nearest-rank percentile (p in 0–100) of a list; 0 for an empty one. */
export function percentile(list: readonly number[], p: number): number {
  if (list.length === 0) return 0;
  const sorted = [...list].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export type Spread = { median: number; min: number; max: number; runs: number[] };

/** Median, minimum and maximum of several runs, rounded to `digits`. */
export function spread(runs: readonly number[], digits = 3): Spread {
  const round = (n: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    median: round(median(runs)),
    min: round(Math.min(...runs)),
    max: round(Math.max(...runs)),
    runs: runs.map(round),
  };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

export const seconds = (ms: number) => Math.round(ms) / 1000;

/** A process's resident memory in MB, from /proc (Linux); null where there is none. */
export async function residentMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export function machine() {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux); null where there is none. */
export async function cpuMs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}
