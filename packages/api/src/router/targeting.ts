import {
  addGroupInput,
  addLocalGroup,
  endFlag,
  endFlagInput,
  familyFlagsInput,
  listFamilyFlags,
  listTargetGroups,
  recordFlag,
  recordFlagInput,
  setPriorityGroups,
  setPriorityInput,
  updateGroupInput,
  updateLocalGroup,
} from "@familyhub/targeting";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

export const targetingRouter = {
  /** The groups staff may record (active ones), for the flag form. */
  groups: permittedProcedure("flag:read").query(async ({ ctx }) =>
    (await listTargetGroups(ctx.db)).filter((g) => g.active),
  ),

  /** Every group, with the authority's choices, for the settings page. */
  catalogue: permittedProcedure("targeting:configure").query(({ ctx }) => listTargetGroups(ctx.db)),

  setPriority: permittedProcedure("targeting:configure")
    .input(setPriorityInput)
    .mutation(({ ctx, input }) => setPriorityGroups(ctx.db, input, ctx.actor)),

  addGroup: permittedProcedure("targeting:configure")
    .input(addGroupInput)
    .mutation(({ ctx, input }) => addLocalGroup(ctx.db, input, ctx.actor)),

  updateGroup: permittedProcedure("targeting:configure")
    .input(updateGroupInput)
    .mutation(({ ctx, input }) => updateLocalGroup(ctx.db, input, ctx.actor)),

  /**
   * A family's flags and priority summary: staff with flag:read whose locality includes the
   * family's centre (authority-wide roles see all). The family id travels in the POST body.
   */
  familyFlags: permittedProcedure("flag:read")
    .input(familyFlagsInput)
    .query(({ ctx, input }) => listFamilyFlags(ctx.db, input.familyId, ctx.scope, ctx.actor)),

  recordFlag: permittedProcedure("flag:write")
    .input(recordFlagInput)
    .mutation(({ ctx, input }) => recordFlag(ctx.db, input, ctx.scope, ctx.actor)),

  endFlag: permittedProcedure("flag:write")
    .input(endFlagInput)
    .mutation(({ ctx, input }) => endFlag(ctx.db, input, ctx.scope, ctx.actor)),
} satisfies TRPCRouterRecord;
