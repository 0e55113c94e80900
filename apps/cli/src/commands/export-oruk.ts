import { once } from "node:events";
import { orukServices } from "@familyhub/db";
import { parseDate } from "@familyhub/validators";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { CliFailure, EXIT } from "../failure";

export type OrukExportOptions = {
  from?: string;
  to?: string;
  authority?: string;
  publicUrl?: string;
};

function dateOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDate(value);
  if (!parsed)
    throw new CliFailure(`--${name} '${value}' is not a date (use YYYY-MM-DD)`, EXIT.usage);
  return parsed;
}

/**
 * Prints the planned sessions as a JSON array of Open Referral UK service records, for the
 * Families' Information Service directory. Published data only, so nothing goes to the audit log.
 */
export async function exportOrukCommand(options: OrukExportOptions, env: Env): Promise<number> {
  const from = dateOption("from", options.from);
  const to = dateOption("to", options.to);
  const handle = await openCliDatabase(env);
  try {
    const services = await orukServices(handle.db, {
      from,
      to,
      authorityName: options.authority,
      publicUrl: options.publicUrl,
    });
    if (!process.stdout.write(`${JSON.stringify(services, null, 2)}\n`)) {
      await once(process.stdout, "drain");
    }
    const schedules = services.reduce((sum, s) => sum + s.schedules.length, 0);
    process.stderr.write(`Exported ${services.length} services with ${schedules} schedules.\n`);
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
