import { cspNonce } from "./csp";
import "@mantine/core/styles.css";
import "./styles.css";
import { Badge, createTheme, MantineProvider } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { errorCode } from "./lib/errors";
import { router } from "./router";
import { TRPCProvider, trpcClient } from "./trpc";

const theme = createTheme({
  primaryColor: "teal",
  // Shade 9 and black-or-white text on filled colours: text meets WCAG AA contrast (axe).
  primaryShade: 9,
  autoContrast: true,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  headings: { fontWeight: "700" },
  focusRing: "auto",
  components: {
    // Statuses are read, not shouted: "Waiting to pair", not "WAITING TO PAIR".
    Badge: Badge.extend({ defaultProps: { tt: "none" } }),
  },
});

/**
 * Mantine's dimmed grey, light teal and light orange (warnings, "Priority") fall short of 4.5:1
 * for small text: darker text, or a paler background.
 */
const readableColours = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-teal-light": "var(--mantine-color-teal-0)",
    "--mantine-color-orange-light-color": "#9c3d0a",
  },
  dark: {},
});

// A 4xx answer will not change on a retry; only network and server failures are worth one.
const NO_RETRY = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]);

function onError(error: unknown) {
  if (errorCode(error) !== "UNAUTHORIZED") return;
  // The session has ended (idle too long, signed out elsewhere, the account disabled): forget
  // what this tab held.
  queryClient.clear();
  if (router.state.location.pathname !== "/sign-in") void router.navigate({ to: "/sign-in" });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, error) => failures < 2 && !NO_RETRY.has(errorCode(error) ?? ""),
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      getStyleNonce={() => cspNonce}
      cssVariablesResolver={readableColours}
    >
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
