import {
  countFamilies,
  createFamily,
  getFamily,
  issueCard,
  mergeFamilies,
  previewMerge,
  reviewPossibleDuplicates,
  revokeCard,
  searchFamilies,
  updateFamily,
} from "@familyhub/db";
import { refreshDerivedFlags } from "@familyhub/targeting";
import {
  duplicateCheckInput,
  familyMergeInput,
  familyRegistrationInput,
  familySearchInput,
  familyUpdateInput,
  idInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import QRCode from "qrcode";
import { permittedProcedure } from "../trpc";

export const familiesRouter = {
  /** Refused (CONFLICT) while possible duplicates exist and staff have not reviewed them. */
  create: permittedProcedure("family:write")
    .input(familyRegistrationInput)
    .mutation(async ({ ctx, input }) => {
      const family = await createFamily(ctx.db, input, ctx.scope, ctx.actor);
      await refreshDerivedFlags(ctx.db, family.id);
      return family;
    }),

  update: permittedProcedure("family:write")
    .input(familyUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const family = await updateFamily(ctx.db, input, ctx.scope, ctx.actor);
      await refreshDerivedFlags(ctx.db, family.id);
      return family;
    }),

  /**
   * Families anywhere in the authority that may be the one being registered (tell us once).
   * Those outside the caller's locality come without an id or address: enough to recognise them.
   */
  findDuplicates: permittedProcedure("family:write")
    .input(duplicateCheckInput)
    .query(({ ctx, input }) => reviewPossibleDuplicates(ctx.db, input, ctx.scope, ctx.actor)),

  mergePreview: permittedProcedure("family:merge")
    .input(familyMergeInput)
    .query(({ ctx, input }) => previewMerge(ctx.db, input, ctx.scope, ctx.actor)),

  merge: permittedProcedure("family:merge")
    .input(familyMergeInput)
    .mutation(async ({ ctx, input }) => {
      const result = await mergeFamilies(ctx.db, input, ctx.scope, ctx.actor);
      await refreshDerivedFlags(ctx.db, result.keptFamilyId);
      await refreshDerivedFlags(ctx.db, input.mergeFamilyId);
      return result;
    }),

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
