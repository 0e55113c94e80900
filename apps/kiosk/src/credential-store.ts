import { z } from "zod";

// Later this moves to IndexedDB beside the offline outbox; nothing else touches storage.
const STORAGE_KEY = "familyhub.kiosk";

const pairingSchema = z.object({
  credential: z.string().min(1),
  kiosk: z.object({ id: z.string(), name: z.string(), siteName: z.string() }),
});

export type KioskPairing = z.infer<typeof pairingSchema>;

export type CredentialState = {
  pairing: KioskPairing | null;
  /** True once the server has refused the stored credential, so the set-up screen says why. */
  needsSetupAgain: boolean;
};

function readStorage(): KioskPairing | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = pairingSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeStorage(pairing: KioskPairing | null) {
  try {
    if (pairing) localStorage.setItem(STORAGE_KEY, JSON.stringify(pairing));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be full or blocked; the kiosk still works until it is reloaded.
  }
}

let state: CredentialState = { pairing: readStorage(), needsSetupAgain: false };
const listeners = new Set<() => void>();

function update(next: CredentialState) {
  state = next;
  writeStorage(next.pairing);
  for (const listener of listeners) listener();
}

export const credentialStore = {
  getState: (): CredentialState => state,

  credential: (): string | null => state.pairing?.credential ?? null,

  save(pairing: KioskPairing) {
    update({ pairing, needsSetupAgain: false });
  },

  renameKiosk(name: string) {
    if (!state.pairing || state.pairing.kiosk.name === name) return;
    update({ ...state, pairing: { ...state.pairing, kiosk: { ...state.pairing.kiosk, name } } });
  },

  /** Forgets the credential because the server no longer accepts it. */
  forget() {
    if (!state.pairing) return;
    update({ pairing: null, needsSetupAgain: true });
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
