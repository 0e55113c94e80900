import type { AppRouter } from "@familyhub/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "/trpc",
      transformer: superjson,
      // Queries go as POST bodies so a surname typed into a search never lands in a URL or a log.
      methodOverride: "POST",
      maxItems: 10,
    }),
  ],
});
