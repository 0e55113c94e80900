import { authRouter } from "./router/auth";
import { familiesRouter } from "./router/families";
import { kioskRouter } from "./router/kiosk";
import { kiosksRouter } from "./router/kiosks";
import { kioskSelfRegistrationRouter, selfRegistrationRouter } from "./router/self-registration";
import { reportsRouter } from "./router/reports";
import { sessionsRouter } from "./router/sessions";
import { sitesRouter } from "./router/sites";
import { targetingRouter } from "./router/targeting";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  sites: sitesRouter,
  families: familiesRouter,
  sessions: sessionsRouter,
  kiosks: kiosksRouter,
  // The kiosk registers a family through the self-registration code, under the kiosk tier.
  kiosk: { ...kioskRouter, ...kioskSelfRegistrationRouter },
  selfRegistration: selfRegistrationRouter,
  targeting: targetingRouter,
  reports: reportsRouter,
});

export type AppRouter = typeof appRouter;
