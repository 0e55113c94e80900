import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { credentialStore } from "./credential-store";
import { KioskScreen } from "./screens/kiosk-screen";
import { SetupScreen } from "./screens/setup-screen";
import { createKioskClient, describeError, isTransient, TRPCProvider } from "./trpc";

// Whichever call hears it first, a refused credential sends the kiosk back to set-up, and
// nothing cached for the old pairing survives.
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

const trpcClient = createKioskClient();

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
