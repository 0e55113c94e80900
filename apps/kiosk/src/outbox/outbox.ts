/**
 * The kiosk's outbox: check-ins the family was told about ("You're checked in") that the server
 * has not yet acknowledged. Each is kept, with only the card code, the session, the time and the
 * id the kiosk made, until the server answers for that id; it is retried with back-off and
 * survives reloads, restarts and days offline because the storage is IndexedDB. Storage and
 * transport are passed in, so a test drives the same code against the real server in Node.
 */

export type OutboxItem = {
  checkInId: string;
  /** The site of the pairing that took it: it is sent only by a kiosk paired to that site. */
  siteId: string;
  sessionId: string;
  cardCode: string;
  /** When the card was scanned, in ms since the epoch. */
  scannedAt: number;
  attempts: number;
  /** Not sent again before this time (ms since the epoch). */
  notBefore: number;
};

export type OutboxStorage = {
  put(item: OutboxItem): Promise<void>;
  delete(checkInId: string): Promise<void>;
  all(): Promise<OutboxItem[]>;
};

/**
 * What became of one delivery:
 * - `acknowledged`: the server recorded the id (or had already): remove it.
 * - `refused`: the server read it and will never take it (a revoked card): remove it, told to staff.
 * - `retry`: no answer we can trust (offline, timeout, server error): keep it, try later.
 * - `unpaired`: the kiosk's credential was refused: keep everything until it is paired again.
 */
export type Delivery = "acknowledged" | "refused" | "retry" | "unpaired";

export type OutboxTransport = (item: OutboxItem) => Promise<Delivery>;

export type OutboxOptions = {
  storage: OutboxStorage;
  transport: OutboxTransport;
  /** The site the kiosk is paired to now, or null while it is not paired. */
  currentSite: () => string | null;
  now?: () => number;
  random?: () => number;
};

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Doubling waits with jitter, so a hall of kiosks coming back online do not all call at once. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.5 + random() / 2));
}

export type OutboxState = {
  /** Check-ins waiting for the server, for this kiosk's site and any other. */
  queued: number;
  /** Those kept for a site other than the one the kiosk is paired to now. */
  heldForOtherSite: number;
  /** Check-ins the server refused since the kiosk started (a card revoked while offline). */
  refused: number;
};

export class Outbox {
  private readonly storage: OutboxStorage;
  private readonly transport: OutboxTransport;
  private readonly currentSite: () => string | null;
  private readonly now: () => number;
  private readonly random: () => number;
  private flushing: Promise<void> | null = null;
  private listeners = new Set<() => void>();
  private state: OutboxState = { queued: 0, heldForOtherSite: 0, refused: 0 };

  constructor(options: OutboxOptions) {
    this.storage = options.storage;
    this.transport = options.transport;
    this.currentSite = options.currentSite;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  getState = (): OutboxState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps a check-in; resolves once it is in storage, before the family is told. */
  async add(item: Omit<OutboxItem, "attempts" | "notBefore">): Promise<void> {
    await this.storage.put({ ...item, attempts: 0, notBefore: 0 });
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const items = await this.storage.all();
    const site = this.currentSite();
    const heldForOtherSite = items.filter((i) => i.siteId !== site).length;
    this.setState({ ...this.state, queued: items.length, heldForOtherSite });
  }

  /**
   * Sends every check-in that is due, oldest first, one at a time. Calls while one is running
   * share it. `force` ignores the back-off (the network has just come back).
   */
  flush(options: { force?: boolean } = {}): Promise<void> {
    this.flushing ??= this.send(options.force === true).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** When the earliest kept check-in may next be sent, or null if none is waiting. */
  async nextDueAt(): Promise<number | null> {
    const site = this.currentSite();
    const mine = (await this.storage.all()).filter((i) => i.siteId === site);
    if (mine.length === 0) return null;
    return Math.min(...mine.map((i) => i.notBefore));
  }

  private async send(force: boolean): Promise<void> {
    const site = this.currentSite();
    if (site === null) return;
    const items = (await this.storage.all())
      .filter((i) => i.siteId === site)
      .sort((a, b) => a.scannedAt - b.scannedAt);
    for (const item of items) {
      if (!force && item.notBefore > this.now()) continue;
      let delivery: Delivery;
      try {
        delivery = await this.transport(item);
      } catch {
        delivery = "retry";
      }
      if (delivery === "acknowledged" || delivery === "refused") {
        await this.storage.delete(item.checkInId);
        if (delivery === "refused")
          this.setState({ ...this.state, refused: this.state.refused + 1 });
      } else {
        const attempts = item.attempts + 1;
        await this.storage.put({
          ...item,
          attempts,
          notBefore: this.now() + backoffMs(attempts, this.random),
        });
        // Offline or unpaired: the rest would fail the same way; they keep their turn.
        if (delivery === "unpaired" || delivery === "retry") break;
      }
    }
    await this.refresh();
  }

  private setState(next: OutboxState) {
    const same =
      next.queued === this.state.queued &&
      next.heldForOtherSite === this.state.heldForOtherSite &&
      next.refused === this.state.refused;
    this.state = next;
    if (!same) for (const listener of this.listeners) listener();
  }
}

export type Attempt<T> = { kind: "sent"; result: T } | { kind: "kept" };

/**
 * Tries a check-in now; if no trustworthy answer comes (offline, timeout, server error), keeps
 * it in the outbox under the same id, so that a reply lost after the commit is replayed, not
 * doubled. A refusal is thrown for the screen to explain. Either way the family may be told.
 */
export async function sendOrKeep<T>(
  outbox: Outbox,
  item: Omit<OutboxItem, "attempts" | "notBefore">,
  attempt: () => Promise<T>,
  deliveryOfError: (error: unknown) => Delivery,
): Promise<Attempt<T>> {
  try {
    return { kind: "sent", result: await attempt() };
  } catch (error) {
    if (deliveryOfError(error) === "refused") throw error;
    await outbox.add(item);
    return { kind: "kept" };
  }
}
