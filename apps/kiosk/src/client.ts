import { createKioskClient } from "./trpc";

/** The kiosk's one tRPC client: the screens (through react-query), the outbox and the heartbeat. */
export const kioskClient = createKioskClient();
