import { authRouter } from "./router/auth";
import { familiesRouter } from "./router/families";
import { kioskRouter } from "./router/kiosk";
import { kiosksRouter } from "./router/kiosks";
import { sessionsRouter } from "./router/sessions";
import { sitesRouter } from "./router/sites";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  sites: sitesRouter,
  families: familiesRouter,
  sessions: sessionsRouter,
  kiosks: kiosksRouter,
  kiosk: kioskRouter,
});

export type AppRouter = typeof appRouter;
