import type { AppRouter } from "@familyhub/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
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

export { describeError, isTransient, type KioskError } from "./kiosk-error";
