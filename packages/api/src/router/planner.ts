import {
  centrePerformance,
  copyTermForward,
  plannerDuplicates,
  plannerGaps,
  plannerGrid,
  targetedProgrammePerformance,
} from "@familyhub/db";
import { centreReportInput, copyTermInput, periodInput, plannerInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** The locality planner: staff of a locality (and authority-wide roles) plan its term together. */
export const plannerRouter = {
  /**
   * `{ locality, centres, sessions, closures }`: each session has `date`, `weekday` (1 = Monday),
   * `weekStart` (its Monday), London `startTime`/`endTime`, capacity, booked and `version`.
   */
  grid: permittedProcedure("session:read")
    .input(plannerInput)
    .query(({ ctx, input }) => plannerGrid(ctx.db, input, ctx.scope)),

  /** Clashes: same programme (or service area, `match`), overlapping ages and times, two centres. */
  duplicates: permittedProcedure("session:read")
    .input(plannerInput)
    .query(({ ctx, input }) => plannerDuplicates(ctx.db, input, ctx.scope)),

  /** `{ weeks, ageBands, priorityGroups }`: registered children vs places a week (counts only). */
  gaps: permittedProcedure("report:read")
    .input(plannerInput)
    .query(({ ctx, input }) => plannerGaps(ctx.db, input, ctx.scope)),

  /** Copies one term's sessions of the locality into a later term: `{ copied, alreadyPlanned, skipped }`. */
  copyTerm: permittedProcedure("programme:write")
    .input(copyTermInput)
    .mutation(({ ctx, input }) => copyTermForward(ctx.db, input, ctx.scope, ctx.actor)),

  /** Seed 000's 3.41 table: per delivery unit, programmes run, participants, hours, completion. */
  targetedPerformance: permittedProcedure("report:read")
    .input(periodInput)
    .query(({ ctx, input }) => targetedProgrammePerformance(ctx.db, input, ctx.scope, ctx.actor)),

  /** Rows per site, per locality and a total (`level`), for a period. */
  centrePerformance: permittedProcedure("report:read")
    .input(centreReportInput)
    .query(({ ctx, input }) => centrePerformance(ctx.db, input, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
