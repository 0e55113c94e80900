import { getRegister, listSessionsForDay } from "@familyhub/db";
import { idInput, sessionsForDayInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { can } from "../permissions";
import { permittedProcedure } from "../trpc";

export const sessionsRouter = {
  forDay: permittedProcedure("session:read")
    .input(sessionsForDayInput)
    .query(({ ctx, input }) => listSessionsForDay(ctx.db, input, ctx.scope)),

  register: permittedProcedure("register:read")
    .input(idInput)
    .query(({ ctx, input }) =>
      getRegister(ctx.db, input.id, ctx.scope, ctx.actor, {
        withPriority: can(ctx.staff.role, "flag:read"),
      }),
    ),
} satisfies TRPCRouterRecord;
