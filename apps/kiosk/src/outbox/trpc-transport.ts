import { describeError } from "../kiosk-error";
import type { Delivery, OutboxTransport } from "./outbox";

/** A delivery with no answer by then is treated as lost (its id makes sending it again safe). */
const TIMEOUT_MS = 10_000;

export type FamilyCheckIn = {
  checkInId: string;
  sessionId: string;
  cardCode: string;
  scannedAt: Date;
};

/** `kiosk.checkInFamily` of a tRPC client (a test passes its own, with faults). */
export type SendFamilyCheckIn = (
  input: FamilyCheckIn,
  options: { signal: AbortSignal },
) => Promise<unknown>;

/** What a refusal means for a kept check-in: the server read it and said no for good, or not. */
export function deliveryOfError(error: unknown): Delivery {
  const described = describeError(error);
  if (described.kind === "unpaired") return "unpaired";
  // Too many requests and timeouts pass; any other refusal is for good.
  if (described.kind === "refused" && ![408, 429].includes(described.status)) return "refused";
  return "retry";
}

/** Sends a kept check-in with `kiosk.checkInFamily` and says what became of it. */
export function trpcOutboxTransport(
  send: SendFamilyCheckIn,
  timeoutMs = TIMEOUT_MS,
): OutboxTransport {
  return async (item): Promise<Delivery> => {
    try {
      await send(
        {
          checkInId: item.checkInId,
          sessionId: item.sessionId,
          cardCode: item.cardCode,
          scannedAt: new Date(item.scannedAt),
        },
        { signal: AbortSignal.timeout(timeoutMs) },
      );
      return "acknowledged";
    } catch (error) {
      return deliveryOfError(error);
    }
  };
}
