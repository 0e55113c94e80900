import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, type AppRouter } from "./root";
export {
  createCallerFactory,
  createContextInner,
  INTERNAL_MESSAGE,
  requiresSecondFactor,
  type Context,
  type PendingSecondFactor,
  type SignInOptions,
  type StaffUser,
} from "./trpc";
export { can, permissions, rolePermissions, type Permission, type StaffRole } from "./permissions";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
