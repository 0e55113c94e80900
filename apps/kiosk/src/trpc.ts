import type { AppRouter } from "@familyhub/api";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { credentialStore } from "./credential-store";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * The two calls a family waits for at the door (their names, then "Check in") go out at once, on
 * their own; everything else (today's sessions, the heartbeat, the outbox) is batched, which
 * waits for the end of the current task to gather calls.
 */
const AT_THE_DOOR = new Set(["kiosk.lookup", "kiosk.checkIn"]);

export function createKioskClient() {
  const headers = () => {
    const credential = credentialStore.credential();
    return credential ? { authorization: `Bearer ${credential}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => AT_THE_DOOR.has(op.path),
        true: httpLink({ url: "/trpc", transformer: superjson, methodOverride: "POST", headers }),
        false: httpBatchLink({
          url: "/trpc",
          transformer: superjson,
          methodOverride: "POST",
          maxItems: 10,
          headers,
        }),
      }),
    ],
  });
}

export { describeError, isTransient, type KioskError } from "./kiosk-error";
