// The locality planner: the term of every centre of a locality side by side — centres across,
// weekdays (or weeks) down — with the sessions that duplicate each other marked, the gaps
// between children registered and places offered, and last term's plan to copy forward.
import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink, ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import {
  clashKey,
  CopyTermForward,
  DuplicatesPanel,
  GapsPanel,
  TermsPanel,
} from "../components/planner-panels";
import { RequirePermission } from "../components/require-permission";
import { formatDate, formatLongDate, londonToday } from "../lib/dates";
import { plural, weekdayName } from "../lib/programme-labels";
import { useCan, useStaff } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";
import "../components/planner.css";

type Grid = RouterOutputs["planner"]["grid"];
type GridSession = Grid["sessions"][number];
type Term = RouterOutputs["programmes"]["terms"][number];
type PlannerSearch = { locality?: string; term?: string; view?: "weekdays" | "weeks" };

/** The sessions of one programme at one centre at one weekday and time: a course, or a weekly drop-in. */
type Slot = {
  key: string;
  programmeName: string;
  startTime: string;
  endTime: string;
  sessions: GridSession[];
  clash: string | undefined;
};

function slotsOf(sessions: GridSession[], clashes: Map<string, string>): Slot[] {
  const slots = new Map<string, Slot>();
  for (const s of sessions) {
    const key = `${s.programmeId}|${s.startTime}|${s.endTime}`;
    const slot = slots.get(key) ?? {
      key,
      programmeName: s.programmeName,
      startTime: s.startTime,
      endTime: s.endTime,
      sessions: [],
      clash: clashes.get(clashKey(s.siteId, s.weekday, s.startTime, s.programmeName)),
    };
    slot.sessions.push(s);
    slots.set(key, slot);
  }
  return [...slots.values()].sort((a, b) => a.startTime.localeCompare(b.startTime));
}

/** The session of a slot to open: the next one to come, or the last one held. */
function nextOf(slot: Slot, today: string): GridSession | undefined {
  const live = slot.sessions.filter((s) => !s.cancelled);
  return live.find((s) => s.date >= today) ?? live[live.length - 1] ?? slot.sessions[0];
}

function SlotCard({ slot, today, centreName }: { slot: Slot; today: string; centreName: string }) {
  const open = nextOf(slot, today);
  const live = slot.sessions.filter((s) => !s.cancelled);
  const booked = live.reduce((sum, s) => sum + s.booked, 0);
  const places = live.reduce((sum, s) => sum + (s.capacity ?? 0), 0);
  const cancelled = slot.sessions.length - live.length;
  return (
    <div
      className={slot.clash ? "planner-slot planner-slot--clash" : "planner-slot"}
      data-testid="planner-slot"
    >
      <Text size="xs" c="dimmed">
        {slot.startTime}–{slot.endTime}
      </Text>
      {open ? (
        <AnchorLink
          to="/sessions/$sessionId"
          params={{ sessionId: open.id }}
          size="sm"
          fw={600}
          aria-label={`${slot.programmeName}, ${slot.startTime} at ${centreName}: open the register of ${formatLongDate(open.date)}`}
        >
          {slot.programmeName}
        </AnchorLink>
      ) : (
        <Text size="sm" fw={600}>
          {slot.programmeName}
        </Text>
      )}
      <Text size="xs">
        {plural(live.length, "session")}
        {places > 0 ? ` · ${booked} of ${places} places booked` : ""}
        {cancelled > 0 ? ` · ${cancelled} cancelled` : ""}
      </Text>
      {slot.clash && (
        <Badge color="orange.3" variant="filled" size="sm" mt={4} data-testid="clash-badge">
          <span aria-hidden>Duplicate</span>
          <span className="visually-hidden">Duplicate warning: {slot.clash}</span>
        </Badge>
      )}
    </div>
  );
}

function WeekdayGrid({ grid, clashes }: { grid: Grid; clashes: Map<string, string> }) {
  const today = londonToday();
  const used = new Set(grid.sessions.map((s) => s.weekday));
  // Weekends only when something happens on them.
  const weekdays = [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || used.has(d));
  return (
    <Table.ScrollContainer minWidth={180 * (grid.centres.length + 1)}>
      <Table withTableBorder withColumnBorders className="planner-grid" data-testid="planner-grid">
        <Table.Caption>
          Every session of {grid.locality.name}, by weekday and centre. A duplicate is the same kind
          of session for the same ages at the same time at two centres.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Day</Table.Th>
            {grid.centres.map((c) => (
              <Table.Th scope="col" key={c.id}>
                {c.name}
                {c.isLead && (
                  <Badge size="xs" ml={4} variant="light">
                    Lead
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {weekdays.map((day) => (
            <Table.Tr key={day}>
              <Table.Th scope="row">{weekdayName(day)}</Table.Th>
              {grid.centres.map((c) => {
                const slots = slotsOf(
                  grid.sessions.filter((s) => s.siteId === c.id && s.weekday === day),
                  clashes,
                );
                return (
                  <Table.Td key={c.id} valign="top">
                    <Stack gap={6}>
                      {slots.map((slot) => (
                        <SlotCard key={slot.key} slot={slot} today={today} centreName={c.name} />
                      ))}
                    </Stack>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WeekGrid({ grid, clashes }: { grid: Grid; clashes: Map<string, string> }) {
  const weeks = [...new Set(grid.sessions.map((s) => s.weekStart))].sort();
  const closedOn = (date: string, siteId: string) =>
    grid.closures.find((c) => c.date === date && (c.siteId === null || c.siteId === siteId));
  return (
    <Table.ScrollContainer minWidth={200 * (grid.centres.length + 1)}>
      <Table withTableBorder withColumnBorders className="planner-grid" data-testid="planner-grid">
        <Table.Caption>Every session of {grid.locality.name}, week by week.</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Week of</Table.Th>
            {grid.centres.map((c) => (
              <Table.Th scope="col" key={c.id}>
                {c.name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {weeks.map((week) => (
            <Table.Tr key={week}>
              <Table.Th scope="row">{formatDate(week)}</Table.Th>
              {grid.centres.map((c) => {
                const here = grid.sessions.filter((s) => s.siteId === c.id && s.weekStart === week);
                const closures = grid.closures.filter(
                  (cl) =>
                    cl.date >= week &&
                    cl.date < addDaysIso(week, 7) &&
                    closedOn(cl.date, c.id) !== undefined,
                );
                return (
                  <Table.Td key={c.id} valign="top">
                    <Stack gap={4}>
                      {closures.map((cl) => (
                        <Text key={cl.date} size="xs" c="dimmed" fs="italic">
                          Closed {formatDate(cl.date)}: {cl.name}
                        </Text>
                      ))}
                      {here.map((s) => {
                        const clash = clashes.get(
                          clashKey(s.siteId, s.weekday, s.startTime, s.programmeName),
                        );
                        return (
                          <div
                            key={s.id}
                            className={clash ? "planner-slot planner-slot--clash" : "planner-slot"}
                          >
                            <Text size="xs" c="dimmed">
                              {weekdayName(s.weekday).slice(0, 3)} {s.startTime}
                            </Text>
                            <AnchorLink
                              to="/sessions/$sessionId"
                              params={{ sessionId: s.id }}
                              size="sm"
                              td={s.cancelled ? "line-through" : undefined}
                            >
                              {s.programmeName}
                            </AnchorLink>
                            {s.cancelled && <span className="visually-hidden"> (cancelled)</span>}
                            {clash && (
                              <span className="visually-hidden">Duplicate warning: {clash}</span>
                            )}
                          </div>
                        );
                      })}
                    </Stack>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function LocalityPlanner({
  localityId,
  term,
  view,
}: {
  localityId: string;
  term: Term;
  view: "weekdays" | "weeks";
}) {
  const trpc = useTRPC();
  const canSeeGaps = useCan("report:read");
  const range = { localityId, from: term.startsOn, to: term.endsOn };
  const grid = useQuery(trpc.planner.grid.queryOptions(range));
  const duplicates = useQuery(trpc.planner.duplicates.queryOptions(range));
  const clashes = new Map<string, string>();
  for (const d of duplicates.data ?? []) {
    const day = `${weekdayName(d.weekday)}s`;
    clashes.set(
      clashKey(d.siteA.id, d.weekday, d.siteA.time, d.siteA.programme),
      `${d.siteB.programme} at ${d.siteB.name} on ${day} at ${d.siteB.time} too`,
    );
    clashes.set(
      clashKey(d.siteB.id, d.weekday, d.siteB.time, d.siteB.programme),
      `${d.siteA.programme} at ${d.siteA.name} on ${day} at ${d.siteA.time} too`,
    );
  }
  if (grid.isPending) return <Loading label="Loading the term's sessions" />;
  if (grid.isError) return <ErrorAlert error={grid.error} onRetry={() => void grid.refetch()} />;
  return (
    <Stack gap="xl">
      {grid.data.sessions.length === 0 ? (
        <EmptyState title={`Nothing is planned in ${term.name} yet`}>
          Plan the first session with "Plan sessions" above, or copy last term's plan forward below.
        </EmptyState>
      ) : view === "weekdays" ? (
        <WeekdayGrid grid={grid.data} clashes={clashes} />
      ) : (
        <WeekGrid grid={grid.data} clashes={clashes} />
      )}
      {grid.data.closures.length > 0 && (
        <Text size="sm" c="dimmed">
          Closed:{" "}
          {grid.data.closures.map((c) => `${formatLongDate(c.date)} (${c.name})`).join("; ")}.
        </Text>
      )}
      <DuplicatesPanel
        duplicates={duplicates.data}
        error={duplicates.error}
        onRetry={() => void duplicates.refetch()}
      />
      {canSeeGaps && <GapsPanel range={range} />}
    </Stack>
  );
}

function termFor(terms: Term[], id: string | undefined): Term | undefined {
  const today = londonToday();
  return (
    terms.find((t) => t.id === id) ??
    terms.find((t) => t.startsOn <= today && today <= t.endsOn) ??
    terms.filter((t) => t.startsOn > today)[0] ??
    terms[terms.length - 1]
  );
}

function Planner() {
  const trpc = useTRPC();
  const staff = useStaff();
  const search = plannerRoute.useSearch();
  const navigate = useNavigate({ from: "/planner" });
  const canPlan = useCan("programme:write");
  const canReadReports = useCan("report:read");
  const filters = useQuery({ ...trpc.reports.filters.queryOptions(), enabled: canReadReports });
  const terms = useQuery(trpc.programmes.terms.queryOptions());
  const localities = filters.data?.localities ?? [];
  const localityId = search.locality ?? staff.localityId ?? localities[0]?.id;
  const localTerms = (terms.data ?? []).filter(
    (t) => t.localityId === null || t.localityId === localityId,
  );
  const term = termFor(localTerms, search.term);
  const view = search.view ?? "weekdays";

  return (
    <Page
      title="Planner"
      documentTitle={term ? `Planner: ${term.name}` : "Planner"}
      description="The term of every centre in the locality, planned together."
      actions={
        <>
          {canPlan && <ButtonLink to="/planner/new">Plan sessions</ButtonLink>}
          <ButtonLink to="/programmes" variant="default">
            Programmes
          </ButtonLink>
        </>
      }
    >
      <Group align="flex-end" className="no-print">
        {localities.length > 1 && (
          <NativeSelect
            label="Locality"
            value={localityId ?? ""}
            onChange={(e) =>
              void navigate({ search: (prev) => ({ ...prev, locality: e.currentTarget.value }) })
            }
            data={localities.map((l) => ({ value: l.id, label: l.name }))}
          />
        )}
        <NativeSelect
          label="Term"
          value={term?.id ?? ""}
          onChange={(e) =>
            void navigate({ search: (prev) => ({ ...prev, term: e.currentTarget.value }) })
          }
          data={
            localTerms.length
              ? localTerms.map((t) => ({
                  value: t.id,
                  label: `${t.name} (${formatDate(t.startsOn)} to ${formatDate(t.endsOn)})`,
                }))
              : [{ value: "", label: terms.isPending ? "Loading terms…" : "No terms yet" }]
          }
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="planner-view-label">
            Show
          </Text>
          <SegmentedControl
            aria-labelledby="planner-view-label"
            value={view}
            onChange={(value) =>
              void navigate({
                search: (prev) => ({ ...prev, view: value === "weeks" ? "weeks" : undefined }),
              })
            }
            data={[
              { value: "weekdays", label: "Weekdays" },
              { value: "weeks", label: "Weeks" },
            ]}
          />
        </Stack>
      </Group>
      {terms.isError && <ErrorAlert error={terms.error} onRetry={() => void terms.refetch()} />}
      {!localityId ? (
        <EmptyState title="You are not in a locality">
          The planner shows the sessions of a locality's centres. Ask an administrator to put your
          account in your locality.
        </EmptyState>
      ) : !term ? (
        terms.isPending ? (
          <Loading label="Loading the terms" />
        ) : (
          <EmptyState title="No term has been entered">
            Add the term's dates under "Terms and closure days" below, then plan its sessions.
          </EmptyState>
        )
      ) : (
        <>
          <Title order={2} size="h3" className="print-only">
            {term.name}: {formatDate(term.startsOn)} to {formatDate(term.endsOn)}
          </Title>
          <LocalityPlanner localityId={localityId} term={term} view={view} />
        </>
      )}
      {canPlan && localityId && (
        <Paper withBorder p="lg" radius="md" className="no-print">
          <CopyTermForward localityId={localityId} terms={localTerms} />
        </Paper>
      )}
      {canPlan && (
        <Paper withBorder p="lg" radius="md" className="no-print">
          <TermsPanel terms={localTerms} localityId={staff.localityId} />
        </Paper>
      )}
    </Page>
  );
}

function PlannerPage() {
  return (
    <RequirePermission permission="session:read">
      <Planner />
    </RequirePermission>
  );
}

export const plannerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/planner",
  validateSearch: (search: Record<string, unknown>): PlannerSearch => ({
    locality: typeof search.locality === "string" && search.locality ? search.locality : undefined,
    term: typeof search.term === "string" && search.term ? search.term : undefined,
    view: search.view === "weeks" ? "weeks" : undefined,
  }),
  component: PlannerPage,
});
