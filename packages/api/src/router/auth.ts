import type { TRPCRouterRecord } from "@trpc/server";
import { rolePermissions } from "../permissions";
import { publicProcedure } from "../trpc";

export const authRouter = {
  /** Who is signed in, with what they may do, so the admin app shows only what works. */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.staff) return null;
    const { id, name, email, role, localityId } = ctx.staff;
    return { id, name, email, role, localityId, permissions: rolePermissions[role] };
  }),
} satisfies TRPCRouterRecord;
