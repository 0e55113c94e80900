import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { format, subMonths } from "date-fns";
import { type ReactNode, useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { calendarDate, formatDate, isIsoDate, londonToday } from "../lib/dates";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Range = { from: string; to: string; siteId?: string; localityId?: string };
type ShareReport = RouterOutputs["reports"]["priorityShare"];
type Share = ShareReport["total"];

/** Percentages as the service reports them: one decimal, half up; "–" with nothing to divide by. */
function percent(part: number, whole: number): string {
  if (whole === 0) return "–";
  return `${(Math.round((part * 1000) / whole) / 10).toFixed(1)}%`;
}

const numberFormat = new Intl.NumberFormat("en-GB");
const n = (value: number) => numberFormat.format(value);

function defaultRange(): Range {
  const today = londonToday();
  return { from: format(subMonths(calendarDate(today), 6), "yyyy-MM-dd"), to: today };
}

function monthLabel(month: string): string {
  return format(calendarDate(`${month}-01`), "MMMM yyyy");
}

function Filters({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  const trpc = useTRPC();
  const filters = useQuery(trpc.reports.filters.queryOptions());
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [localityId, setLocalityId] = useState(range.localityId ?? "");
  const [siteId, setSiteId] = useState(range.siteId ?? "");
  const fromError = isIsoDate(from) ? undefined : "Enter a date";
  const toError = !isIsoDate(to)
    ? "Enter a date"
    : isIsoDate(from) && to < from
      ? "The end must be on or after the start"
      : undefined;
  const sites = (filters.data?.sites ?? []).filter(
    (s) => !localityId || s.localityId === localityId,
  );

  return (
    <Paper withBorder p="md" radius="md" className="no-print">
      <form
        aria-label="Report period and place"
        onSubmit={(event) => {
          event.preventDefault();
          if (fromError || toError) return;
          onChange({
            from,
            to,
            ...(localityId ? { localityId } : {}),
            ...(siteId ? { siteId } : {}),
          });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={fromError}
          />
          <TextInput
            type="date"
            label="To"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={toError}
          />
          <NativeSelect
            label="Locality"
            value={localityId}
            onChange={(e) => {
              setLocalityId(e.currentTarget.value);
              setSiteId("");
            }}
            data={[
              { value: "", label: "All localities" },
              ...(filters.data?.localities ?? []).map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
          <NativeSelect
            label="Site"
            value={siteId}
            onChange={(e) => setSiteId(e.currentTarget.value)}
            data={[
              { value: "", label: "All sites" },
              ...sites.map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
          <Button type="submit">Show</Button>
        </Group>
      </form>
      {filters.isError && <ErrorAlert error={filters.error} title="The places did not load" />}
    </Paper>
  );
}

function Headline({ total }: { total: Share }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Paper withBorder p="md" radius="md" data-testid="share-attendances">
        <Text size="sm" c="dimmed">
          Attendances from priority target groups
        </Text>
        <Text fz={32} fw={700}>
          {percent(total.priorityAttendances, total.attendances)}
        </Text>
        <Progress
          value={total.attendances ? (100 * total.priorityAttendances) / total.attendances : 0}
          color="grape"
          aria-hidden
        />
        <Text size="sm" mt="xs">
          {n(total.priorityAttendances)} of {n(total.attendances)} attendances
        </Text>
      </Paper>
      <Paper withBorder p="md" radius="md" data-testid="share-attendees">
        <Text size="sm" c="dimmed">
          People who came, from priority target groups
        </Text>
        <Text fz={32} fw={700}>
          {percent(total.priorityAttendees, total.attendees)}
        </Text>
        <Progress
          value={total.attendees ? (100 * total.priorityAttendees) / total.attendees : 0}
          color="grape"
          aria-hidden
        />
        <Text size="sm" mt="xs">
          {n(total.priorityAttendees)} of {n(total.attendees)} people
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** A table of shares, one row per place or month. */
function ShareTable({
  rows,
  first,
  testId,
}: {
  rows: (Share & { key: string; cells: ReactNode[] })[];
  first: string[];
  testId: string;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {first.map((heading) => (
              <Table.Th key={heading} scope="col">
                {heading}
              </Table.Th>
            ))}
            <Table.Th scope="col" ta="right">
              Attendances
            </Table.Th>
            <Table.Th scope="col" ta="right">
              From priority groups
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Share
            </Table.Th>
            <Table.Th scope="col" ta="right">
              People
            </Table.Th>
            <Table.Th scope="col" ta="right">
              From priority groups
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Share
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              {row.cells.map((cell, i) => (
                <Table.Td key={first[i] ?? i}>{cell}</Table.Td>
              ))}
              <Table.Td ta="right">{n(row.attendances)}</Table.Td>
              <Table.Td ta="right">{n(row.priorityAttendances)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {percent(row.priorityAttendances, row.attendances)}
              </Table.Td>
              <Table.Td ta="right">{n(row.attendees)}</Table.Td>
              <Table.Td ta="right">{n(row.priorityAttendees)}</Table.Td>
              <Table.Td ta="right" fw={600}>
                {percent(row.priorityAttendees, row.attendees)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ByGroup({ report }: { report: ShareReport }) {
  if (report.byGroup.length === 0) {
    return <EmptyState title="No one who came in this period is in a target group." />;
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" data-testid="report-by-group">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Target group</Table.Th>
            <Table.Th scope="col" ta="right">
              Attendances
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Of all attendances
            </Table.Th>
            <Table.Th scope="col" ta="right">
              People
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.byGroup.map((group) => (
            <Table.Tr key={group.code}>
              <Table.Td>
                {group.label}{" "}
                {!group.isPriority && (
                  <Badge size="xs" variant="light" color="gray">
                    not priority
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{n(group.attendances)}</Table.Td>
              <Table.Td ta="right">{percent(group.attendances, report.total.attendances)}</Table.Td>
              <Table.Td ta="right">{n(group.attendees)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const bandLabels: Record<string, string> = {
  "0-4": "0–4",
  "5-10": "5–10",
  "11-15": "11–15",
  "16+": "16 and over",
  unknown: "Date of birth not known",
};

function AgeBands({ range }: { range: Range }) {
  const trpc = useTRPC();
  const reach = useQuery(trpc.reports.reachByAgeBand.queryOptions(range));
  if (reach.isPending) return <Loading label="Counting people by age" />;
  if (reach.isError) return <ErrorAlert error={reach.error} onRetry={() => void reach.refetch()} />;
  if (reach.data.total.people === 0) {
    return <EmptyState title="No one came to a session in this period." />;
  }
  const bands = reach.data.bands.filter((b) => b.band !== "unknown" || b.people > 0);
  return (
    <Table striped verticalSpacing="xs" data-testid="report-age-bands">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Age on the day</Table.Th>
          <Table.Th scope="col" ta="right">
            People
          </Table.Th>
          <Table.Th scope="col" ta="right">
            From priority groups
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Attendances
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {bands.map((band) => (
          <Table.Tr key={band.band}>
            <Table.Td>{bandLabels[band.band] ?? band.band}</Table.Td>
            <Table.Td ta="right">{n(band.people)}</Table.Td>
            <Table.Td ta="right">
              {n(band.priorityPeople)} ({percent(band.priorityPeople, band.people)})
            </Table.Td>
            <Table.Td ta="right">{n(band.attendances)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr fw={600}>
          <Table.Td>Everyone (each person once)</Table.Td>
          <Table.Td ta="right">{n(reach.data.total.people)}</Table.Td>
          <Table.Td ta="right">
            {n(reach.data.total.priorityPeople)} (
            {percent(reach.data.total.priorityPeople, reach.data.total.people)})
          </Table.Td>
          <Table.Td ta="right">{n(reach.data.total.attendances)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function Registrations({ range }: { range: Range }) {
  const trpc = useTRPC();
  const registrations = useQuery(trpc.reports.registrations.queryOptions(range));
  if (registrations.isPending) return <Loading label="Counting registrations" />;
  if (registrations.isError) {
    return <ErrorAlert error={registrations.error} onRetry={() => void registrations.refetch()} />;
  }
  if (registrations.data.length === 0) {
    return <EmptyState title="No families registered in this period." />;
  }
  return (
    <Table striped verticalSpacing="xs" data-testid="report-registrations">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Quarter</Table.Th>
          <Table.Th scope="col" ta="right">
            Families
          </Table.Th>
          <Table.Th scope="col" ta="right">
            People
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Of them children
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {registrations.data.map((row) => (
          <Table.Tr key={row.quarter}>
            <Table.Td>{row.quarter.replace("-", " ")}</Table.Td>
            <Table.Td ta="right">{n(row.families)}</Table.Td>
            <Table.Td ta="right">{n(row.people)}</Table.Td>
            <Table.Td ta="right">{n(row.children)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PriorityShare({ range }: { range: Range }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.reports.priorityShare.queryOptions(range));
  if (report.isPending) return <Loading label="Working out the report" />;
  if (report.isError) {
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  }
  const data = report.data;
  if (data.total.attendances === 0) {
    return (
      <EmptyState title="No attendances in this period.">
        Choose a longer period, or another place.
      </EmptyState>
    );
  }
  return (
    <Stack gap="xl">
      <Headline total={data.total} />
      <Text size="sm" c="dimmed">
        An attendance counts as from a priority target group when the person's family was in a group
        your authority counts as priority on the day of the session.
      </Text>
      <Section title="By locality">
        <ShareTable
          testId="report-by-locality"
          first={["Locality"]}
          rows={data.byLocality.map((row) => ({
            ...row,
            key: row.localityId,
            cells: [row.localityName],
          }))}
        />
      </Section>
      <Section title="By site">
        <ShareTable
          testId="report-by-site"
          first={["Site", "Locality"]}
          rows={data.bySite.map((row) => ({
            ...row,
            key: row.siteId,
            cells: [row.siteName, row.localityName],
          }))}
        />
      </Section>
      <Section title="By month">
        <ShareTable
          testId="report-by-month"
          first={["Month"]}
          rows={data.byMonth.map((row) => ({
            ...row,
            key: row.month,
            cells: [monthLabel(row.month)],
          }))}
        />
      </Section>
      <Section title="By target group">
        <Text size="sm" c="dimmed">
          A family can be in more than one group, so the groups add up to more than the total.
        </Text>
        <ByGroup report={data} />
      </Section>
    </Stack>
  );
}

/** A percentage the API worked out (one decimal), or "–" when there was nothing to divide. */
const rate = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)}%`);

/** Seed 000's table at 3.41: the targeted youth offer per delivery unit. */
function TargetedPerformance({ range }: { range: Range }) {
  const trpc = useTRPC();
  const report = useQuery(
    trpc.planner.targetedPerformance.queryOptions({ from: range.from, to: range.to }),
  );
  if (report.isPending) return <Loading label="Working out the targeted programmes" />;
  if (report.isError) {
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  }
  const total = report.data.reduce(
    (sum, r) => ({
      programmesRun: sum.programmesRun + r.programmesRun,
      participants: sum.participants + r.participants,
      contactHours: sum.contactHours + r.contactHours,
      courseParticipants: sum.courseParticipants + r.courseParticipants,
      completed: sum.completed + r.completed,
    }),
    { programmesRun: 0, participants: 0, contactHours: 0, courseParticipants: 0, completed: 0 },
  );
  if (total.programmesRun === 0) {
    return (
      <EmptyState title="No targeted programme ran in this period.">
        Choose a longer period, or plan targeted programmes with a delivery unit.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="report-targeted">
        <Table.Caption>
          A participant completes a course by attending three quarters of its sessions.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Delivery unit</Table.Th>
            <Table.Th scope="col" ta="right">
              Programmes run
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Participants
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Contact hours
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Completion rate
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.data.map((r) => (
            <Table.Tr key={r.deliveryUnit}>
              <Table.Th scope="row" fw={500}>
                {r.name}
              </Table.Th>
              <Table.Td ta="right">{n(r.programmesRun)}</Table.Td>
              <Table.Td ta="right">{n(r.participants)}</Table.Td>
              <Table.Td ta="right">{n(r.contactHours)}</Table.Td>
              <Table.Td ta="right">{rate(r.completionRate)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={600}>
            <Table.Th scope="row">All delivery units</Table.Th>
            <Table.Td ta="right">{n(total.programmesRun)}</Table.Td>
            <Table.Td ta="right">{n(total.participants)}</Table.Td>
            <Table.Td ta="right">{n(Math.round(total.contactHours * 10) / 10)}</Table.Td>
            <Table.Td ta="right">{percent(total.completed, total.courseParticipants)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Per centre and locality: sessions, places, fill, attendances, people, hours, priority share. */
function CentrePerformance({ range }: { range: Range }) {
  const trpc = useTRPC();
  const report = useQuery(
    trpc.planner.centrePerformance.queryOptions({
      from: range.from,
      to: range.to,
      ...(range.localityId ? { localityId: range.localityId } : {}),
    }),
  );
  if (report.isPending) return <Loading label="Working out the centres' figures" />;
  if (report.isError) {
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  }
  const rows = report.data.filter(
    (r) => !range.siteId || r.level !== "site" || r.siteId === range.siteId,
  );
  if (rows.every((r) => r.sessionsRun === 0)) {
    return <EmptyState title="No sessions ran in this period." />;
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid="report-centres">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Centre or locality</Table.Th>
            <Table.Th scope="col" ta="right">
              Sessions run
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Places offered
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Fill rate
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Attendances
            </Table.Th>
            <Table.Th scope="col" ta="right">
              People
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Contact hours
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Priority share
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={`${r.level}-${r.siteId ?? r.localityId ?? "total"}`}
              fw={r.level === "site" ? undefined : 600}
            >
              <Table.Th scope="row" fw={r.level === "site" ? 400 : 600}>
                {r.level === "site"
                  ? r.siteName
                  : r.level === "locality"
                    ? `${r.localityName ?? ""} (locality)`
                    : "All centres"}
              </Table.Th>
              <Table.Td ta="right">{n(r.sessionsRun)}</Table.Td>
              <Table.Td ta="right">{n(r.placesOffered)}</Table.Td>
              <Table.Td ta="right">{rate(r.fillRate)}</Table.Td>
              <Table.Td ta="right">
                {n(r.attendances)}
                {r.anonymousAttendances > 0 && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    + {n(r.anonymousAttendances)} counted
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{n(r.distinctAttendees)}</Table.Td>
              <Table.Td ta="right">{n(r.contactHours)}</Table.Td>
              <Table.Td ta="right">{rate(r.priorityShare)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Reports() {
  const [range, setRange] = useState<Range>(defaultRange);
  return (
    <Page
      title="Reports"
      description={`Whom the service reaches, ${formatDate(range.from)} to ${formatDate(range.to)}. Counts only: no one is named.`}
    >
      <Filters range={range} onChange={setRange} />
      <Tabs defaultValue="reach" keepMounted={false}>
        <Tabs.List className="no-print">
          <Tabs.Tab value="reach">Reach</Tabs.Tab>
          <Tabs.Tab value="centres">Centres and localities</Tabs.Tab>
          <Tabs.Tab value="targeted">Targeted programmes</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="reach" pt="lg">
          <Stack gap="xl">
            <PriorityShare range={range} />
            <Section title="People reached by age">
              <AgeBands range={range} />
            </Section>
            <Section title="New registrations by quarter">
              <Registrations range={range} />
            </Section>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="centres" pt="lg">
          <Section title="Sessions, places and attendance by centre">
            <CentrePerformance range={range} />
          </Section>
        </Tabs.Panel>
        <Tabs.Panel value="targeted" pt="lg">
          <Section title="Targeted programme performance by delivery unit">
            <TargetedPerformance range={range} />
          </Section>
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function ReportsPage() {
  return (
    <RequirePermission permission="report:read">
      <Reports />
    </RequirePermission>
  );
}

export const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reports",
  component: ReportsPage,
});
