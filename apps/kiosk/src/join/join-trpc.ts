import type { AppRouter } from "@familyhub/api";
import { createTRPCClient, httpBatchLink, isTRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { i18next } from "../i18n";

// The phone page's own client: no device credential, no cookie worth sending. It never imports
// the kiosk's credential store, so a phone can neither read nor become a kiosk.
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createJoinClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        transformer: superjson,
        methodOverride: "POST",
        // One call per request: the server's rate limit for this public page reads the path.
        maxItems: 1,
      }),
    ],
  });
}

/** Whether the server answered that the centre's code is not known. */
export function isUnknownSite(error: unknown): boolean {
  return isTRPCClientError<AppRouter>(error) && error.data?.code === "NOT_FOUND";
}

/** A sentence for the family: the server's own words when it refused, else ours. */
export function joinProblemText(error: unknown): string {
  if (!isTRPCClientError<AppRouter>(error)) return i18next.t("join.unreachable");
  // The rate limit answers before tRPC does, so its answer has no tRPC error data.
  const response = error.meta?.response;
  if (response instanceof Response && response.status === 429) return i18next.t("join.tooMany");
  if (!error.data) return i18next.t("join.unreachable");
  if (error.data.httpStatus >= 500) return i18next.t("errors.server");
  return error.message;
}
