import { useSyncExternalStore } from "react";
import { kioskClient } from "../client";
import { credentialStore } from "../credential-store";
import { idbOutboxStorage } from "./idb-storage";
import { Outbox, type OutboxState } from "./outbox";
import { trpcOutboxTransport } from "./trpc-transport";

const send = trpcOutboxTransport((input, options) =>
  kioskClient.kiosk.checkInFamily.mutate(input, options),
);

/** The kiosk's outbox, kept in IndexedDB and sent with the kiosk's own credential. */
export const kioskOutbox = new Outbox({
  storage: idbOutboxStorage(),
  transport: async (item) => {
    const delivery = await send(item);
    // The credential was revoked: set-up again, keeping every check-in until then.
    if (delivery === "unpaired") credentialStore.forget();
    return delivery;
  },
  currentSite: () => credentialStore.siteId(),
});

export function useOutboxState(): OutboxState {
  return useSyncExternalStore(kioskOutbox.subscribe, kioskOutbox.getState);
}

/** How often the kiosk looks for check-ins due to be sent again (each has its own back-off). */
const SWEEP_MS = 15_000;

let started = false;

/**
 * Sends what is due now, again whenever the network comes back or the kiosk is paired again,
 * and every few seconds for whatever's back-off has passed.
 */
export function startOutboxSync() {
  if (started) return;
  started = true;
  const flush = (force: boolean) => void kioskOutbox.flush({ force }).catch(() => {});
  void kioskOutbox.refresh().then(
    () => flush(true),
    () => {},
  );
  window.addEventListener("online", () => flush(true));
  credentialStore.subscribe(() => {
    void kioskOutbox.refresh().then(
      () => flush(true),
      () => {},
    );
  });
  setInterval(() => flush(false), SWEEP_MS);
}
