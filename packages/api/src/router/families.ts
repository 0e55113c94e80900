import {
  countFamilies,
  createFamily,
  getFamily,
  issueCard,
  revokeCard,
  searchFamilies,
} from "@familyhub/db";
import { familyCreateInput, familySearchInput, idInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import QRCode from "qrcode";
import { permittedProcedure } from "../trpc";

export const familiesRouter = {
  create: permittedProcedure("family:write")
    .input(familyCreateInput)
    .mutation(({ ctx, input }) => createFamily(ctx.db, input, ctx.scope, ctx.actor)),

  search: permittedProcedure("family:read")
    .input(familySearchInput)
    .query(({ ctx, input }) => searchFamilies(ctx.db, input, ctx.scope, ctx.actor)),

  get: permittedProcedure("family:read")
    .input(idInput)
    .query(({ ctx, input }) => getFamily(ctx.db, input.id, ctx.scope, ctx.actor)),

  counts: permittedProcedure("family:read").query(({ ctx }) => countFamilies(ctx.db, ctx.scope)),

  /**
   * A new card for the family (any earlier card stops working). The token is in the answer once,
   * as text and as a QR code to print; only its hash is kept, so a lost card is replaced, not re-printed.
   */
  issueCard: permittedProcedure("card:write")
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const card = await issueCard(ctx.db, input.id, ctx.scope, ctx.actor);
      const qrSvg = await QRCode.toString(card.token, {
        type: "svg",
        errorCorrectionLevel: "M",
        margin: 2,
      });
      return { ...card, qrSvg };
    }),

  revokeCard: permittedProcedure("card:write")
    .input(idInput)
    .mutation(({ ctx, input }) => revokeCard(ctx.db, input.id, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
