import { bookCourse, bookSession, cancelBooking, releaseHeldPlaces } from "@familyhub/db";
import {
  bookingCancelInput,
  bookingInput,
  courseBookingInput,
  idInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

/**
 * Staff book people on sessions and courses. The register (sessions.register) lists the
 * bookings, the waiting list in order and cancellations with their reasons.
 */
export const bookingsRouter = {
  /**
   * One session: `{ status: "booked" | "waiting", heldPlace }`. Outside the programme's age
   * range it fails with BAD_REQUEST ("… give a reason for the override") unless
   * `overrideReason` is given.
   */
  book: permittedProcedure("booking:write")
    .input(bookingInput)
    .mutation(({ ctx, input }) => bookSession(ctx.db, input, ctx.scope, ctx.actor)),

  /** Every session still to come of a course: `{ booked, waiting, bookings }`. */
  bookCourse: permittedProcedure("booking:write")
    .input(courseBookingInput)
    .mutation(({ ctx, input }) => bookCourse(ctx.db, input, ctx.scope, ctx.actor)),

  /** Cancels with a reason; the freed place goes to the waiting list (`offered` booking ids). */
  cancel: permittedProcedure("booking:write")
    .input(bookingCancelInput)
    .mutation(({ ctx, input }) => cancelBooking(ctx.db, input, ctx.scope, ctx.actor)),

  /** Offers places whose priority hold has run out to the waiting list (session id). */
  releaseHeld: permittedProcedure("booking:write")
    .input(idInput)
    .mutation(({ ctx, input }) => releaseHeldPlaces(ctx.db, input.id, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
