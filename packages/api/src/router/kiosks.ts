import {
  confirmAttendance,
  createKiosk,
  listKiosks,
  renewPairingCode,
  revokeKiosk,
  setStaffPin,
  staffPinStatus,
} from "@familyhub/db";
import {
  attendanceConfirmInput,
  idInput,
  kioskCreateInput,
  staffPinSetInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/** Administrators manage the kiosks at the doors; the staff who run registers use them. */
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

  /** Whether the signed-in member of staff has a kiosk PIN (never the PIN). */
  myPin: permittedProcedure("register:write").query(({ ctx }) =>
    staffPinStatus(ctx.db, ctx.staff.id),
  ),

  setMyPin: permittedProcedure("register:write")
    .input(staffPinSetInput)
    .mutation(({ ctx, input }) => setStaffPin(ctx.db, ctx.staff.id, input.pin, ctx.actor)),

  /** Confirm or untick an attendance a kiosk recorded offline for a whole family. */
  confirmAttendance: permittedProcedure("register:write")
    .input(attendanceConfirmInput)
    .mutation(({ ctx, input }) => confirmAttendance(ctx.db, input, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
