import { siteKinds, siteOperators } from "@familyhub/db/schema";
import { Command, CommanderError } from "commander";
import { staffRoles } from "@familyhub/db/schema";
import { addStaffCommand } from "./commands/add-staff";
import { exportCommand, exportKinds } from "./commands/export-csv";
import { exportOrukCommand } from "./commands/export-oruk";
import { attendancesHelp, importAttendancesCommand } from "./commands/import-attendances";
import { deprivationHelp, importDeprivationCommand } from "./commands/import-deprivation";
import { importPeopleCommand, peopleHelp } from "./commands/import-people";
import { importSitesCommand } from "./commands/import-sites";
import {
  baselineHelp,
  importBaselineCommand,
  purgeBaselineCommand,
  reachReportCommand,
  reachReportHelp,
  scorecardCommand,
} from "./commands/reach";
import { retentionCommand, retentionHelp } from "./commands/retention";
import { seedCountyCommand, seedCountyHelp } from "./commands/seed-county";
import { readEnv } from "./env";
import { CliFailure, EXIT } from "./failure";

const footer = `
Exit codes: 0 done; 1 the file was rejected (nothing written) or the command failed;
2 the command line or the environment needs fixing.

The database is the PostgreSQL server in DATABASE_URL, else the embedded database in
FAMILYHUB_DATA_DIR (default .data/pglite at the root of the checkout).`;

const sitesHelp = `
The file: UTF-8 CSV, a header first, columns in any order:
  site_code, name, kind, operator, locality, district, postcode, and optionally lead (yes|no)
  kind:     ${siteKinds.join(", ")}
  operator: ${siteOperators.join(", ")}
Sites are matched by site_code, localities by name; a locality has at most one lead centre.
A file with any bad row is rejected whole, each bad row named by its line number.

Example: pnpm cli import sites apps/cli/examples/sites.csv`;

/** The leaf commands in full (`import sites <file>`), since the top help shows only `import`. */
function listCommands(command: Command, prefix = "pnpm cli"): string {
  return command.commands
    .filter((sub) => sub.name() !== "help")
    .map((sub): string => {
      const name = `${prefix} ${sub.name()}`;
      if (sub.commands.length > 0) return listCommands(sub, name);
      const args = sub.registeredArguments.map((a) =>
        a.required ? `<${a.name()}>` : `[${a.name()}]`,
      );
      return `  ${[name, ...args].join(" ")}\n      ${sub.description()}`;
    })
    .join("\n");
}

async function main(argv: string[]): Promise<number> {
  const envResult = readEnv();
  if (!envResult.ok) {
    process.stderr.write(`The environment is not valid:\n${envResult.errors.join("\n")}\n`);
    return EXIT.usage;
  }
  const { env } = envResult;
  let exitCode: number = EXIT.ok;

  const program: Command = new Command()
    .name("pnpm cli")
    .description("FamilyHub's commands for data teams.")
    .exitOverride()
    .showHelpAfterError("(run pnpm cli --help to see the commands)")
    .addHelpText("after", () => `\nEvery command:\n${listCommands(program)}\n${footer}`);

  const importCommand = program
    .command("import")
    .description("import a CSV file in one of FamilyHub's interchange formats")
    .exitOverride();

  importCommand
    .command("sites")
    .description("create or update sites and their localities from a sites CSV file")
    .addHelpText("after", sitesHelp)
    .argument("<file>", "the CSV file, relative to where you run the command")
    .exitOverride()
    .action(async (file: string) => {
      exitCode = await importSitesCommand(file, env);
    });

  importCommand
    .command("people")
    .description("create or update families and people from a legacy people CSV file")
    .addHelpText("after", peopleHelp)
    .argument("<file>", "the CSV file, relative to where you run the command")
    .exitOverride()
    .action(async (file: string) => {
      exitCode = await importPeopleCommand(file, env);
    });

  importCommand
    .command("attendances")
    .description("add past attendances (and their sessions) from a legacy attendances CSV file")
    .addHelpText("after", attendancesHelp)
    .argument("<file>", "the CSV file, relative to where you run the command")
    .exitOverride()
    .action(async (file: string) => {
      exitCode = await importAttendancesCommand(file, env);
    });

  importCommand
    .command("deprivation")
    .description("replace the postcode → LSOA → IMD decile lookup from a CSV file")
    .addHelpText("after", deprivationHelp)
    .argument("<file>", "the CSV file, relative to where you run the command")
    .exitOverride()
    .action(async (file: string) => {
      exitCode = await importDeprivationCommand(file, env);
    });

  const exportGroup = program
    .command("export")
    .description("write FamilyHub's data to standard output in an interchange format")
    .exitOverride();
  for (const kind of exportKinds) {
    exportGroup
      .command(kind)
      .description(
        `write every ${kind === "people" ? "registered person" : "attendance"} as a ${kind} CSV file (e.g. > ${kind}.csv)`,
      )
      .exitOverride()
      .action(async () => {
        exitCode = await exportCommand(kind, env);
      });
  }
  exportGroup
    .command("oruk")
    .description("write the planned sessions as Open Referral UK services (JSON) for the directory")
    .option("--from <date>", "first date of sessions to publish (default today)")
    .option("--to <date>", "last date (default 26 weeks after --from)")
    .option("--authority <name>", "the council, named as the organisation providing the services")
    .option("--public-url <url>", "where FamilyHub is served, for each site's calendar link")
    .exitOverride()
    .action(
      async (options: { from?: string; to?: string; authority?: string; publicUrl?: string }) => {
        exitCode = await exportOrukCommand(options, env);
      },
    );

  program
    .command("staff")
    .description("manage staff accounts")
    .exitOverride()
    .command("add")
    .description("add a staff account; the password is asked for, or read from standard input")
    .requiredOption("--email <email>", "their work email, used to sign in")
    .requiredOption("--name <name>", "their name, as colleagues see it")
    .requiredOption("--role <role>", staffRoles.join(" | "))
    .option(
      "--locality <name>",
      "the locality whose families they see (centre staff, locality leads)",
    )
    .addHelpText(
      "after",
      `\nThe first administrator of an empty FamilyHub:\n  pnpm cli staff add --email you@council.gov.uk --name "Your Name" --role administrator`,
    )
    .exitOverride()
    .action(async (options: Record<string, unknown>) => {
      exitCode = await addStaffCommand(options, env);
    });

  program
    .command("seed")
    .description("fill an empty database with generated data")
    .exitOverride()
    .command("county")
    .description("a large fictional county (100 sites, people, a year of attendances, a baseline)")
    .option("--people <n>", "registered people", "300000")
    .option("--years <n>", "years of sessions and attendances, ending 2026-06-30", "1")
    .option("--seed <n>", "the same seed makes the same county", "42")
    .option("--baseline <n>", "children in the social care baseline (0: none)", "15000")
    .option("--database-url <url>", "the PostgreSQL database (default DATABASE_URL)")
    .addHelpText("after", seedCountyHelp)
    .exitOverride()
    .action(
      async (options: {
        people: string;
        years: string;
        seed: string;
        baseline: string;
        databaseUrl?: string;
      }) => {
        exitCode = await seedCountyCommand(options, env);
      },
    );

  program
    .command("retention")
    .description("apply the retention rules")
    .exitOverride()
    .command("run")
    .description("remove what the retention rules say is kept too long (except under a legal hold)")
    .option("--dry-run", "only count what would be removed; change nothing")
    .addHelpText("after", retentionHelp)
    .exitOverride()
    .action(async (options: { dryRun?: boolean }) => {
      exitCode = await retentionCommand(options, env);
    });

  importCommand
    .command("baseline")
    .description("import the social care caseload baseline as the snapshot of a date, and match it")
    .addHelpText("after", baselineHelp)
    .argument("<file>", "the CSV file, relative to where you run the command")
    .requiredOption("--snapshot-date <date>", "the date the caseload was exported (YYYY-MM-DD)")
    .exitOverride()
    .action(async (file: string, options: { snapshotDate: string }) => {
      exitCode = await importBaselineCommand(file, options, env);
    });

  const reportGroup = program
    .command("report")
    .description("reach and scorecard reports, as CSV or JSON on standard output")
    .exitOverride();
  reportGroup
    .command("reach")
    .description("reach of the social care caseload: baseline, registered, engaged, sustained")
    .requiredOption("--from <date>", "first day of the period (YYYY-MM-DD)")
    .requiredOption("--to <date>", "last day of the period (YYYY-MM-DD)")
    .option(
      "--snapshot-date <date>",
      "the baseline snapshot (default: the latest on or before --to)",
    )
    .option("--service <service>", "children_centre | youth_hub | all", "all")
    .option("--ages <range>", "ages on the snapshot date, e.g. 0-4, 12-18, 16+")
    .option("--by <breakdown>", "cohort | district | age_band | site", "cohort")
    .option("--sustained <n>", "attendances in the period that make reach sustained", "3")
    .option("--suppress", "show counts of 1 to 5 as c (for anything leaving the service)")
    .option("--format <format>", "csv | json", "csv")
    .addHelpText("after", reachReportHelp)
    .exitOverride()
    .action(async (options: Record<string, unknown>) => {
      exitCode = await reachReportCommand(options, env);
    });
  reportGroup
    .command("scorecard")
    .description("the monthly scorecard by district and age band")
    .requiredOption("--month <month>", "the month (YYYY-MM)")
    .option("--suppress", "show counts of 1 to 5 as c (for anything leaving the service)")
    .option("--format <format>", "csv | json", "csv")
    .exitOverride()
    .action(async (options: Record<string, unknown>) => {
      exitCode = await scorecardCommand(options, env);
    });

  program
    .command("purge")
    .description("delete personal data kept past its time")
    .exitOverride()
    .command("baseline")
    .description("delete the children of baseline snapshots past the retention; their figures stay")
    .option("--retention-months <n>", "keep snapshots of the last n months", "13")
    .exitOverride()
    .action(async (options: Record<string, unknown>) => {
      exitCode = await purgeBaselineCommand(options, env);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return exitCode;
}

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  if (error instanceof CliFailure) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`The command failed: ${reason}\n`);
    process.exitCode = EXIT.failed;
  }
}
