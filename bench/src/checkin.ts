// Check-in under load: kiosks calling the real server (a child process, as `pnpm start` runs
// it) over HTTP through tRPC, beside the limit: the same inserts made directly with the
// `postgres` driver, at the same concurrency, in the same run.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import {
  type Database,
  hashSecret,
  londonDate,
  newCardToken,
  newKioskCredential,
  selectRows,
} from "@familyhub/db";
import { familyCards, kiosks } from "@familyhub/db/schema";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { inheritedEnv } from "./env";
import { cpuMs, percentile, residentMb, spread } from "./stats";

const apiDir = fileURLToPath(new URL("../../apps/api", import.meta.url));
const KIOSKS_PER_SITE = 10;

export type CheckInJob = {
  kioskIndex: number;
  sessionId: string;
  cardCode: string;
  familyId: string;
  personIds: string[];
};

export type CheckInSetup = {
  jobs: CheckInJob[];
  credentials: { id: string; credential: string }[];
};

/**
 * Three sessions today at every site, ten paired kiosks a site and a card for every family.
 * Job k is family k mod F at session k mod S, so no two jobs are the same person at the same
 * session (every check-in writes); each kiosk is used for a thousandth of the jobs,
 * so no kiosk passes its own rate limit (120 scans a minute) even at 1,000 check-ins a second.
 */
export async function prepareCheckIns(db: Database): Promise<CheckInSetup> {
  const today = londonDate();
  await db.execute(sql`
    insert into programmes (name, service_area) values ('Bench Drop-in', 'child and family development')
    on conflict (name) do nothing`);
  await db.execute(sql`
    insert into sessions (programme_id, site_id, starts_at, ends_at)
    select p.id, s.id, (${today}::date + t) at time zone 'Europe/London',
           (${today}::date + t + interval '2 hours') at time zone 'Europe/London'
      from sites s, (select id from programmes where name = 'Bench Drop-in') p,
           unnest(array[time '09:00', time '12:00', time '15:00']) t`);
  const sessionRows = await selectRows<{ id: string; site_n: number }>(
    db,
    sql`select se.id, (dense_rank() over (order by si.code) - 1)::int as site_n
          from sessions se join sites si on si.id = se.site_id
          join programmes p on p.id = se.programme_id and p.name = 'Bench Drop-in'
         order by si.code, se.starts_at`,
  );
  const sites = await selectRows<{ id: string }>(db, sql`select id from sites order by code`);
  const credentials: { id: string; credential: string; siteN: number }[] = [];
  for (const [siteN, site] of sites.entries()) {
    for (let k = 0; k < KIOSKS_PER_SITE; k += 1) {
      const credential = newKioskCredential();
      const [row] = await db
        .insert(kiosks)
        .values({
          siteId: site.id,
          name: `Bench kiosk ${siteN}-${k}`,
          credentialHash: hashSecret(credential),
          pairedAt: new Date(),
        })
        .returning({ id: kiosks.id });
      if (!row) throw new Error("insert returned no kiosk");
      credentials.push({ id: row.id, credential, siteN });
    }
  }
  const families = await selectRows<{ id: string; people: string[] }>(
    db,
    sql`select f.id, (array_agg(p.id order by p.role, p.id))[1:20]::text[] as people
          from families f join people p on p.family_id = f.id
         where f.status = 'active' group by f.id order by min(p.person_ref)`,
  );
  const cards = families.map((f) => ({ familyId: f.id, token: newCardToken() }));
  for (let i = 0; i < cards.length; i += 5000) {
    await db
      .insert(familyCards)
      .values(
        cards
          .slice(i, i + 5000)
          .map((c) => ({ familyId: c.familyId, tokenHash: hashSecret(c.token) })),
      );
  }
  // Each family three times (at three different sessions): (k mod F, k mod S) stay distinct
  // for k below the least common multiple of F and S, far above 3F for any county.
  const jobs: CheckInJob[] = [];
  for (let k = 0; k < cards.length * 3; k += 1) {
    const session = sessionRows[k % sessionRows.length];
    const card = cards[k % cards.length];
    const family = families[k % cards.length];
    if (!session || !card || !family) continue;
    const kioskIndex =
      session.site_n * KIOSKS_PER_SITE + (Math.floor(k / sessionRows.length) % KIOSKS_PER_SITE);
    jobs.push({
      kioskIndex,
      sessionId: session.id,
      cardCode: card.token,
      familyId: family.id,
      personIds: family.people,
    });
  }
  return { jobs, credentials };
}

export type LoadRun = {
  concurrency: number;
  seconds: number;
  checkIns: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  firstError?: string;
  /** The server's CPU time per check-in (HTTP rounds only): what a check-in costs, whatever the load. */
  serverCpuMsPerCheckIn?: number;
};

/** The check-ins of one round as they finish, then its figures. */
function tally() {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  return {
    started,
    /** One check-in: its problem (null if none) and when its wait began. */
    record(problem: string | null, since: number) {
      if (problem) {
        errors += 1;
        firstError ??= problem;
      } else latencies.push(performance.now() - since);
    },
    figures() {
      const elapsed = (performance.now() - started) / 1000;
      const round = (n: number) => Math.round(n * 10) / 10;
      return {
        seconds: round(elapsed),
        checkIns: latencies.length,
        perSecond: Math.round(latencies.length / elapsed),
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        p99: round(percentile(latencies, 99)),
        errors,
        ...(firstError ? { firstError } : {}),
      };
    },
  };
}

const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Takes jobs from `next` with `concurrency` workers for `durationMs`, timing each. */
export async function drive(
  concurrency: number,
  durationMs: number,
  next: () => CheckInJob | undefined,
  work: (job: CheckInJob) => Promise<string | null>,
): Promise<LoadRun> {
  const round = tally();
  const deadline = round.started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const job = next();
        if (!job) return;
        const t = performance.now();
        round.record(await work(job).catch(problemOf), t);
      }
    }),
  );
  return { concurrency, ...round.figures() };
}

export type RateRun = {
  offeredPerSecond: number;
  seconds: number;
  checkIns: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  firstError?: string;
};

/**
 * Check-ins arriving at a steady rate, as kiosks scan whether or not the last scan has been
 * answered (an open loop). Each latency runs from when the check-in was due, not from when it
 * was sent, so a stalled server shows in the figures instead of slowing the load down
 * ("coordinated omission"). This is the latency a family at the door sees at that rate.
 */
export async function driveAtRate(
  perSecond: number,
  durationMs: number,
  next: () => CheckInJob | undefined,
  work: (job: CheckInJob) => Promise<string | null>,
): Promise<RateRun> {
  const round = tally();
  const interval = 1000 / perSecond;
  const total = Math.floor((durationMs / 1000) * perSecond);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = round.started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const job = next();
    if (!job) break;
    pending.push(
      work(job)
        .catch(problemOf)
        .then((problem) => round.record(problem, due)),
    );
  }
  await Promise.all(pending);
  return { offeredPerSecond: perSecond, ...round.figures() };
}

export type Server = { url: string; pid: number; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * FamilyHub as `pnpm start` runs it, without demo data, on loopback. It believes the
 * X-Forwarded-For the load client sends, as it would a reverse proxy's: the kiosks of 100 sites
 * come from 100 places, not all from 127.0.0.1, so the per-address limit applies as it would.
 */
export async function startServer(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // As `pnpm start` runs it (apps/api/package.json): built to JavaScript, then node with the
  // same flag, spawned directly so the process measured is the server's, not pnpm's.
  const built = spawnSync(process.execPath, ["--import", "tsx", "build.ts"], {
    cwd: apiDir,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the API failed:\n${built.stderr}`);
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "--heap-growing-percent=50", "dist/main.mjs"],
    {
      cwd: apiDir,
      env: {
        ...inheritedEnv(),
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        FAMILYHUB_DEMO: "false",
        TRUST_PROXY: "true",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 300_000;
  while (!output.includes("FamilyHub is running")) {
    if (child.exitCode !== null)
      throw new Error(`FamilyHub exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`FamilyHub did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error("no server process id");
  return {
    url,
    pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/**
 * A concurrency's figures from its rounds: medians and spreads over the rounds that made
 * check-ins (a round that found the prepared check-ins used up measured nothing).
 */
export function levelFigures(concurrency: number, allHttp: LoadRun[], allDirect: LoadRun[]) {
  const http = allHttp.filter((r) => r.checkIns > 0);
  const direct = allDirect.filter((r) => r.checkIns > 0);
  const httpRate = spread(
    http.map((r) => r.perSecond),
    0,
  );
  const directRate = spread(
    direct.map((r) => r.perSecond),
    0,
  );
  return {
    concurrency,
    http: allHttp,
    direct: allDirect,
    httpPerSecond: httpRate,
    directPerSecond: directRate,
    p50: spread(
      http.map((r) => r.p50),
      1,
    ),
    p95: spread(
      http.map((r) => r.p95),
      1,
    ),
    p99: spread(
      http.map((r) => r.p99),
      1,
    ),
    ratioToDirect: Math.round((httpRate.median / Math.max(1, directRate.median)) * 100) / 100,
    serverCpuMsPerCheckIn: spread(
      http.map((r) => r.serverCpuMsPerCheckIn ?? 0),
      2,
    ),
  };
}

export type CheckInResults = {
  levels: ReturnType<typeof levelFigures>[];
  /** Steady arrival rates (open loop): what a family at the door waits at that rate. */
  rates?: RateRun[][];
  memory: { atRestMb: number | null; underLoadMb: number | null; afterLoadMb: number | null };
  jobsAvailable: number;
  jobsUsed: number;
};

/**
 * For each concurrency, `runs` alternating rounds of HTTP and direct, `durationMs` each, every
 * round on fresh (person, session) pairs. The server's resident memory is sampled throughout.
 */
export async function measureCheckIns(
  server: Server,
  databaseUrl: string,
  setup: CheckInSetup,
  options: { levels: number[]; runs: number; durationMs: number; log: (line: string) => void },
): Promise<CheckInResults> {
  const { jobs, credentials } = setup;
  let cursor = 0;
  const next = () => jobs[cursor++];
  // A warm-up: the server's first requests compile code paths and fill the connection pool.
  await drive(10, 3000, next, (job) => httpCheckIn(server.url, credentials, job));
  const atRestMb = await residentMb(server.pid);
  let underLoadMb = atRestMb ?? 0;
  const sampler = setInterval(() => {
    void residentMb(server.pid).then((mb) => {
      if (mb !== null) underLoadMb = Math.max(underLoadMb, mb);
    });
  }, 250);

  // The limit: the attendances and the audit row a check-in writes, in one transaction each,
  // straight from the driver, with a pool as large as the server's.
  const direct = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  const directCheckIn = async (job: CheckInJob) => {
    const kiosk = credentials[job.kioskIndex];
    const checkInId = randomUUID();
    await direct.begin(async (tx) => {
      await tx`insert into attendances (session_id, person_id, method, kiosk_id, check_in_id)
               select ${job.sessionId}, unnest(${job.personIds}::uuid[]), 'kiosk', ${kiosk?.id ?? null}, ${checkInId}
               on conflict do nothing`;
      await tx`insert into audit_events (actor_type, actor_id, action, entity_type, entity_id, detail)
               values ('kiosk', ${kiosk?.id ?? null}, 'kiosk.check_in', 'session', ${job.sessionId},
                       ${JSON.stringify({ checkInId, familyId: job.familyId, people: job.personIds.length })}::jsonb)`;
    });
    return null;
  };

  const levels: CheckInResults["levels"] = [];
  const rates: RateRun[][] = [];
  try {
    for (const concurrency of options.levels) {
      const http: LoadRun[] = [];
      const straight: LoadRun[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        const cpuBefore = await cpuMs(server.pid);
        const h = await drive(concurrency, options.durationMs, next, (job) =>
          httpCheckIn(server.url, credentials, job),
        );
        const cpuAfter = await cpuMs(server.pid);
        if (cpuBefore !== null && cpuAfter !== null && h.checkIns > 0) {
          h.serverCpuMsPerCheckIn = Math.round(((cpuAfter - cpuBefore) / h.checkIns) * 100) / 100;
        }
        http.push(h);
        const d = await drive(concurrency, options.durationMs, next, directCheckIn);
        straight.push(d);
        options.log(
          `  ${concurrency} kiosks, run ${run + 1}: HTTP ${h.perSecond}/s p99 ${h.p99} ms (${h.errors} errors, server CPU ${h.serverCpuMsPerCheckIn} ms each), direct ${d.perSecond}/s`,
        );
      }
      levels.push(levelFigures(concurrency, http, straight));
    }
    // Then the latency at steady rates: PRODUCT.md's Monday morning (100 kiosks, a scan every
    // 10–20 s each: about 10 a second), ten times that, and half the most the server managed above.
    const most = Math.max(...levels.map((l) => l.httpPerSecond.median));
    const half = Math.max(50, Math.floor(most / 2 / 50) * 50);
    for (const perSecond of [...new Set([10, 100, half])].sort((a, b) => a - b)) {
      const runs: RateRun[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        const r = await driveAtRate(perSecond, options.durationMs, next, (job) =>
          httpCheckIn(server.url, credentials, job),
        );
        runs.push(r);
        options.log(
          `  ${perSecond} check-ins a second offered, run ${run + 1}: ${r.perSecond}/s made, p50 ${r.p50} ms, p99 ${r.p99} ms (${r.errors} errors)`,
        );
      }
      rates.push(runs);
    }
  } finally {
    clearInterval(sampler);
    await direct.end({ timeout: 5 });
  }
  return {
    levels,
    rates,
    memory: { atRestMb, underLoadMb, afterLoadMb: await residentMb(server.pid) },
    jobsAvailable: jobs.length,
    jobsUsed: Math.min(cursor, jobs.length),
  };
}

// One keep-alive connection per kiosk worker, as a kiosk's browser keeps its connection open; node:http
// rather than fetch, so the load client spends less of the shared CPUs than the server it measures.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body).toString() },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** One kiosk check-in as the kiosk app makes it: POST /trpc/kiosk.checkIn, superjson-wrapped. */
export async function httpCheckIn(
  url: string,
  credentials: { credential: string }[],
  job: CheckInJob,
): Promise<string | null> {
  const kiosk = credentials[job.kioskIndex];
  if (!kiosk) return "no kiosk";
  const { status, text } = await post(
    `${url}/trpc/kiosk.checkIn`,
    {
      "content-type": "application/json",
      authorization: `Bearer ${kiosk.credential}`,
      "x-forwarded-for": `10.0.${job.kioskIndex >> 8}.${job.kioskIndex & 255}`,
    },
    JSON.stringify({
      json: {
        checkInId: randomUUID(),
        sessionId: job.sessionId,
        cardCode: job.cardCode,
        personIds: job.personIds,
      },
    }),
  );
  if (status < 200 || status >= 300) return `HTTP ${status}: ${text.slice(0, 200)}`;
  if (!text.includes('"checkedIn":[{')) return `nothing checked in: ${text.slice(0, 200)}`;
  return null;
}
