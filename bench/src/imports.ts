// Imports through the CLI as a data team runs them (`pnpm cli import …`, each a process of its
// own, so its peak resident memory is its own), into an empty database of their own: 100 sites,
// then 100,000 people rows, then 1,000,000 attendance rows. The files are generated from a
// seeded generator, the same every run.
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inheritedEnv } from "./env";
import { adultNames, childNames, surnames } from "@familyhub/db/seed";

const cliDir = fileURLToPath(new URL("../../apps/cli", import.meta.url));

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

const PROGRAMMES = ["Stay and Play", "Baby Massage", "Rhyme Time", "Messy Play", "Youth Club"];
const TIMES = ["09:30", "13:00", "16:00"];

function isoDay(base: number, days: number) {
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}

export async function writeImportFiles(
  dir: string,
  options: { people: number; attendances: number; seed: number },
) {
  const next = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const sites = ["site_code,name,kind,operator,locality,district,postcode"];
  for (let s = 1; s <= 100; s += 1) {
    sites.push(
      `L${s},Legacy Centre ${s},children_centre,local_authority,Legacy ${1 + (s % 8)},District ${1 + (s % 12)},LG${1 + (s % 12)} 1AA`,
    );
  }
  const people = [
    "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on",
  ];
  const base = Date.UTC(2025, 6, 1);
  let family = 0;
  let familySite = 1;
  let surname = "";
  let postcode = "";
  for (let p = 1; p <= options.people; p += 1) {
    const newFamily = p === 1 || next() < 0.3;
    if (newFamily) {
      family += 1;
      familySite = 1 + Math.floor(next() * 100);
      surname = pick(surnames);
      postcode = `LG${1 + Math.floor(next() * 12)} ${Math.floor(next() * 10)}${String.fromCharCode(65 + Math.floor(next() * 26))}B`;
    }
    const adult = newFamily;
    const born = adult
      ? isoDay(base, -(6570 + Math.floor(next() * 11000)))
      : isoDay(base, -Math.floor(next() * 2500));
    const first = adult
      ? pick([...adultNames.female, ...adultNames.male])
      : pick([...childNames.female, ...childNames.male]);
    // Nobody registers before they are born: a baby is registered on the day at the earliest.
    const registered = isoDay(base, -Math.floor(next() * 900));
    people.push(
      `LP${p},LF${family},${first},${surname},${born},${postcode},${adult ? "adult" : "child"},L${familySite},${registered < born ? born : registered}`,
    );
  }
  const attendances = ["person_ref,site_code,session_date,programme_name,start_time"];
  for (let a = 0; a < options.attendances; a += 1) {
    // Weekdays of a year: 52 weeks × 5 days.
    const day = Math.floor(next() * 260);
    const date = isoDay(base, Math.floor(day / 5) * 7 + (day % 5));
    attendances.push(
      `LP${1 + Math.floor(next() ** 1.5 * options.people)},L${1 + Math.floor(next() * 100)},${date},${pick(PROGRAMMES)},${pick(TIMES)}`,
    );
  }
  const files = {
    sites: join(dir, "sites.csv"),
    people: join(dir, "people.csv"),
    attendances: join(dir, "attendances.csv"),
  };
  await writeFile(files.sites, `${sites.join("\n")}\n`);
  await writeFile(files.people, `${people.join("\n")}\n`);
  await writeFile(files.attendances, `${attendances.join("\n")}\n`);
  return { files, families: family };
}

export type ImportRun = {
  step: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number | null;
  megabytes: number;
  output: string;
};

/** `pnpm cli import <kind> <file>` as its own process, under /usr/bin/time for its peak RSS. */
async function cliImport(
  kind: string,
  file: string,
  rows: number,
  databaseUrl: string,
): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(
    "/usr/bin/time",
    [
      "-f",
      "peak-rss-kb %M",
      process.execPath,
      "--import",
      "tsx",
      "src/main.ts",
      "import",
      kind,
      file,
    ],
    {
      cwd: cliDir,
      env: { ...inheritedEnv(), DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0)
    throw new Error(`pnpm cli import ${kind} failed (${code}):\n${output.slice(-2000)}`);
  const kb = /peak-rss-kb (\d+)/.exec(output)?.[1];
  return {
    step: `import ${kind}`,
    rows,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: kb ? Math.round(Number(kb) / 1024) : null,
    megabytes: Math.round(((await stat(file)).size / 2 ** 20) * 10) / 10,
    output: output
      .replace(/peak-rss-kb \d+\s*/, "")
      .trim()
      .split("\n")
      .slice(0, 3)
      .join(" "),
  };
}

export async function measureImports(
  databaseUrl: string,
  options: { people: number; attendances: number; seed: number; log: (line: string) => void },
) {
  const dir = await mkdtemp(join(tmpdir(), "familyhub-bench-"));
  try {
    const { files, families } = await writeImportFiles(dir, options);
    const runs: ImportRun[] = [];
    for (const [kind, rows] of [
      ["sites", 100],
      ["people", options.people],
      ["attendances", options.attendances],
    ] as const) {
      const run = await cliImport(kind, files[kind], rows, databaseUrl);
      options.log(`  ${run.step}: ${run.rows} rows in ${run.seconds} s, peak ${run.peakRssMb} MB`);
      runs.push(run);
    }
    return { families, runs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
