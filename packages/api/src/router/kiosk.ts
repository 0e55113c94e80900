import { checkIn, kioskSessionsToday, lookupCard, pairKiosk } from "@familyhub/db";
import { kioskCheckInInput, kioskLookupInput, kioskPairInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { kioskProcedure, publicProcedure } from "../trpc";

/** What the device at the door may call. Nothing here returns more than first names. */
export const kioskRouter = {
  /** Exchanges a pairing code shown in the admin app for this device's credential. */
  pair: publicProcedure
    .input(kioskPairInput)
    .mutation(({ ctx, input }) => pairKiosk(ctx.db, input.code, ctx.ip)),

  whoami: kioskProcedure.query(({ ctx }) => ({
    id: ctx.kiosk.id,
    name: ctx.kiosk.name,
    siteId: ctx.kiosk.siteId,
  })),

  today: kioskProcedure.query(({ ctx }) => kioskSessionsToday(ctx.db, ctx.kiosk)),

  lookup: kioskProcedure
    .input(kioskLookupInput)
    .query(({ ctx, input }) => lookupCard(ctx.db, ctx.kiosk, input, ctx.actor)),

  checkIn: kioskProcedure
    .input(kioskCheckInInput)
    .mutation(({ ctx, input }) => checkIn(ctx.db, ctx.kiosk, input, ctx.actor)),
} satisfies TRPCRouterRecord;
