import {
  addClosureDay,
  createProgramme,
  createTerm,
  listClosureDays,
  listProgrammes,
  listTerms,
  updateProgramme,
} from "@familyhub/db";
import {
  closureDayInput,
  periodInput,
  programmeInput,
  programmeUpdateInput,
  termInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** The programme catalogue, and the terms and closure days sessions are planned around. */
export const programmesRouter = {
  /** Every programme with its catalogue fields (authority-wide, no personal data). */
  list: permittedProcedure("session:read").query(({ ctx }) => listProgrammes(ctx.db)),

  create: permittedProcedure("programme:write")
    .input(programmeInput)
    .mutation(({ ctx, input }) => createProgramme(ctx.db, input, ctx.actor)),

  update: permittedProcedure("programme:write")
    .input(programmeUpdateInput)
    .mutation(({ ctx, input }) => updateProgramme(ctx.db, input.id, input.programme, ctx.actor)),

  terms: permittedProcedure("session:read").query(({ ctx }) => listTerms(ctx.db)),

  /** A term of the authority (no locality) or of one locality. */
  createTerm: permittedProcedure("programme:write")
    .input(termInput)
    .mutation(({ ctx, input }) => createTerm(ctx.db, input, ctx.actor)),

  closureDays: permittedProcedure("session:read")
    .input(periodInput)
    .query(({ ctx, input }) => listClosureDays(ctx.db, input)),

  /** A bank holiday (no site; authority-wide roles only) or one centre's closure. */
  addClosureDay: permittedProcedure("programme:write")
    .input(closureDayInput)
    .mutation(({ ctx, input }) => addClosureDay(ctx.db, input, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
