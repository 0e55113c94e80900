import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useSyncExternalStore } from "react";
import { kioskClient } from "./client";
import { credentialStore } from "./credential-store";
import { startOutboxSync } from "./outbox/kiosk-outbox";
import { KioskScreen } from "./screens/kiosk-screen";
import { describeError, isTransient, TRPCProvider } from "./trpc";

// Whichever call hears it first, a refused credential sends the kiosk back to set-up, and
// nothing cached for the old pairing survives, except the outbox of check-ins, which waits in
// IndexedDB for the kiosk to be paired again to the same site.
function forgetIfUnpaired(error: Error) {
  if (describeError(error).kind !== "unpaired") return;
  credentialStore.forget();
  queryClient.clear();
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: forgetIfUnpaired }),
  mutationCache: new MutationCache({ onError: forgetIfUnpaired }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => isTransient(error) && failures < 2,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

const trpcClient = kioskClient;

// Only an unpaired kiosk shows set-up (and the shared schema with zod that checks its code):
// a paired one starts without loading it.
const SetupScreen = lazy(() =>
  import("./screens/setup-screen").then((module) => ({ default: module.SetupScreen })),
);

// From the first paint, set-up screen included: the outbox learns what it holds and sends it.
startOutboxSync();

export function App() {
  const { pairing, needsSetupAgain } = useSyncExternalStore(
    credentialStore.subscribe,
    credentialStore.getState,
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {pairing ? (
          <KioskScreen key={pairing.credential} pairing={pairing} />
        ) : (
          <Suspense fallback={null}>
            <SetupScreen needsSetupAgain={needsSetupAgain} />
          </Suspense>
        )}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
