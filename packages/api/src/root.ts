import { auditRouter } from "./router/audit";
import { authRouter } from "./router/auth";
import { bookingsRouter } from "./router/bookings";
import { familiesRouter } from "./router/families";
import { kioskRouter } from "./router/kiosk";
import { kiosksRouter } from "./router/kiosks";
import { plannerRouter } from "./router/planner";
import { programmesRouter } from "./router/programmes";
import { kioskSelfRegistrationRouter, selfRegistrationRouter } from "./router/self-registration";
import { reachRouter } from "./router/reach";
import { reportsRouter } from "./router/reports";
import { rightsRouter } from "./router/rights";
import { sessionsRouter } from "./router/sessions";
import { sitesRouter } from "./router/sites";
import { staffRouter } from "./router/staff";
import { targetingRouter } from "./router/targeting";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  sites: sitesRouter,
  families: familiesRouter,
  sessions: sessionsRouter,
  programmes: programmesRouter,
  bookings: bookingsRouter,
  planner: plannerRouter,
  kiosks: kiosksRouter,
  // The kiosk registers a family through the self-registration code, under the kiosk tier.
  kiosk: { ...kioskRouter, ...kioskSelfRegistrationRouter },
  selfRegistration: selfRegistrationRouter,
  targeting: targetingRouter,
  reports: reportsRouter,
  reach: reachRouter,
  staff: staffRouter,
  audit: auditRouter,
  rights: rightsRouter,
});

export type AppRouter = typeof appRouter;
