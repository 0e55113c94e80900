import { createRouter } from "@tanstack/react-router";
import { appRoute } from "./routes/app-layout";
import { familiesRoute } from "./routes/families";
import { familyRoute } from "./routes/family";
import { familyNewRoute } from "./routes/family-new";
import { kiosksRoute } from "./routes/kiosks";
import { rootRoute } from "./routes/root";
import { sessionRegisterRoute } from "./routes/session-register";
import { signInRoute } from "./routes/sign-in";
import { todayRoute } from "./routes/today";

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    todayRoute,
    sessionRegisterRoute,
    familiesRoute,
    familyNewRoute,
    familyRoute,
    kiosksRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  basepath: "/admin",
  defaultPreload: "intent",
  scrollRestoration: true,
});

// Declaration merging needs an interface; it gives every Link and navigate the route types.
declare module "@tanstack/react-router" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging
  interface Register {
    router: typeof router;
  }
}
