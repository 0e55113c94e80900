import type { RouterOutputs } from "@familyhub/api";
import { Badge, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDateTime, formatRelative } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Pending = RouterOutputs["selfRegistration"]["pending"][number];

export function ChannelBadge({ via }: { via: Pending["via"] }) {
  if (via === "kiosk") {
    return (
      <Badge color="teal" variant="light">
        At the kiosk
      </Badge>
    );
  }
  if (via === "phone") {
    return (
      <Badge color="indigo" variant="light">
        On their phone
      </Badge>
    );
  }
  return null;
}

function who(family: Pending): string {
  return family.members
    .map((m) => `${m.firstName} ${m.lastName}${m.role === "adult" ? "" : " (child)"}`)
    .join(", ");
}

function PendingTable() {
  const trpc = useTRPC();
  const pending = useQuery(
    trpc.selfRegistration.pending.queryOptions(undefined, { refetchInterval: 60_000 }),
  );
  if (pending.isPending) return <Loading label="Loading the families waiting to be checked" />;
  if (pending.isError) {
    return <ErrorAlert error={pending.error} onRetry={() => void pending.refetch()} />;
  }
  if (pending.data.length === 0) {
    return (
      <EmptyState title="No one is waiting to be checked">
        Families who register themselves at a kiosk or on their phone appear here until a member of
        staff checks them.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="pending-table">
        <Table.Caption>
          {pending.data.length === 1
            ? "1 family is waiting, oldest first"
            : `${pending.data.length} families are waiting, oldest first`}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Family</Table.Th>
            <Table.Th scope="col">Centre</Table.Th>
            <Table.Th scope="col">Registered</Table.Th>
            <Table.Th scope="col">How</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pending.data.map((family) => (
            <Table.Tr key={family.id}>
              <Table.Td>
                <Stack gap={0}>
                  <Text fw={600}>{family.surname}</Text>
                  <Text size="sm" c="dimmed">
                    {who(family)}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>{family.siteName}</Table.Td>
              <Table.Td>
                {family.selfRegisteredAt && (
                  <Text size="sm" title={formatDateTime(family.selfRegisteredAt)}>
                    {formatRelative(family.selfRegisteredAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <ChannelBadge via={family.via} />
              </Table.Td>
              <Table.Td ta="right">
                <ButtonLink
                  size="xs"
                  to="/pending/$familyId"
                  params={{ familyId: family.id }}
                  aria-label={`Check the ${family.surname} family`}
                >
                  Check
                </ButtonLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PendingPage() {
  const canPrintPoster = useCan("kiosk:manage");
  return (
    <Page
      title="Waiting to be checked"
      description="Families who registered themselves at a kiosk or on their phone. Check each one with the family, correct anything that is wrong, then accept it, or say it is a family already registered."
      actions={
        canPrintPoster && (
          <ButtonLink variant="default" to="/pending/poster">
            Print a QR poster
          </ButtonLink>
        )
      }
    >
      <RequirePermission permission="family:write">
        <PendingTable />
      </RequirePermission>
    </Page>
  );
}

export const pendingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pending",
  component: PendingPage,
});
