import { createKiosk, listKiosks, renewPairingCode, revokeKiosk } from "@familyhub/db";
import { idInput, kioskCreateInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** Administrators manage the kiosks at the doors. */
export const kiosksRouter = {
  list: permittedProcedure("kiosk:manage").query(({ ctx }) => listKiosks(ctx.db)),

  create: permittedProcedure("kiosk:manage")
    .input(kioskCreateInput)
    .mutation(({ ctx, input }) => createKiosk(ctx.db, input, ctx.actor)),

  renewPairingCode: permittedProcedure("kiosk:manage")
    .input(idInput)
    .mutation(({ ctx, input }) => renewPairingCode(ctx.db, input.id, ctx.actor)),

  revoke: permittedProcedure("kiosk:manage")
    .input(idInput)
    .mutation(({ ctx, input }) => revokeKiosk(ctx.db, input.id, ctx.actor)),
} satisfies TRPCRouterRecord;
