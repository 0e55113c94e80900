import { Button, Group, Paper, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { SiteSelect } from "../components/site-select";
import { formatLongDate, formatTime, isIsoDate, londonToday } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type TodaySearch = { date?: string; site?: string };

function FamilyCounts() {
  const trpc = useTRPC();
  const counts = useQuery(trpc.families.counts.queryOptions());
  if (!counts.data) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} maw={520}>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed">
          Families registered
        </Text>
        <Text fz={28} fw={700}>
          {counts.data.families.toLocaleString("en-GB")}
        </Text>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed">
          Families without a card
        </Text>
        <Text fz={28} fw={700}>
          {counts.data.withoutCard.toLocaleString("en-GB")}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

function Sessions({ date, siteId }: { date: string; siteId: string | undefined }) {
  const trpc = useTRPC();
  const canOpenRegister = useCan("register:read");
  const sessions = useQuery(trpc.sessions.forDay.queryOptions({ date, siteId }));
  if (sessions.isPending) return <Loading label="Loading sessions" />;
  if (sessions.isError) {
    return <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />;
  }
  if (sessions.data.length === 0) {
    return (
      <EmptyState title={`No sessions on ${formatLongDate(date)}`}>
        {siteId ? "There are none at this site. " : "There are none at any of your sites. "}
        Choose another date or site above. If a session is missing, ask your locality lead to add it
        to the term's programme.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="sessions-table">
        <Table.Caption>
          {sessions.data.length === 1 ? "1 session" : `${sessions.data.length} sessions`} on{" "}
          {formatLongDate(date)}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time</Table.Th>
            <Table.Th scope="col">Programme</Table.Th>
            <Table.Th scope="col">Site</Table.Th>
            <Table.Th scope="col" ta="right">
              Attended
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.data.map((session) => (
            <Table.Tr key={session.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatTime(session.startsAt)}–{formatTime(session.endsAt)}
              </Table.Td>
              <Table.Td>
                {canOpenRegister ? (
                  <AnchorLink
                    to="/sessions/$sessionId"
                    params={{ sessionId: session.id }}
                    fw={600}
                    aria-label={`${session.programmeName} at ${session.siteName}, ${formatTime(session.startsAt)}: open the register`}
                  >
                    {session.programmeName}
                  </AnchorLink>
                ) : (
                  session.programmeName
                )}
              </Table.Td>
              <Table.Td>{session.siteName}</Table.Td>
              <Table.Td ta="right">
                {session.attended}
                {session.capacity ? (
                  <Text span c="dimmed" size="sm">
                    {" "}
                    of {session.capacity}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TodayPage() {
  const search = todayRoute.useSearch();
  const navigate = useNavigate({ from: "/" });
  const canReadFamilies = useCan("family:read");
  const today = londonToday();
  const date = search.date ?? today;
  const isToday = date === today;

  return (
    <Page title={isToday ? "Today" : "Sessions"} description={formatLongDate(date)}>
      {canReadFamilies && <FamilyCounts />}
      <Group align="flex-end" gap="md" className="no-print">
        <SiteSelect
          label="Site"
          emptyLabel="All sites"
          emptySelectable
          w={280}
          value={search.site ?? ""}
          onChange={(site) =>
            void navigate({ search: (prev) => ({ ...prev, site: site || undefined }) })
          }
        />
        <TextInput
          label="Date"
          type="date"
          w={180}
          value={date}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (!isIsoDate(value)) return;
            void navigate({
              search: (prev) => ({ ...prev, date: value === today ? undefined : value }),
            });
          }}
        />
        {!isToday && (
          <Button
            variant="default"
            onClick={() => void navigate({ search: (prev) => ({ ...prev, date: undefined }) })}
          >
            Back to today
          </Button>
        )}
      </Group>
      <RequirePermission permission="session:read">
        <Sessions date={date} siteId={search.site} />
      </RequirePermission>
    </Page>
  );
}

export const todayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  validateSearch: (search: Record<string, unknown>): TodaySearch => ({
    date: typeof search.date === "string" && isIsoDate(search.date) ? search.date : undefined,
    site: typeof search.site === "string" && search.site ? search.site : undefined,
  }),
  component: TodayPage,
});
