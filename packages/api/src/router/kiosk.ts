import {
  assistedCheckIn,
  assistedLookup,
  checkIn,
  checkInFamily,
  kioskSessionsToday,
  lookupCard,
  pairKiosk,
  recordHeartbeat,
  searchFamiliesAtKiosk,
  verifyKioskPin,
} from "@familyhub/db";
import {
  kioskAssistedCheckInInput,
  kioskAssistedLookupInput,
  kioskCheckInInput,
  kioskFamilyCheckInInput,
  kioskHeartbeatInput,
  kioskLookupInput,
  kioskPairInput,
  kioskPinInput,
  kioskSearchInput,
} from "@familyhub/validators";
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

  /** A check-in from the kiosk's offline outbox: the card, the session, the time, the id. */
  checkInFamily: kioskProcedure
    .input(kioskFamilyCheckInInput)
    .mutation(({ ctx, input }) => checkInFamily(ctx.db, ctx.kiosk, input, ctx.actor)),

  heartbeat: kioskProcedure
    .input(kioskHeartbeatInput)
    .mutation(({ ctx, input }) => recordHeartbeat(ctx.db, ctx.kiosk, input)),

  /** A member of staff's PIN, to pin a session for the morning: says only whether it is right. */
  verifyPin: kioskProcedure.input(kioskPinInput).mutation(async ({ ctx, input }) => {
    await verifyKioskPin(ctx.db, ctx.kiosk, input.pin, ctx.actor);
    return { ok: true as const };
  }),

  // "I've forgotten my card": every call carries the PIN, so nothing is searchable without it
  // and the kiosk never holds a pass that outlives the search screen.
  search: kioskProcedure.input(kioskSearchInput).mutation(async ({ ctx, input }) => {
    const { staffId } = await verifyKioskPin(ctx.db, ctx.kiosk, input.pin, ctx.actor);
    return searchFamiliesAtKiosk(ctx.db, ctx.kiosk, input.query, ctx.actor, staffId);
  }),

  assistedLookup: kioskProcedure
    .input(kioskAssistedLookupInput)
    .mutation(async ({ ctx, input }) => {
      const { staffId } = await verifyKioskPin(ctx.db, ctx.kiosk, input.pin, ctx.actor);
      return assistedLookup(ctx.db, ctx.kiosk, input, ctx.actor, staffId);
    }),

  assistedCheckIn: kioskProcedure
    .input(kioskAssistedCheckInInput)
    .mutation(async ({ ctx, input }) => {
      const { staffId } = await verifyKioskPin(ctx.db, ctx.kiosk, input.pin, ctx.actor);
      return assistedCheckIn(ctx.db, ctx.kiosk, input, ctx.actor, staffId);
    }),
} satisfies TRPCRouterRecord;
