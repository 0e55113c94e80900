import {
  eraseFamily,
  legalHoldOf,
  liftLegalHold,
  placeLegalHold,
  subjectAccessExport,
} from "@familyhub/db";
import {
  eraseFamilyInput,
  familyIdInput,
  liftLegalHoldInput,
  placeLegalHoldInput,
} from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { permittedProcedure } from "../trpc";

export const subjectAccessInput = z.object({
  familyId: z.uuid("That is not a valid family id"),
  personId: z.uuid("That is not a valid person id").optional(),
});

/**
 * The families' rights: subject access (everything held about a family or a person, third
 * parties redacted), erasure, and the legal hold that keeps a family from erasure and retention.
 * A legal hold is set by those who may erase (administrators): the two decisions go together.
 */
export const rightsRouter = {
  /** Audited as subject_access.export; a mutation so nothing caches a family's whole record. */
  subjectAccess: permittedProcedure("subject_access:export")
    .input(subjectAccessInput)
    .mutation(({ ctx, input }) => subjectAccessExport(ctx.db, input, ctx.scope, ctx.actor)),

  erase: permittedProcedure("family:erase")
    .input(eraseFamilyInput)
    .mutation(({ ctx, input }) => eraseFamily(ctx.db, input, ctx.scope, ctx.actor)),

  legalHold: permittedProcedure("family:erase")
    .input(familyIdInput)
    .query(({ ctx, input }) => legalHoldOf(ctx.db, input.familyId, ctx.scope)),

  placeLegalHold: permittedProcedure("family:erase")
    .input(placeLegalHoldInput)
    .mutation(({ ctx, input }) => placeLegalHold(ctx.db, input, ctx.scope, ctx.actor)),

  liftLegalHold: permittedProcedure("family:erase")
    .input(liftLegalHoldInput)
    .mutation(({ ctx, input }) => liftLegalHold(ctx.db, input, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
