import { userInfo } from "node:os";
import { retentionPolicy, retentionRules, runRetention } from "@familyhub/db";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { EXIT } from "../failure";

const ruleWords: Record<(typeof retentionRules)[number], string> = {
  inactive_families: `families with no activity for ${retentionPolicy.inactiveFamilyYears} years (erased)`,
  unverified_self_registrations: `self-registrations not accepted within ${retentionPolicy.unverifiedSelfRegistrationDays} days (deleted)`,
  audit_events: `audit events older than ${retentionPolicy.auditEventYears} years (deleted)`,
};

export const retentionHelp = `
The rules (packages/db/src/queries/retention.ts, retentionPolicy):
${retentionRules.map((rule) => `  ${ruleWords[rule]}`).join("\n")}
A family under a legal hold, and the audit events about it, are never removed.
The server applies the same rules once a day; each run is recorded in the audit log.`;

/** Applies the retention rules now (or, with --dry-run, only counts) and says what each removed. */
export async function retentionCommand(options: { dryRun?: boolean }, env: Env): Promise<number> {
  const handle = await openCliDatabase(env);
  try {
    const dryRun = options.dryRun === true;
    const result = await runRetention(handle.db, {
      dryRun,
      trigger: "cli",
      actor: { type: "cli", id: userInfo().username },
    });
    process.stdout.write(
      dryRun ? "Dry run: nothing was removed. It would remove:\n" : "Retention applied. Removed:\n",
    );
    for (const rule of retentionRules) {
      const held = result.held[rule] > 0 ? ` (${result.held[rule]} kept by a legal hold)` : "";
      process.stdout.write(`  ${result.removed[rule]} ${ruleWords[rule]}${held}\n`);
    }
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
