import {
  priorityShareReport,
  reachByAgeBandReport,
  registrationsByQuarterReport,
  reportFilters,
  reportRangeInput,
} from "@familyhub/targeting";
import { type Actor, type Database, recordAudit } from "@familyhub/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** A report is an export of the service's figures: who looked at which, over what range, is audited. */
async function viewed<T>(
  ctx: { db: Database; actor: Actor },
  report: string,
  range: object,
  figures: Promise<T>,
): Promise<T> {
  const result = await figures;
  await recordAudit(ctx.db, ctx.actor, { action: "report.view", detail: { report, ...range } });
  return result;
}

/**
 * Aggregates only: counts by site, locality, month, group, quarter and age band, never a person.
 * Front-line roles see their own locality's figures; managers and data officers see everywhere.
 */
export const reportsRouter = {
  filters: permittedProcedure("report:read").query(({ ctx }) => reportFilters(ctx.db, ctx.scope)),

  priorityShare: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) =>
      viewed(ctx, "priority_share", input, priorityShareReport(ctx.db, input, ctx.scope)),
    ),

  registrations: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) =>
      viewed(ctx, "registrations", input, registrationsByQuarterReport(ctx.db, input, ctx.scope)),
    ),

  reachByAgeBand: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) =>
      viewed(ctx, "reach_by_age_band", input, reachByAgeBandReport(ctx.db, input, ctx.scope)),
    ),
} satisfies TRPCRouterRecord;
