import { type KioskPairing, parsePairing } from "./stored";

export type { KioskPairing };

// The device credential and which kiosk it is. The outbox of check-ins is in IndexedDB
// (outbox/), apart from this, so that forgetting a revoked credential never drops a check-in.
const STORAGE_KEY = "familyhub.kiosk";

export type CredentialState = {
  pairing: KioskPairing | null;
  /** True once the server has refused the stored credential, so the set-up screen says why. */
  needsSetupAgain: boolean;
};

function readStorage(): KioskPairing | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    return parsePairing(JSON.parse(raw));
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

  /** What the server says of this kiosk now: its name may have changed, and old pairings learn their site. */
  confirmKiosk(name: string, siteId: string) {
    const pairing = state.pairing;
    if (!pairing || (pairing.kiosk.name === name && pairing.kiosk.siteId === siteId)) return;
    update({ ...state, pairing: { ...pairing, kiosk: { ...pairing.kiosk, name, siteId } } });
  },

  siteId: (): string | null => state.pairing?.kiosk.siteId ?? null,

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
