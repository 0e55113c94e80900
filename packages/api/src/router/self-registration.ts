import {
  acceptPendingFamily,
  AppError,
  countPendingFamilies,
  createPendingFamily,
  findSiteByCode,
  getPendingFamily,
  listPendingFamilies,
  listSites,
  rejectPendingFamily,
  reviewPossibleDuplicates,
  type Actor,
} from "@familyhub/db";
import { refreshDerivedFlags } from "@familyhub/targeting";
import { idInput, selfRegistrationInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import QRCode from "qrcode";
import { z } from "zod";
import { kioskProcedure, permittedProcedure, publicProcedure } from "../trpc";

/** A centre's code as printed on its QR poster (the `site_code` of the sites file). */
const siteCode = z
  .string()
  .trim()
  .min(1, "The centre's code is missing from the address")
  .max(20, "That is not a centre's code");

export const selfRegistrationSubmitInput = selfRegistrationInput.safeExtend({ siteCode });

/**
 * Staff's corrections to a pending family: the family as the same schema the family filled in,
 * and for each member the stored person it corrects.
 */
export const pendingAcceptInput = z.object({
  id: z.uuid("That is not a valid id"),
  memberIds: z.array(z.uuid()).min(1).max(10),
  registration: selfRegistrationInput,
});

export const pendingRejectInput = z.discriminatedUnion("reason", [
  z.object({
    id: z.uuid("That is not a valid id"),
    reason: z.literal("existing_family"),
    existingFamilyId: z.uuid("Choose the existing family from the possible matches"),
  }),
  z.object({ id: z.uuid("That is not a valid id"), reason: z.literal("not_a_registration") }),
]);

export const posterInput = z.object({
  siteId: z.uuid("Choose a centre"),
  // The address staff reach FamilyHub at is the one families can reach too: the poster's QR code
  // starts from it. Only an origin (scheme, host, port) is taken, never a path.
  origin: z
    .url({ protocol: /^https?$/, error: "That is not a web address" })
    .transform((value) => new URL(value).origin),
});

// Someone on the public page has no account: the audit log keeps where the request came from.
const publicActor = (ip: string | null): Actor => ({ type: "system", id: null, ip });

/** For the public phone page: no sign-in, no kiosk. Rate-limited by the server (GUARDED_PATHS). */
export const selfRegistrationRouter = {
  /** The centre a poster's code names, so the page can greet the family by the centre's name. */
  site: publicProcedure.input(z.object({ siteCode })).query(async ({ ctx, input }) => {
    const site = await findSiteByCode(ctx.db, input.siteCode);
    return { code: site.code, name: site.name };
  }),

  /** A family's registration from its own phone, held as pending at the poster's centre. */
  submit: publicProcedure.input(selfRegistrationSubmitInput).mutation(async ({ ctx, input }) => {
    const { siteCode: code, ...registration } = input;
    const site = await findSiteByCode(ctx.db, code);
    await createPendingFamily(
      ctx.db,
      { siteId: site.id, channel: "phone", registration },
      publicActor(ctx.ip),
    );
    return { received: true as const, siteName: site.name };
  }),

  /** Families waiting to be checked at the caller's centres. */
  pending: permittedProcedure("family:write").query(({ ctx }) =>
    listPendingFamilies(ctx.db, ctx.scope, ctx.actor),
  ),

  pendingCount: permittedProcedure("family:write").query(({ ctx }) =>
    countPendingFamilies(ctx.db, ctx.scope),
  ),

  /** What the family told us, and the families already known that it may be ("tell us once"). */
  get: permittedProcedure("family:write")
    .input(idInput)
    .query(async ({ ctx, input }) => {
      const family = await getPendingFamily(ctx.db, input.id, ctx.scope, ctx.actor);
      const duplicates = await reviewPossibleDuplicates(
        ctx.db,
        {
          postcode: family.postcode,
          members: family.members.map((m) => ({
            firstName: m.firstName,
            lastName: m.lastName,
            dateOfBirth: m.dateOfBirth,
          })),
          excludeFamilyId: family.id,
        },
        ctx.scope,
        ctx.actor,
      );
      return { ...family, duplicates };
    }),

  /**
   * Accepts a pending family as a new family, with staff's corrections. Its priority target
   * groups are derived in the same transaction, so an accepted family never lacks its flags.
   */
  accept: permittedProcedure("family:write")
    .input(pendingAcceptInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const family = await acceptPendingFamily(tx, input, ctx.scope, ctx.actor);
        await refreshDerivedFlags(tx, family.id);
        return family;
      }),
    ),

  reject: permittedProcedure("family:write")
    .input(pendingRejectInput)
    .mutation(({ ctx, input }) => rejectPendingFamily(ctx.db, input, ctx.scope, ctx.actor)),

  /** A printable poster for a centre: the QR code of its join page. */
  poster: permittedProcedure("kiosk:manage")
    .input(posterInput)
    .query(async ({ ctx, input }) => {
      const sites = await listSites(ctx.db, ctx.scope);
      const site = sites.find((s) => s.id === input.siteId);
      if (!site)
        throw new AppError("NOT_FOUND", "That centre was not found. Choose one from the list.");
      const url = `${input.origin}/kiosk/join/${encodeURIComponent(site.code)}`;
      const qrSvg = await QRCode.toString(url, {
        type: "svg",
        errorCorrectionLevel: "M",
        margin: 2,
      });
      return { siteName: site.name, url, qrSvg };
    }),
} satisfies TRPCRouterRecord;

/** The kiosk's part, merged into the `kiosk` router: a family registers at the kiosk's own site. */
export const kioskSelfRegistrationRouter = {
  selfRegister: kioskProcedure.input(selfRegistrationInput).mutation(async ({ ctx, input }) => {
    await createPendingFamily(
      ctx.db,
      { siteId: ctx.kiosk.siteId, channel: "kiosk", registration: input },
      ctx.actor,
    );
    // Nothing about the family comes back: the tablet at the door must not hold it.
    return { received: true as const };
  }),
} satisfies TRPCRouterRecord;
