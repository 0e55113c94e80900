import {
  COUNTY_END,
  countyBaseline,
  countyBaselineCsv,
  isDatabaseEmpty,
  seedCounty,
} from "@familyhub/db/seed";
import { importBaseline } from "@familyhub/reach";
import { syncCatalogue } from "@familyhub/targeting";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { CliFailure, EXIT } from "../failure";

export const seedCountyHelp = `
A fictional large county for trying FamilyHub at scale and for the benchmarks (pnpm bench):
100 sites in 8 localities and 12 districts, families of one or two adults and one to four
children, priority flags on about one family in eight, a weekly timetable of 12 sessions a site,
20 attendances a year for every 3 people (a core of regulars, many who came once), and a social
care baseline whose children partly match the registered ones, with the differences real
exports have. The same seed makes the same county. Only into an empty database: it refuses
anything else, so it cannot be run against live data by mistake.

Example: pnpm cli seed county --people 300000 --years 1 --seed 42 (about 5 minutes on PostgreSQL)`;

type Options = {
  people: string;
  years: string;
  seed: string;
  baseline: string;
  databaseUrl?: string;
};

function wholeNumber(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliFailure(`--${name} must be a whole number from ${min} to ${max}.`, EXIT.usage);
  }
  return n;
}

export async function seedCountyCommand(options: Options, env: Env): Promise<number> {
  const people = wholeNumber(options.people, "people", 100, 5_000_000);
  const seed = wholeNumber(options.seed, "seed", 0, 1_000_000_000);
  const children = wholeNumber(options.baseline, "baseline", 0, 200_000);
  const years = Number(options.years);
  if (!(years > 0 && years <= 5)) {
    throw new CliFailure("--years must be more than 0 and at most 5 (e.g. 1 or 0.5).", EXIT.usage);
  }
  const handle = await openCliDatabase(
    options.databaseUrl ? { ...env, DATABASE_URL: options.databaseUrl } : env,
  );
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    if (!(await isDatabaseEmpty(handle.db))) {
      throw new CliFailure(
        "This database already has sites in it. The county is made only in an empty database: create a new one (createdb familyhub_county) and pass it with --database-url.",
      );
    }
    await syncCatalogue(handle.db);
    const started = performance.now();
    const county = await seedCounty(handle.db, { people, years, seed }, say);
    process.stdout.write(
      `County made in ${Math.round((performance.now() - started) / 100) / 10} s: ${county.sites} sites, ` +
        `${county.families} families, ${county.people} people, ${county.flags} priority flags, ` +
        `${county.sessions} sessions from ${county.from} to ${county.to}, ${county.attendances} attendances.\n`,
    );
    if (children > 0) {
      const rows = await countyBaseline(handle.db, { children, seed, snapshotDate: COUNTY_END });
      const csv = countyBaselineCsv(rows);
      const result = await importBaseline(handle.db, csv, COUNTY_END, {
        type: "cli",
        id: "seed county",
      });
      if (!result.ok)
        throw new CliFailure(
          `The baseline was not imported: ${result.errors.slice(0, 3).join("; ")}`,
        );
      process.stdout.write(
        `Baseline of ${COUNTY_END}: ${result.children} children, ${result.automatic} matched automatically, ` +
          `${result.queued} queued for review, ${result.unmatched} not found.\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
