// The reach dashboard (issue 4): of the children on the social care caseload at a snapshot, the
// share registered with, engaged by and sustained by the service, per cohort; the trend across
// snapshots; a table by district and age band to sort and export. The figures are the CLI's
// (`report reach`, same procedure underneath); suppression is the server's decision.
import "@mantine/charts/styles.css";
import type { RouterOutputs } from "@familyhub/api";
import { LineChart } from "@mantine/charts";
import {
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import type { ColumnDef } from "@tanstack/react-table";
import { addDays, differenceInCalendarDays, format, subMonths } from "date-fns";
import { type ReactNode, useMemo, useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import {
  bandNames,
  cell,
  cohortNames,
  downloadFile,
  downloadXlsx,
  type Percentage,
  type ReachRow,
  type Service,
  serviceNames,
  services,
  showCount,
  showPct,
  SuppressedNotice,
  SuppressionSwitch,
} from "../components/reach-parts";
import { countSort, SortableTable } from "../components/reach-table";
import { RequirePermission } from "../components/require-permission";
import { calendarDate, formatDate, isIsoDate } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Snapshot = RouterOutputs["reach"]["snapshots"][number];
type Measure = "registered" | "engaged" | "sustained";
const measureNames: Record<Measure, string> = {
  registered: "Registered",
  engaged: "Engaged",
  sustained: "Sustained",
};
const notReachedWords: Record<Measure, string> = {
  registered: "not registered",
  engaged: "not engaged in the period",
  sustained: "not sustained (fewer than 3 attendances)",
};

const agesChoices = ["default", "all", "0-4", "5-10", "11-15", "16+", "12-18"] as const;
type AgesChoice = (typeof agesChoices)[number];

/** The ages sent: absent for the service's default, null for every age, else a range. */
function agesInput(choice: AgesChoice): { ages?: { min: number; max: number | null } | null } {
  if (choice === "default") return {};
  if (choice === "all") return { ages: null };
  if (choice === "16+") return { ages: { min: 16, max: null } };
  const [min = 0, max = 0] = choice.split("-").map(Number);
  return { ages: { min, max } };
}

const defaultAgesWords: Record<Service, string> = {
  children_centre: "0–4",
  youth_hub: "12–18",
  all: "every age",
};

export type ReachOptions = {
  snapshotDate: string;
  from: string;
  to: string;
  service: Service;
  agesChoice: AgesChoice;
  suppress: boolean;
};

const iso = (date: Date) => format(date, "yyyy-MM-dd");

/** The default period: the twelve months up to the snapshot's date, both ends included. */
export function yearTo(snapshotDate: string): { from: string; to: string } {
  return { from: iso(addDays(subMonths(calendarDate(snapshotDate), 12), 1)), to: snapshotDate };
}

function reportInput(o: ReachOptions) {
  return {
    snapshotDate: o.snapshotDate,
    from: o.from,
    to: o.to,
    service: o.service,
    suppress: o.suppress,
    ...agesInput(o.agesChoice),
  };
}

function Filters({
  snapshots,
  options,
  onChange,
}: {
  snapshots: Snapshot[];
  options: ReachOptions;
  onChange: (options: ReachOptions) => void;
}) {
  const [draft, setDraft] = useState(options);
  const fromError = isIsoDate(draft.from) ? undefined : "Enter a date";
  const toError = !isIsoDate(draft.to)
    ? "Enter a date"
    : draft.to < draft.from
      ? "The end must be on or after the start"
      : undefined;
  return (
    <Paper withBorder p="md" radius="md" className="no-print">
      <form
        aria-label="Snapshot, period and service"
        onSubmit={(event) => {
          event.preventDefault();
          if (fromError || toError) return;
          onChange(draft);
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label="Snapshot"
              value={draft.snapshotDate}
              onChange={(e) => {
                const snapshotDate = e.currentTarget.value;
                // A new snapshot brings its own year, unless the period was chosen by hand.
                setDraft({ ...draft, snapshotDate, ...yearTo(snapshotDate) });
              }}
              data={snapshots.map((s) => ({
                value: s.snapshotDate,
                label: `${formatDate(s.snapshotDate)} (${s.children} children)`,
              }))}
            />
            <TextInput
              type="date"
              label="From"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
              error={fromError}
            />
            <TextInput
              type="date"
              label="To"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
              error={toError}
            />
            <NativeSelect
              label="Service"
              value={draft.service}
              onChange={(e) => {
                const service = services.find((s) => s === e.currentTarget.value);
                if (service) setDraft({ ...draft, service });
              }}
              data={services.map((s) => ({ value: s, label: serviceNames[s] }))}
            />
            <NativeSelect
              label="Ages on the snapshot date"
              value={draft.agesChoice}
              onChange={(e) => {
                const agesChoice = agesChoices.find((a) => a === e.currentTarget.value);
                if (agesChoice) setDraft({ ...draft, agesChoice });
              }}
              data={agesChoices.map((a) => ({
                value: a,
                label:
                  a === "default"
                    ? `The service's own (${defaultAgesWords[draft.service]})`
                    : a === "all"
                      ? "Every age"
                      : (bandNames[a] ?? a.replace("-", "–")),
              }))}
            />
            <Button type="submit">Show</Button>
          </Group>
          <SuppressionSwitch
            suppress={draft.suppress}
            onChange={(suppress) => {
              setDraft({ ...draft, suppress });
              onChange({ ...options, suppress });
            }}
          />
        </Stack>
      </form>
    </Paper>
  );
}

/** "▲ 2.5 points" with words for a screen reader; nothing when it cannot be worked out. */
function Change({
  now,
  before,
  previousDate,
}: {
  now: Percentage | undefined;
  before: Percentage | undefined;
  previousDate: string | null;
}) {
  if (!previousDate) {
    return (
      <Text size="xs" c="dimmed">
        No earlier snapshot to compare with
      </Text>
    );
  }
  if (typeof now !== "number" || typeof before !== "number") {
    return (
      <Text size="xs" c="dimmed">
        No change shown (hidden or no children) since {formatDate(previousDate)}
      </Text>
    );
  }
  const points = Math.round((now - before) * 10) / 10;
  const since = `since ${formatDate(previousDate)}`;
  if (points === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="tile-change">
        No change {since}
      </Text>
    );
  }
  const up = points > 0;
  const words = `${up ? "Up" : "Down"} ${Math.abs(points).toFixed(1)} percentage points ${since}`;
  return (
    <Text size="sm" fw={600} c={up ? "teal.9" : "red.9"} data-testid="tile-change">
      <span aria-hidden>
        {up ? "▲" : "▼"} {Math.abs(points).toFixed(1)} points {since}
      </span>
      <span className="visually-hidden">{words}</span>
    </Text>
  );
}

function Tile({
  row,
  previous,
  previousDate,
  measure,
  onDrill,
}: {
  row: ReachRow;
  previous: ReachRow | undefined;
  previousDate: string | null;
  measure: Measure;
  onDrill: ((cohort: ReachRow["cohort"], measure: Measure) => void) | null;
}) {
  const pctKey = `${measure}Pct` as const;
  const others = (["registered", "engaged", "sustained"] as const).filter((m) => m !== measure);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid={`tile-${row.cohort}`}
      aria-labelledby={`tile-${row.cohort}-name`}
      component="section"
    >
      <Stack gap={4}>
        <Text size="sm" fw={600} id={`tile-${row.cohort}-name`}>
          {cohortNames[row.cohort]}
        </Text>
        <Text size="xs" c="dimmed">
          {measureNames[measure]}
        </Text>
        <Text fz={34} fw={700} lh={1.1} data-testid="tile-pct">
          {showPct(row[pctKey])}
        </Text>
        <Text size="sm" data-testid="tile-counts">
          <span data-testid="tile-count">{showCount(row[measure])}</span> of{" "}
          <span data-testid="tile-baseline">{showCount(row.baseline)}</span> children
        </Text>
        {others.map((m) => (
          <Text size="xs" key={m} data-testid={`tile-${m}`}>
            {measureNames[m]}: {showCount(row[m])} ({showPct(row[`${m}Pct`])})
          </Text>
        ))}
        <Change now={row[pctKey]} before={previous?.[pctKey]} previousDate={previousDate} />
        {onDrill && row.baseline !== 0 && (
          <Button
            variant="subtle"
            size="compact-sm"
            px={0}
            w="fit-content"
            onClick={() => onDrill(row.cohort, measure)}
            aria-label={`Who is ${notReachedWords[measure]}: ${cohortNames[row.cohort]}`}
          >
            Who is {notReachedWords[measure].split(" (")[0]}?
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function Tiles({
  options,
  snapshots,
  measure,
  onDrill,
}: {
  options: ReachOptions;
  snapshots: Snapshot[];
  measure: Measure;
  onDrill: ((cohort: ReachRow["cohort"], measure: Measure) => void) | null;
}) {
  const trpc = useTRPC();
  const report = useQuery(trpc.reach.report.queryOptions(reportInput(options)));
  // The previous live snapshot, over the same period moved back by the days between them.
  const live = snapshots.filter((s) => !s.purgedAt && s.snapshotDate < options.snapshotDate);
  const previousDate = live[0]?.snapshotDate ?? null;
  const shift = previousDate
    ? differenceInCalendarDays(calendarDate(options.snapshotDate), calendarDate(previousDate))
    : 0;
  const previous = useQuery({
    ...trpc.reach.report.queryOptions({
      ...reportInput(options),
      snapshotDate: previousDate ?? options.snapshotDate,
      from: iso(addDays(calendarDate(options.from), -shift)),
      to: iso(addDays(calendarDate(options.to), -shift)),
    }),
    enabled: previousDate !== null,
  });
  if (report.isPending) return <Loading label="Working out reach" />;
  if (report.isError) {
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  }
  return (
    <Stack gap="sm">
      <SuppressedNotice suppressed={report.data.suppressed} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} data-testid="reach-tiles">
        {report.data.rows.map((row) => (
          <Tile
            key={row.cohort}
            row={row}
            previous={previous.data?.rows.find((r) => r.cohort === row.cohort)}
            previousDate={previousDate}
            measure={measure}
            onDrill={onDrill}
          />
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Children on the caseload of {formatDate(report.data.snapshot.snapshotDate)},{" "}
        {report.data.ages
          ? `aged ${report.data.ages.min}${report.data.ages.max === null ? " and over" : `–${report.data.ages.max}`}`
          : "of every age"}{" "}
        on that date. Registered: with a family registered at a site of the service by{" "}
        {formatDate(report.data.to)}. Engaged: at least one attendance from{" "}
        {formatDate(report.data.from)} to {formatDate(report.data.to)}; sustained: at least{" "}
        {report.data.sustainedMin}. A child in two cohorts counts in each; known to social care
        counts each child once.
        {previousDate &&
          ` The change compares the snapshot of ${formatDate(previousDate)} over the same period moved back to it.`}
      </Text>
    </Stack>
  );
}

function Trend({ options, measure }: { options: ReachOptions; measure: Measure }) {
  const trpc = useTRPC();
  const trend = useQuery(
    trpc.reach.trend.queryOptions({
      service: options.service,
      suppress: options.suppress,
      ...agesInput(options.agesChoice),
    }),
  );
  if (trend.isPending) return <Loading label="Working out the trend" />;
  if (trend.isError) return <ErrorAlert error={trend.error} onRetry={() => void trend.refetch()} />;
  const pctKey = `${measure}Pct` as const;
  const data = trend.data.map((point) => {
    const entry: Record<string, string | number | null> = {
      snapshot: formatDate(point.snapshotDate),
    };
    for (const row of point.rows) {
      const value = row[pctKey];
      entry[row.cohort] = typeof value === "number" ? value : null;
    }
    return entry;
  });
  if (data.length < 2) {
    return (
      <EmptyState title="One snapshot so far">
        The trend appears once a second month's baseline is imported.
      </EmptyState>
    );
  }
  const colours = ["teal.9", "grape.7", "orange.8", "blue.8", "gray.7"];
  return (
    <Stack gap="xs">
      <div aria-hidden data-testid="reach-trend-chart">
        <LineChart
          h={280}
          data={data}
          dataKey="snapshot"
          unit="%"
          yAxisProps={{ domain: [0, 100] }}
          connectNulls={false}
          curveType="linear"
          // The table below is the accessible version: the picture takes no keyboard focus.
          lineChartProps={{ accessibilityLayer: false }}
          withLegend
          series={(["SCS", "LAC", "CP", "CIN", "EHN"] as const).map((cohort, i) => ({
            name: cohort,
            label: cohortNames[cohort],
            color: colours[i] ?? "gray.7",
          }))}
        />
      </div>
      <details>
        <summary>The trend as a table</summary>
        <Table striped verticalSpacing={4} data-testid="reach-trend-table">
          <Table.Caption>
            {measureNames[measure]}, each snapshot over the month up to its date
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Snapshot</Table.Th>
              {trend.data[0]?.rows.map((r) => (
                <Table.Th scope="col" key={r.cohort} ta="right">
                  {r.cohort}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trend.data.map((point) => (
              <Table.Tr key={point.snapshotDate}>
                <Table.Th scope="row" fw={400}>
                  {formatDate(point.snapshotDate)}
                  {point.purged ? " (kept figures)" : ""}
                </Table.Th>
                {point.rows.map((r) => (
                  <Table.Td key={r.cohort} ta="right">
                    {showPct(r[pctKey])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}

const tableColumns: ColumnDef<ReachRow>[] = [
  { id: "cohort", accessorKey: "cohort", header: "Cohort" },
  { id: "district", accessorKey: "district", header: "District" },
  {
    id: "ageBand",
    accessorKey: "ageBand",
    header: "Age band",
    cell: (c) => bandNames[c.row.original.ageBand] ?? c.row.original.ageBand,
  },
  ...(
    [
      ["baseline", "Baseline", null],
      ["registered", "Registered", null],
      ["registeredPct", "Registered %", "pct"],
      ["engaged", "Engaged", null],
      ["engagedPct", "Engaged %", "pct"],
      ["sustained", "Sustained", null],
      ["sustainedPct", "Sustained %", "pct"],
    ] as const
  ).map(([key, header, kind]): ColumnDef<ReachRow> => ({
    id: key,
    accessorFn: (row) => row[key],
    header,
    sortingFn: countSort<ReachRow>(),
    sortUndefined: "last",
    cell: (c) => {
      const value = c.row.original[key];
      return kind === "pct" || value === null ? showPct(value) : showCount(value);
    },
  })),
];
const numericColumns = tableColumns.slice(3).flatMap((c) => (c.id ? [c.id] : []));

function DistrictTable({ options }: { options: ReachOptions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cohort, setCohort] = useState<"all" | ReachRow["cohort"]>("SCS");
  const [exporting, setExporting] = useState<"csv" | "xlsx" | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const input = reportInput(options);
  const table = useQuery(trpc.reach.table.queryOptions(input));
  const rows = useMemo(
    () => (table.data?.rows ?? []).filter((r) => cohort === "all" || r.cohort === cohort),
    [table.data, cohort],
  );
  if (table.isPending) return <Loading label="Working out the table" />;
  if (table.isError) return <ErrorAlert error={table.error} onRetry={() => void table.refetch()} />;
  const data = table.data;
  const base = `reach-${data.snapshot.snapshotDate}-${data.from}-${data.to}-district-age-band`;

  async function exportCsv() {
    setExporting("csv");
    setExportError(null);
    try {
      const file = await queryClient.fetchQuery(trpc.reach.tableCsv.queryOptions(input));
      downloadFile(file.filename, file.csv, "text/csv;charset=utf-8");
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  }

  async function exportXlsx() {
    setExporting("xlsx");
    setExportError(null);
    try {
      await downloadXlsx(
        `${base}.xlsx`,
        "Reach",
        [
          { header: "cohort", value: (r: ReachRow) => r.cohort },
          { header: "district", value: (r) => r.district, width: 18 },
          { header: "age_band", value: (r) => r.ageBand },
          { header: "baseline", value: (r) => cell(r.baseline) },
          { header: "registered", value: (r) => cell(r.registered) },
          { header: "registered_pct", value: (r) => cell(r.registeredPct), numFmt: "0.0" },
          { header: "engaged", value: (r) => cell(r.engaged) },
          { header: "engaged_pct", value: (r) => cell(r.engagedPct), numFmt: "0.0" },
          { header: "sustained", value: (r) => cell(r.sustained) },
          { header: "sustained_pct", value: (r) => cell(r.sustainedPct), numFmt: "0.0" },
        ],
        data.rows,
        `Snapshot ${data.snapshot.snapshotDate}, ${data.from} to ${data.to}, ${serviceNames[data.service]}. ${
          data.suppressed
            ? "Counts of 1 to 5 and what would reveal them are shown as c."
            : "Small numbers are NOT suppressed: do not share outside the service."
        }`,
      );
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label="Cohort shown in the table"
          value={cohort}
          onChange={(value) => {
            if (value === "all") setCohort("all");
            const found = data.rows.find((r) => r.cohort === value);
            if (found) setCohort(found.cohort);
          }}
          data={[
            ...(["SCS", "LAC", "CP", "CIN", "EHN"] as const).map((c) => ({ value: c, label: c })),
            { value: "all", label: "All cohorts" },
          ]}
        />
        <Group gap="sm">
          <Button variant="default" onClick={() => void exportCsv()} loading={exporting === "csv"}>
            Download CSV
          </Button>
          <Button
            variant="default"
            onClick={() => void exportXlsx()}
            loading={exporting === "xlsx"}
          >
            Download Excel (XLSX)
          </Button>
        </Group>
      </Group>
      <Text size="sm" data-testid="export-suppression">
        {data.suppressed
          ? "Exports hide small numbers (1 to 5 as c), as on screen."
          : "Exports show small numbers, as on screen: for use inside the service only."}
      </Text>
      {exportError !== null && (
        <ErrorAlert error={exportError} title="The file could not be made" />
      )}
      {rows.length === 0 ? (
        <EmptyState title="No children in this cohort for these options." />
      ) : (
        <SortableTable
          data={rows}
          columns={tableColumns}
          caption={`By district and age band, ${rows.length} rows. Select a heading to sort.`}
          testId="reach-table"
          numeric={numericColumns}
        />
      )}
    </Stack>
  );
}

function Unreached({
  options,
  cohort,
  measure,
  onClose,
}: {
  options: ReachOptions;
  cohort: ReachRow["cohort"];
  measure: Measure;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { suppress: _suppress, ...input } = reportInput(options);
  const list = useQuery(trpc.reach.unreached.queryOptions({ ...input, cohort, measure }));
  const mayOpenFamily = useCan("family:read");
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={`${cohortNames[cohort]}: ${notReachedWords[measure]}`}
    >
      {list.isPending && <Loading label="Loading the children" />}
      {list.isError && <ErrorAlert error={list.error} />}
      {list.data && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Named children from the social care caseload. Opening this list is recorded in the audit
            log.
          </Text>
          {list.data.children.length === 0 ? (
            <Text>Every child in this figure is reached.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing={4} data-testid="unreached-table">
                <Table.Caption>{list.data.children.length} children</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Social care id</Table.Th>
                    <Table.Th scope="col">Date of birth</Table.Th>
                    <Table.Th scope="col">District</Table.Th>
                    <Table.Th scope="col">Cohorts</Table.Th>
                    <Table.Th scope="col">FamilyHub</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.children.map((c) => (
                    <Table.Tr key={c.socialCareId}>
                      <Table.Td>
                        {c.firstName} {c.lastName}
                      </Table.Td>
                      <Table.Td>{c.socialCareId}</Table.Td>
                      <Table.Td>
                        {formatDate(c.dateOfBirth)} ({c.ageYears})
                      </Table.Td>
                      <Table.Td>{c.district}</Table.Td>
                      <Table.Td>{c.cohorts.join(", ")}</Table.Td>
                      <Table.Td>
                        {c.familyId && mayOpenFamily ? (
                          <AnchorLink to="/families/$familyId" params={{ familyId: c.familyId }}>
                            Family record
                          </AnchorLink>
                        ) : c.familyId ? (
                          "Linked"
                        ) : (
                          "Not known"
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Modal>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function NoSnapshot() {
  const mayImport = useCan("baseline:import");
  return (
    <EmptyState title="No baseline snapshot yet">
      {mayImport ? (
        <>
          Import a baseline on the <AnchorLink to="/reach/baseline">Baseline page</AnchorLink>: the
          list of children on the social care caseload, exported from the social care system.
        </>
      ) : (
        "Reach is worked out against the social care caseload. Ask your data team to import a baseline."
      )}
    </EmptyState>
  );
}

function Dashboard({ snapshots }: { snapshots: Snapshot[] }) {
  const live = snapshots.filter((s) => !s.purgedAt);
  const latest = live[0];
  const [options, setOptions] = useState<ReachOptions | null>(
    latest
      ? {
          snapshotDate: latest.snapshotDate,
          ...yearTo(latest.snapshotDate),
          service: "all",
          agesChoice: "default",
          suppress: true,
        }
      : null,
  );
  const [measure, setMeasure] = useState<Measure>("registered");
  const [drill, setDrill] = useState<{ cohort: ReachRow["cohort"]; measure: Measure } | null>(null);
  const maySeeChildren = useCan("socialcare:read");
  if (!options) return <NoSnapshot />;
  return (
    <Stack gap="xl">
      <Filters snapshots={live} options={options} onChange={setOptions} />
      <Section title="Reach by cohort">
        <SegmentedControl
          aria-label="The figure shown large"
          w="fit-content"
          value={measure}
          onChange={(value) => {
            const found = (["registered", "engaged", "sustained"] as const).find(
              (m) => m === value,
            );
            if (found) setMeasure(found);
          }}
          data={(["registered", "engaged", "sustained"] as const).map((m) => ({
            value: m,
            label: measureNames[m],
          }))}
        />
        <Tiles
          options={options}
          snapshots={live}
          measure={measure}
          onDrill={maySeeChildren ? (cohort, m) => setDrill({ cohort, measure: m }) : null}
        />
      </Section>
      <Section title={`${measureNames[measure]} across snapshots`}>
        <Trend options={options} measure={measure} />
      </Section>
      <Section title="By district and age band">
        <DistrictTable options={options} />
      </Section>
      {drill && (
        <Unreached
          options={options}
          cohort={drill.cohort}
          measure={drill.measure}
          onClose={() => setDrill(null)}
        />
      )}
    </Stack>
  );
}

function ReachDashboard() {
  const trpc = useTRPC();
  const snapshots = useQuery(trpc.reach.snapshots.queryOptions());
  if (snapshots.isPending) return <Loading label="Loading the baseline snapshots" />;
  if (snapshots.isError) {
    return <ErrorAlert error={snapshots.error} onRetry={() => void snapshots.refetch()} />;
  }
  return <Dashboard snapshots={snapshots.data} />;
}

function ReachPage() {
  return (
    <Page
      title="Reach"
      description="Of the children on the social care caseload, how many the service has registered and worked with. Counts only, unless your role may see the children."
    >
      <RequirePermission permission="report:read">
        <ReachDashboard />
      </RequirePermission>
    </Page>
  );
}

export const reachRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reach",
  component: ReachPage,
});
