import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, type AppRouter } from "./root";
export {
  createCallerFactory,
  createContextInner,
  INTERNAL_MESSAGE,
  type Context,
  type StaffUser,
} from "./trpc";
export { can, permissions, rolePermissions, type Permission, type StaffRole } from "./permissions";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
