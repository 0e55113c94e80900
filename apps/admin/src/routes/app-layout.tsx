import { AppShell, Badge, Burger, Button, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, Navigate, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { authClient } from "../auth-client";
import { ErrorAlert } from "../components/error-alert";
import { NavLinkRouter } from "../components/links";
import { ReviewCount } from "../components/reach-review-count";
import { Loading } from "../components/loading";
import { roleNames, type Staff, StaffProvider } from "../staff";
import { useTRPC } from "../trpc";
import { rootRoute } from "./root";

/** How many self-registered families wait for staff, beside the link to them. */
function PendingCount() {
  const trpc = useTRPC();
  const count = useQuery(
    trpc.selfRegistration.pendingCount.queryOptions(undefined, { refetchInterval: 60_000 }),
  );
  if (!count.data) return null;
  return (
    <Badge size="sm" color="orange" variant="filled" data-testid="pending-count">
      {count.data}
    </Badge>
  );
}

function Shell({ staff }: { staff: Staff }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const can = (permission: Staff["permissions"][number]) => staff.permissions.includes(permission);

  useEffect(() => close(), [pathname, close]);

  async function signOut() {
    setSigningOut(true);
    try {
      await authClient.signOut();
    } finally {
      // Whatever the server said, nothing about families stays in this tab.
      queryClient.clear();
      setSigningOut(false);
      await navigate({ to: "/sign-in" });
    }
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <Text fw={700} size="lg" c="teal.9">
              FamilyHub
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="xs">
              <Text size="sm" fw={600} data-testid="signed-in-name">
                {staff.name}
              </Text>
              <Badge size="xs" variant="light" color="gray" data-testid="signed-in-role">
                {roleNames[staff.role]}
              </Badge>
            </Stack>
            <Button variant="default" size="sm" onClick={() => void signOut()} loading={signingOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" className="no-print" component="nav" aria-label="Main">
        {can("session:read") && (
          <NavLinkRouter to="/" label="Today" activeOptions={{ exact: true }} />
        )}
        {can("session:read") && <NavLinkRouter to="/planner" label="Planner" />}
        {can("session:read") && <NavLinkRouter to="/programmes" label="Programmes" />}
        {can("family:read") && (
          <NavLinkRouter to="/families" label="Families" activeOptions={{ exact: true }} />
        )}
        {can("family:write") && <NavLinkRouter to="/families/new" label="Register a family" />}
        {can("family:write") && (
          <NavLinkRouter
            to="/pending"
            label="Waiting to be checked"
            rightSection={<PendingCount />}
          />
        )}
        {/* Staff who run registers set their kiosk PIN there; administrators manage kiosks. */}
        {(can("kiosk:manage") || can("register:write")) && (
          <NavLinkRouter to="/kiosks" label="Kiosks" />
        )}
        {can("import:run") && <NavLinkRouter to="/imports" label="Imports" />}
        {can("report:read") && <NavLinkRouter to="/reports" label="Reports" />}
        {can("report:read") && (
          <NavLinkRouter to="/reach" label="Reach" activeOptions={{ exact: true }} />
        )}
        {can("report:read") && <NavLinkRouter to="/reach/scorecard" label="Scorecard" />}
        {can("match:review") && can("socialcare:read") && (
          <NavLinkRouter to="/reach/review" label="Match review" rightSection={<ReviewCount />} />
        )}
        {can("baseline:import") && <NavLinkRouter to="/reach/baseline" label="Baseline" />}
        {can("targeting:configure") && (
          <NavLinkRouter to="/settings/target-groups" label="Priority target groups" />
        )}
        {can("staff:manage") && <NavLinkRouter to="/staff" label="Staff accounts" />}
        {can("audit:read") && <NavLinkRouter to="/audit" label="Audit log" />}
        <Text size="xs" c="dimmed" mt="auto" p="xs" hiddenFrom="xs">
          Signed in as {staff.name} ({roleNames[staff.role]})
        </Text>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function AppLayout() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <Loading label="Checking whether you are signed in" />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/sign-in" />;
  return (
    <StaffProvider staff={me.data}>
      <Shell staff={me.data} />
    </StaffProvider>
  );
}

export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  component: AppLayout,
});
