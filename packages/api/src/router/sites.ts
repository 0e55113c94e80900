import { listSites } from "@familyhub/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { permittedProcedure } from "../trpc";

export const sitesRouter = {
  list: permittedProcedure("site:read").query(({ ctx }) => listSites(ctx.db, ctx.scope)),
} satisfies TRPCRouterRecord;
