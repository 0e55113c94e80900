import { createRouter } from "@tanstack/react-router";
import { appRoute } from "./routes/app-layout";
import { auditRoute } from "./routes/audit";
import { familiesRoute } from "./routes/families";
import { familyRoute } from "./routes/family";
import { familyEditRoute } from "./routes/family-edit";
import { familyNewRoute } from "./routes/family-new";
import { joinPosterRoute } from "./routes/join-poster";
import { importsRoute } from "./routes/imports";
import { kiosksRoute } from "./routes/kiosks";
import { pendingRoute } from "./routes/pending";
import { pendingFamilyRoute } from "./routes/pending-family";
import { plannerRoute } from "./routes/planner";
import { programmeEditRoute, programmeNewRoute, programmesRoute } from "./routes/programmes";
import { courseRoute, sessionEditRoute } from "./routes/session-edit";
import { sessionPlanRoute } from "./routes/session-plan";
import { reportsRoute } from "./routes/reports";
import { baselineRoute } from "./routes/baseline";
import { reachRoute } from "./routes/reach";
import { reachReviewRoute } from "./routes/reach-review";
import { scorecardRoute } from "./routes/scorecard";
import { rootRoute } from "./routes/root";
import { sessionRegisterRoute } from "./routes/session-register";
import { signInRoute } from "./routes/sign-in";
import { staffAccountsRoute } from "./routes/staff-accounts";
import { subjectAccessRoute } from "./routes/subject-access";
import { targetingSettingsRoute } from "./routes/targeting-settings";
import { todayRoute } from "./routes/today";

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    todayRoute,
    sessionRegisterRoute,
    plannerRoute,
    sessionPlanRoute,
    sessionEditRoute,
    courseRoute,
    programmesRoute,
    programmeNewRoute,
    programmeEditRoute,
    familiesRoute,
    familyNewRoute,
    familyRoute,
    familyEditRoute,
    kiosksRoute,
    importsRoute,
    pendingRoute,
    pendingFamilyRoute,
    joinPosterRoute,
    reportsRoute,
    reachRoute,
    reachReviewRoute,
    baselineRoute,
    scorecardRoute,
    targetingSettingsRoute,
    staffAccountsRoute,
    auditRoute,
    subjectAccessRoute,
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
