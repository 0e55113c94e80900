import {
  priorityShareReport,
  reachByAgeBandReport,
  registrationsByQuarterReport,
  reportFilters,
  reportRangeInput,
} from "@familyhub/targeting";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/**
 * Aggregates only: counts by site, locality, month, group, quarter and age band, never a person.
 * Front-line roles see their own locality's figures; managers and data officers see everywhere.
 */
export const reportsRouter = {
  filters: permittedProcedure("report:read").query(({ ctx }) => reportFilters(ctx.db, ctx.scope)),

  priorityShare: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) => priorityShareReport(ctx.db, input, ctx.scope)),

  registrations: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) => registrationsByQuarterReport(ctx.db, input, ctx.scope)),

  reachByAgeBand: permittedProcedure("report:read")
    .input(reportRangeInput)
    .query(({ ctx, input }) => reachByAgeBandReport(ctx.db, input, ctx.scope)),
} satisfies TRPCRouterRecord;
