import { exportAuditCsv, searchAudit } from "@familyhub/db";
import { auditFilterInput, auditSearchInput } from "@familyhub/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { permittedProcedure } from "../trpc";

/**
 * The audit log for administrators: searched by actor, action, record and dates, a page at a
 * time, and exported as CSV. Both are audited themselves.
 */
export const auditRouter = {
  search: permittedProcedure("audit:read")
    .input(auditSearchInput)
    .query(({ ctx, input }) => searchAudit(ctx.db, input, ctx.actor)),

  /** The whole search as CSV (a mutation: it writes an audit event, and is never cached). */
  exportCsv: permittedProcedure("audit:read")
    .input(z.object({ filter: auditFilterInput }))
    .mutation(({ ctx, input }) => exportAuditCsv(ctx.db, input.filter, ctx.actor)),
} satisfies TRPCRouterRecord;
