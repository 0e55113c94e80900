// The monthly scorecard (Kent's shape, seed 004): for a month, by district and age band, the
// reach of the caseload known to social care, new registrations, attendances, distinct attendees
// and contact hours. Exports come from the server (CSV) or are built here (XLSX), suppressed as
// the server decided.
import type { RouterOutputs } from "@familyhub/api";
import { Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import type { ColumnDef } from "@tanstack/react-table";
import { format, subMonths } from "date-fns";
import { useState } from "react";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import {
  bandNames,
  cell,
  downloadFile,
  downloadXlsx,
  showCount,
  showPct,
  SuppressedNotice,
  SuppressionSwitch,
} from "../components/reach-parts";
import { countSort, SortableTable } from "../components/reach-table";
import { RequirePermission } from "../components/require-permission";
import { calendarDate, formatDate, londonToday } from "../lib/dates";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Row = RouterOutputs["reach"]["scorecard"]["rows"][number];

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

const numeric = [
  ["scsBaseline", "SCS baseline", "count"],
  ["scsRegistered", "Registered", "count"],
  ["scsRegisteredPct", "Registered %", "pct"],
  ["scsEngaged", "Engaged", "count"],
  ["scsEngagedPct", "Engaged %", "pct"],
  ["registrations", "New registrations", "count"],
  ["attendances", "Attendances", "count"],
  ["attendees", "Distinct attendees", "count"],
  ["contactHours", "Contact hours", "hours"],
] as const;

const columns: ColumnDef<Row>[] = [
  { id: "district", accessorKey: "district", header: "District" },
  {
    id: "ageBand",
    accessorKey: "ageBand",
    header: "Age band",
    cell: (c) => bandNames[c.row.original.ageBand] ?? c.row.original.ageBand,
  },
  ...numeric.map(([key, header, kind]): ColumnDef<Row> => ({
    id: key,
    accessorFn: (row) => row[key],
    header,
    sortingFn: countSort<Row>(),
    cell: (c) => {
      const value = c.row.original[key];
      if (kind === "pct" || value === null) return showPct(value);
      if (kind === "hours" && typeof value === "number") return value.toFixed(1);
      return showCount(value);
    },
  })),
];

function Scorecard({ month, suppress }: { month: string; suppress: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const card = useQuery(trpc.reach.scorecard.queryOptions({ month, suppress }));
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<"csv" | "xlsx" | null>(null);
  if (card.isPending) return <Loading label="Working out the scorecard" />;
  if (card.isError) return <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />;
  const data = card.data;

  async function run(kind: "csv" | "xlsx", make: () => Promise<void>) {
    setExporting(kind);
    setExportError(null);
    try {
      await make();
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  }

  return (
    <Stack gap="sm">
      <SuppressedNotice suppressed={data.suppressed} />
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">
          {formatDate(data.from)} to {formatDate(data.to)}.{" "}
          {data.snapshotDate
            ? `Reach of the children known to social care in the snapshot of ${formatDate(data.snapshotDate)}.`
            : "No baseline snapshot on or before the month's end: the reach columns are empty."}{" "}
          Ages on the day of each attendance or registration.
        </Text>
        <Group gap="sm">
          <Button
            variant="default"
            loading={exporting === "csv"}
            onClick={() =>
              void run("csv", async () => {
                const file = await queryClient.fetchQuery(
                  trpc.reach.scorecardCsv.queryOptions({ month, suppress }),
                );
                downloadFile(file.filename, file.csv, "text/csv;charset=utf-8");
              })
            }
          >
            Download CSV
          </Button>
          <Button
            variant="default"
            loading={exporting === "xlsx"}
            onClick={() =>
              void run("xlsx", () =>
                downloadXlsx(
                  `scorecard-${month}.xlsx`,
                  `Scorecard ${month}`,
                  [
                    { header: "district", value: (r: Row) => r.district, width: 18 },
                    { header: "age_band", value: (r) => r.ageBand },
                    ...numeric.map(([key, header, kind]) => ({
                      header,
                      value: (r: Row) => cell(r[key]),
                      ...(kind === "pct" || kind === "hours" ? { numFmt: "0.0" } : {}),
                    })),
                  ],
                  data.rows,
                  data.suppressed
                    ? "Counts of 1 to 5 and what would reveal them are shown as c."
                    : "Small numbers are NOT suppressed: do not share outside the service.",
                ),
              )
            }
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
      <SortableTable
        data={data.rows}
        columns={columns}
        caption={`Scorecard for ${format(calendarDate(data.from), "MMMM yyyy")}. "All" rows are totals. Select a heading to sort.`}
        testId="scorecard-table"
        numeric={numeric.map(([key]) => key)}
      />
    </Stack>
  );
}

function ScorecardPageBody() {
  const lastMonth = format(subMonths(calendarDate(londonToday()), 1), "yyyy-MM");
  const [draft, setDraft] = useState(lastMonth);
  const [month, setMonth] = useState(lastMonth);
  const [suppress, setSuppress] = useState(true);
  const error = monthPattern.test(draft) ? undefined : "Choose a month";
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md" className="no-print">
        <form
          aria-label="Scorecard month"
          onSubmit={(event) => {
            event.preventDefault();
            if (!error) setMonth(draft);
          }}
        >
          <Stack gap="sm">
            <Group align="flex-end">
              <TextInput
                type="month"
                label="Month"
                description="YYYY-MM"
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                error={error}
              />
              <Button type="submit">Show</Button>
            </Group>
            <SuppressionSwitch suppress={suppress} onChange={setSuppress} />
          </Stack>
        </form>
      </Paper>
      <Scorecard month={month} suppress={suppress} />
    </Stack>
  );
}

function ScorecardPage() {
  return (
    <Page
      title="Monthly scorecard"
      description="Reach, registrations, attendances, attendees and contact hours by district and age band."
    >
      <RequirePermission permission="report:read">
        <ScorecardPageBody />
      </RequirePermission>
    </Page>
  );
}

export const scorecardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reach/scorecard",
  component: ScorecardPage,
});
