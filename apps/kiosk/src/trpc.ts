import type { AppRouter } from "@familyhub/api";
import { createTRPCClient, httpBatchLink, isTRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { credentialStore } from "./credential-store";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createKioskClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        transformer: superjson,
        methodOverride: "POST",
        maxItems: 10,
        headers: () => {
          const credential = credentialStore.credential();
          return credential ? { authorization: `Bearer ${credential}` } : {};
        },
      }),
    ],
  });
}

/**
 * What went wrong, in the terms the screens care about:
 * - `unpaired`: the server no longer knows this kiosk; set it up again.
 * - `refused`: the server said no and wrote `message` for the person at the door.
 * - `unreachable`: no answer we could read (offline, server down, a proxy's error page).
 * - `server`: the server failed; its message is for staff, so the kiosk says something calmer.
 */
export type KioskError =
  | { kind: "unpaired" }
  | { kind: "refused"; message: string }
  | { kind: "unreachable" }
  | { kind: "server" };

export function describeError(error: unknown): KioskError {
  if (!isTRPCClientError<AppRouter>(error)) return { kind: "server" };
  const data = error.data;
  if (!data) return { kind: "unreachable" };
  if (data.code === "UNAUTHORIZED") return { kind: "unpaired" };
  if (data.httpStatus >= 500) return { kind: "server" };
  return { kind: "refused", message: error.message };
}

export function isTransient(error: unknown): boolean {
  const { kind } = describeError(error);
  return kind === "unreachable" || kind === "server";
}
