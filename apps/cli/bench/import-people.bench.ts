// A benchmark, not a test: how long a 100,000-row people file and a 100,000-row attendances file
// take to import into a fresh embedded database (PGlite, on disk as the CLI uses it) and, when
// DATABASE_URL is set, a fresh PostgreSQL database; and how much memory the import needs.
//
//   pnpm --filter @familyhub/cli bench
//
// The files are generated the same way every run. Each database is imported into by a child
// process of its own, so each peak RSS is that import's alone. The figures are written to
// docs/benchmarks/imports.md with the date and the machine.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatabaseHandle, type DatabaseKind, openDatabase } from "@familyhub/db";
import { exportPeople, importAttendances, importPeople, importSites } from "@familyhub/db/imports";
import { createTestDatabase } from "@familyhub/db/testing";
import { readEnv } from "../src/env";

const PEOPLE_ROWS = 100_000;
const ATTENDANCE_ROWS = 100_000;
const SITES = 100;
const TODAY = "2026-06-30";

const cliDir = fileURLToPath(new URL("..", import.meta.url));
const report = fileURLToPath(new URL("../../../docs/benchmarks/imports.md", import.meta.url));

/** mulberry32: a small seeded generator, so every run imports the same files. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const firstNames = [
  "Amara",
  "Tobi",
  "Zoë",
  "Sam",
  "Jo",
  "Mia",
  "Noah",
  "Aisha",
  "Oliver",
  "Siobhán",
  "Ravi",
  "Ewa",
  "Kai",
  "Lily",
  "Yusuf",
  "Grace",
];
const surnames = [
  "Okafor",
  "Reed",
  "Smith",
  "Khan",
  "O'Neil",
  "Nowak",
  "Jones",
  "Patel",
  "Clarke",
  "Ahmed",
  "Evans",
  "Murphy",
  "Brown",
  "Taylor",
];
const programmes = [
  "Stay and Play",
  "Baby Massage",
  "Rhyme Time",
  "Messy Play",
  "Bump and Beyond",
  "Youth Club Night",
  "Dads Group",
  "Speech and Language",
  "Homework Club",
  "Toddler Music",
];
const times = ["09:30", "10:00", "11:15", "13:30", "15:30", "18:00"];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const DAY = 86_400_000;

function generate() {
  const next = random(20_260_630);
  const pick = <T>(list: readonly T[]): T => {
    const value = list[Math.floor(next() * list.length)];
    if (value === undefined) throw new Error("empty list");
    return value;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const today = Date.parse(`${TODAY}T00:00:00Z`);

  const siteLines = ["site_code,name,kind,operator,locality,district,postcode,lead"];
  for (let s = 1; s <= SITES; s += 1) {
    const locality = Math.ceil(s / 10);
    siteLines.push(
      `S${pad(s, 3)},Centre ${s},children_centre,local_authority,Locality ${locality},District ${locality},BF${locality} ${int(1, 9)}AB,${s % 10 === 1 ? "yes" : "no"}`,
    );
  }

  const peopleLines = [
    "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on,sex,ethnicity,social_care_id",
  ];
  const personRefs: string[] = [];
  let family = 0;
  while (personRefs.length < PEOPLE_ROWS) {
    family += 1;
    const surname = pick(surnames);
    const postcode = `BF${int(1, 10)} ${int(1, 9)}${pick(["AB", "CD", "EF", "GH"])}`;
    const site = `S${pad(int(1, SITES), 3)}`;
    const baby = today - int(30, 4_000) * DAY;
    const registeredOn = isoDate(baby + int(0, 25) * DAY);
    const members: [string, string][] = [["adult", isoDate(baby - int(18, 40) * 365 * DAY)]];
    if (next() < 0.5) members.push(["adult", isoDate(baby - int(18, 45) * 365 * DAY)]);
    members.push(["child", isoDate(baby)]);
    for (let c = int(0, 2); c > 0; c -= 1) {
      members.push(["child", isoDate(baby - int(1, 20) * 30 * DAY)]);
    }
    for (const [i, [role, born]] of members.entries()) {
      if (personRefs.length >= PEOPLE_ROWS) break;
      const ref = `P${family}-${i}`;
      personRefs.push(ref);
      // Half the dates as social care returns write them.
      const date = (iso: string) => (next() < 0.5 ? ukDate(iso) : iso);
      peopleLines.push(
        [
          ref,
          `F${family}`,
          pick(firstNames),
          surname.includes("'") ? `"${surname}"` : surname,
          date(born),
          postcode,
          role,
          site,
          date(registeredOn),
          pick(["f", "m", ""]),
          pick(["WBRI", "AIND", "BAFR", ""]),
          next() < 0.03 ? `SC${family}${i}` : "",
        ].join(","),
      );
    }
  }

  const attendanceLines = [
    "person_ref,site_code,session_date,programme_name,start_time,duration_minutes",
  ];
  for (let a = 0; a < ATTENDANCE_ROWS; a += 1) {
    // Recent sessions, so every person is born before the session they come to.
    const day = isoDate(today - int(1, 28) * DAY);
    attendanceLines.push(
      `${pick(personRefs)},S${pad(int(1, SITES), 3)},${day},${pick(programmes)},${pick(times)},90`,
    );
  }
  return {
    sites: siteLines.join("\n"),
    people: peopleLines.join("\n"),
    attendances: attendanceLines.join("\n"),
    families: family,
  };
}

type Step = { step: string; rows: number; seconds: number; peakRssMb: number; result: string };

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** In the child: one fresh database, the imports timed one after another. */
async function measure(kind: DatabaseKind, dir: string): Promise<Step[]> {
  let handle: DatabaseHandle;
  if (kind === "pglite") {
    handle = openDatabase({ dataDir: join(dir, `pglite-${process.pid}`) });
    await handle.migrate();
  } else {
    handle = await createTestDatabase("postgres");
  }
  const steps: Step[] = [];
  const options = { today: TODAY };
  const timed = async (step: string, rows: number, run: () => Promise<string>) => {
    const started = performance.now();
    const result = await run();
    const seconds = (performance.now() - started) / 1000;
    steps.push({ step, rows, seconds, peakRssMb: peakRssMb(), result });
  };
  try {
    steps.push({
      step: "open and migrate",
      rows: 0,
      seconds: 0,
      peakRssMb: peakRssMb(),
      result: "",
    });
    const sites = await importSites(handle.db, await readFile(join(dir, "sites.csv"), "utf8"));
    if (!sites.ok) throw new Error(sites.errors.join("\n"));
    const people = await readFile(join(dir, "people.csv"), "utf8");
    const attendances = await readFile(join(dir, "attendances.csv"), "utf8");
    const summary = (
      r: Awaited<ReturnType<typeof importPeople>> | Awaited<ReturnType<typeof importAttendances>>,
    ) => {
      if (!r.ok) throw new Error(r.errors.slice(0, 5).join("\n"));
      const n = (count: number) => count.toLocaleString("en-GB");
      return `${n(r.created)} created, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged`;
    };
    await timed("import people", PEOPLE_ROWS, async () =>
      summary(await importPeople(handle.db, people, undefined, options)),
    );
    await timed("import people again (nothing changes)", PEOPLE_ROWS, async () =>
      summary(await importPeople(handle.db, people, undefined, options)),
    );
    await timed("import attendances", ATTENDANCE_ROWS, async () =>
      summary(await importAttendances(handle.db, attendances, undefined, options)),
    );
    await timed("import attendances again", ATTENDANCE_ROWS, async () =>
      summary(await importAttendances(handle.db, attendances, undefined, options)),
    );
    await timed("export people", PEOPLE_ROWS, async () => {
      const exported = await exportPeople(handle.db);
      return `${exported.rows.toLocaleString("en-GB")} rows, ${(exported.csv.length / 1024 / 1024).toFixed(1)} MB`;
    });
  } finally {
    await handle.close();
  }
  return steps;
}

type Run = { kind: DatabaseKind; heapMb?: number };

function runChild({ kind, heapMb }: Run, dir: string): Promise<Step[]> {
  const script = fileURLToPath(import.meta.url);
  const heap = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...heap, "--import", "tsx", script, "--child", kind, dir],
      {
        cwd: cliDir,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(`the ${kind} run failed:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout) as Step[]);
    });
  });
}

function table({ kind, heapMb }: Run, steps: readonly Step[]): string {
  const engine =
    (kind === "pglite" ? "PGlite (embedded, on disk)" : "PostgreSQL (DATABASE_URL)") +
    (heapMb ? `, Node.js heap capped at ${heapMb} MB` : "");
  const lines = [
    `### ${engine}`,
    "",
    "| step | rows | seconds | rows/s | peak RSS so far | result |",
    "|---|---:|---:|---:|---:|---|",
    ...steps.map((s) =>
      [
        "",
        s.step,
        s.rows ? s.rows.toLocaleString("en-GB") : "",
        s.rows ? s.seconds.toFixed(1) : "",
        s.rows ? Math.round(s.rows / s.seconds).toLocaleString("en-GB") : "",
        `${s.peakRssMb} MB`,
        s.result,
        "",
      ]
        .join(" | ")
        .trim(),
    ),
  ];
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const kind = args[1] === "postgres" ? "postgres" : "pglite";
    const dir = args[2];
    if (!dir) throw new Error("--child needs a folder");
    process.stdout.write(JSON.stringify(await measure(kind, dir)));
    return;
  }

  if (args[0] === "--files") {
    // Only the files, to try the CLI or the admin app on: `pnpm --filter @familyhub/cli bench --files /tmp/x`.
    const out = args[1];
    if (!out) throw new Error("--files needs a folder");
    const files = generate();
    await writeFile(join(out, "sites.csv"), files.sites);
    await writeFile(join(out, "people.csv"), files.people);
    await writeFile(join(out, "attendances.csv"), files.attendances);
    process.stderr.write(`Wrote sites.csv, people.csv and attendances.csv to ${out}\n`);
    return;
  }

  const env = readEnv();
  if (!env.ok) throw new Error(env.errors.join("\n"));
  // Other work on the machine slows the run down; the figures say how busy it was.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(", ");
  const dir = await mkdtemp(join(tmpdir(), "familyhub-bench-"));
  try {
    const started = performance.now();
    const files = generate();
    const generated = (performance.now() - started) / 1000;
    await writeFile(join(dir, "sites.csv"), files.sites);
    await writeFile(join(dir, "people.csv"), files.people);
    await writeFile(join(dir, "attendances.csv"), files.attendances);
    process.stderr.write(
      `Generated ${PEOPLE_ROWS.toLocaleString("en-GB")} people in ${files.families.toLocaleString("en-GB")} families and ${ATTENDANCE_ROWS.toLocaleString("en-GB")} attendances (${generated.toFixed(1)} s)\n`,
    );

    // The capped run shows how much memory the import needs, rather than how much Node.js takes
    // when the machine has plenty free.
    const runs: Run[] = [
      { kind: "pglite" },
      ...(env.env.DATABASE_URL ? [{ kind: "postgres" as const }] : []),
      { kind: "pglite", heapMb: 256 },
    ];
    const sections: string[] = [];
    for (const run of runs) {
      process.stderr.write(
        `Importing into ${run.kind}${run.heapMb ? ` (heap ${run.heapMb} MB)` : ""}...\n`,
      );
      const steps = await runChild(run, dir);
      sections.push(table(run, steps));
      process.stderr.write(`${table(run, steps)}\n\n`);
    }

    const cpu = cpus();
    const machine = `${cpu.length} CPUs (${cpu[0]?.model.trim() ?? "unknown"}), ${Math.round(totalmem() / 1024 ** 3)} GB memory, Node.js ${process.version}, ${process.platform}`;
    const sizes = `people.csv ${(files.people.length / 1024 / 1024).toFixed(1)} MB, attendances.csv ${(files.attendances.length / 1024 / 1024).toFixed(1)} MB`;
    const markdown = [
      "# Import benchmark",
      "",
      "Written by `pnpm --filter @familyhub/cli bench` (`apps/cli/bench/import-people.bench.ts`); run it",
      "again to refresh these figures. The target: 100,000 people rows in under a minute.",
      "",
      `- Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      `- Machine: ${machine}; load average at the start ${load} (1, 5, 15 minutes)`,
      `- Files (generated, the same every run): ${PEOPLE_ROWS.toLocaleString("en-GB")} people in ${files.families.toLocaleString("en-GB")} families, ${ATTENDANCE_ROWS.toLocaleString("en-GB")} attendances at ${SITES} sites; ${sizes}`,
      "- Each database is fresh and imported into by a process of its own; the peak RSS is that",
      "  process's high-water mark after the step. PGlite (PostgreSQL in WebAssembly) takes most",
      "  of its process's memory as it opens; Node.js lets its heap grow while memory is free, so",
      "  the run with a capped heap is the better measure of what an import needs.",
      "- Writes are batched (2,000 people or 5,000 attendances an INSERT); rows are looked up",
      "  5,000 references a query; every row is checked before anything is written, in one transaction.",
      "",
      ...sections.flatMap((s) => [s, ""]),
    ].join("\n");
    await writeFile(report, markdown);
    process.stderr.write(`Wrote ${report}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
