import { listStaff, resetStaffTwoFactor, setStaffDisabled } from "@familyhub/db";
import { staffIdInput, staffSetDisabledInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** Administrators see every staff account and can disable one, which signs it out at once. */
export const staffRouter = {
  list: permittedProcedure("staff:manage").query(({ ctx }) => listStaff(ctx.db)),

  setDisabled: permittedProcedure("staff:manage")
    .input(staffSetDisabledInput)
    .mutation(({ ctx, input }) => setStaffDisabled(ctx.db, input, ctx.actor)),

  /** Someone lost their authenticator and backup codes: they set it up again at next sign-in. */
  resetTwoFactor: permittedProcedure("staff:manage")
    .input(staffIdInput)
    .mutation(({ ctx, input }) => resetStaffTwoFactor(ctx.db, input, ctx.actor)),
} satisfies TRPCRouterRecord;
