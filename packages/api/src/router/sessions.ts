import {
  cancelSession,
  courseCompletion,
  createSeries,
  getRegister,
  getSession,
  listSessionsForDay,
  markAttendance,
  previewSeries,
  removeAttendance,
  setHeadcounts,
  updateSession,
} from "@familyhub/db";
import {
  headcountInput,
  idInput,
  markAttendanceInput,
  removeAttendanceInput,
  seriesInput,
  seriesPreviewInput,
  sessionCancelInput,
  sessionsForDayInput,
  sessionUpdateInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { can } from "../permissions";
import { permittedProcedure } from "../trpc";

export const sessionsRouter = {
  forDay: permittedProcedure("session:read")
    .input(sessionsForDayInput)
    .query(({ ctx, input }) => listSessionsForDay(ctx.db, input, ctx.scope)),

  /**
   * `{ session, attendances, bookings, headcounts, summary }`. Attendances carry `unconfirmed`
   * (an offline whole-family check-in to confirm) and `walkIn`; bookings carry `noShow`.
   */
  register: permittedProcedure("register:read")
    .input(idInput)
    .query(({ ctx, input }) =>
      getRegister(ctx.db, input.id, ctx.scope, ctx.actor, {
        withPriority: can(ctx.staff.role, "flag:read"),
      }),
    ),

  /** One session for its edit form, with the `version` to send back on update/cancel. */
  get: permittedProcedure("session:read")
    .input(idInput)
    .query(({ ctx, input }) => getSession(ctx.db, input.id, ctx.scope)),

  /**
   * A one-off session or a weekly/fortnightly series (N sessions or until a date); closure
   * days and dates outside the terms are skipped: `{ seriesId, sessions, skipped }`.
   */
  createSeries: permittedProcedure("programme:write")
    .input(seriesInput)
    .mutation(({ ctx, input }) => createSeries(ctx.db, input, ctx.scope, ctx.actor)),

  /** The dates a series would have, closures and out-of-term dates skipped; nothing saved. */
  previewSeries: permittedProcedure("session:read")
    .input(seriesPreviewInput)
    .query(({ ctx, input }) => previewSeries(ctx.db, input, ctx.scope)),

  /** Edits one session; CONFLICT "changed by someone else" when `version` is stale. */
  update: permittedProcedure("programme:write")
    .input(sessionUpdateInput)
    .mutation(({ ctx, input }) => updateSession(ctx.db, input, ctx.scope, ctx.actor)),

  cancel: permittedProcedure("programme:write")
    .input(sessionCancelInput)
    .mutation(({ ctx, input }) => cancelSession(ctx.db, input, ctx.scope, ctx.actor)),

  /** Marks people present by hand, or confirms their unconfirmed kiosk check-in. */
  markAttendance: permittedProcedure("register:write")
    .input(markAttendanceInput)
    .mutation(({ ctx, input }) => markAttendance(ctx.db, input, ctx.scope, ctx.actor)),

  /** Corrects a mistaken check-in; the reason goes to the audit log. */
  removeAttendance: permittedProcedure("register:write")
    .input(removeAttendanceInput)
    .mutation(({ ctx, input }) => removeAttendance(ctx.db, input, ctx.scope, ctx.actor)),

  /** Anonymous counts by age band and sex (replaces the session's counts). */
  setHeadcounts: permittedProcedure("register:write")
    .input(headcountInput)
    .mutation(({ ctx, input }) => setHeadcounts(ctx.db, input, ctx.scope, ctx.actor)),

  /** A course's people: attended of held, and who missed the last two in a row (series id). */
  completion: permittedProcedure("register:read")
    .input(idInput)
    .query(({ ctx, input }) => courseCompletion(ctx.db, input.id, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
