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

  /**
   * What the sign-in page should show: the identity provider's button when one is configured,
   * and, half-way through a sign-in, the TOTP step (enter a code, or set TOTP up first).
   */
  signInState: publicProcedure.query(({ ctx }) => ({
    oidc: ctx.signInOptions.oidc,
    pendingSecondFactor: ctx.pendingSecondFactor,
  })),
} satisfies TRPCRouterRecord;
