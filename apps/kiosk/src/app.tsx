import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { kioskClient } from "./client";
import { credentialStore } from "./credential-store";
import { startOutboxSync } from "./outbox/kiosk-outbox";
import { KioskScreen } from "./screens/kiosk-screen";
import { SetupScreen } from "./screens/setup-screen";
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
          <SetupScreen needsSetupAgain={needsSetupAgain} />
        )}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
