// The data team's baseline upload (issue 4): the social care caseload as the `baseline` CSV of
// PRODUCT.md, for a snapshot date, through the same upload as the Imports page (with progress).
// A rejected file lists every bad line; an accepted one shows how its children were matched,
// with the way to the review queue. Below, every snapshot kept, with its counts.
import {
  Alert,
  Button,
  Code,
  FileInput,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { ConfirmButton } from "../components/confirm-button";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink, ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate, formatDateTime, isIsoDate, londonToday } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";
import { type ImportResponse, Result, UploadProgress, uploadFile } from "./imports";

const MAX_BYTES = 60 * 1024 * 1024;
const numberFormat = new Intl.NumberFormat("en-GB");

type Upload =
  | { state: "idle" }
  | { state: "uploading"; sent: number; total: number }
  | { state: "importing" }
  | { state: "done"; fileName: string; snapshotDate: string; result: ImportResponse }
  | { state: "failed"; message: string };

function Snapshots({ highlight }: { highlight: string | null }) {
  const trpc = useTRPC();
  const snapshots = useQuery(trpc.reach.snapshots.queryOptions());
  const mayReview = [useCan("match:review"), useCan("socialcare:read")].every(Boolean);
  if (snapshots.isPending) return <Loading label="Loading the snapshots" />;
  if (snapshots.isError) {
    return <ErrorAlert error={snapshots.error} onRetry={() => void snapshots.refetch()} />;
  }
  if (snapshots.data.length === 0) {
    return (
      <EmptyState title="No snapshot yet">
        Import the first month's caseload above; each month's file is kept as its own snapshot, so
        reach can be compared month to month.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="xs" data-testid="snapshots-table">
        <Table.Caption>
          Newest first. A purged snapshot keeps its figures for the trend; its children's names are
          deleted.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Snapshot</Table.Th>
            <Table.Th scope="col" ta="right">
              Rows
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Children
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Linked to a person
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Waiting for review
            </Table.Th>
            <Table.Th scope="col">Imported</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {snapshots.data.map((s) => (
            <Table.Tr
              key={s.id}
              fw={s.snapshotDate === highlight ? 700 : undefined}
              data-testid={`snapshot-${s.snapshotDate}`}
            >
              <Table.Th scope="row" fw="inherit">
                {formatDate(s.snapshotDate)}
                {s.purgedAt && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    (purged {formatDate(s.purgedAt)})
                  </Text>
                )}
              </Table.Th>
              <Table.Td ta="right">{numberFormat.format(s.rows)}</Table.Td>
              <Table.Td ta="right" data-testid="snapshot-children">
                {numberFormat.format(s.children)}
              </Table.Td>
              <Table.Td ta="right" data-testid="snapshot-linked">
                {numberFormat.format(s.linked)}
              </Table.Td>
              <Table.Td ta="right" data-testid="snapshot-pending">
                {s.pendingReviews > 0 && mayReview ? (
                  <AnchorLink to="/reach/review">
                    {numberFormat.format(s.pendingReviews)}
                  </AnchorLink>
                ) : (
                  numberFormat.format(s.pendingReviews)
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(s.importedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the snapshot now holds, from the server's list (the numbers the dashboard uses). */
function Matched({ snapshotDate }: { snapshotDate: string }) {
  const trpc = useTRPC();
  const snapshots = useQuery(trpc.reach.snapshots.queryOptions());
  const mayReview = [useCan("match:review"), useCan("socialcare:read")].every(Boolean);
  const s = snapshots.data?.find((x) => x.snapshotDate === snapshotDate);
  if (!s) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="baseline-matched">
      <Group gap="xl" wrap="wrap">
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Children
          </Text>
          <Text fz={28} fw={700} data-testid="matched-children">
            {numberFormat.format(s.children)}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Linked to a person
          </Text>
          <Text fz={28} fw={700} data-testid="matched-linked">
            {numberFormat.format(s.linked)}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Waiting for review
          </Text>
          <Text fz={28} fw={700} data-testid="matched-pending">
            {numberFormat.format(s.pendingReviews)}
          </Text>
        </Stack>
        {s.pendingReviews > 0 && mayReview && (
          <ButtonLink to="/reach/review">Review the possible matches</ButtonLink>
        )}
        <AnchorLink to="/reach">See reach</AnchorLink>
      </Group>
    </Paper>
  );
}

function BaselineForm({ onImported }: { onImported: (snapshotDate: string) => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [snapshotDate, setSnapshotDate] = useState("");
  const [tried, setTried] = useState(false);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const abortRef = useRef<(() => void) | null>(null);
  const busy = upload.state === "uploading" || upload.state === "importing";
  const tooBig = file !== null && file.size > MAX_BYTES;
  const dateError = !isIsoDate(snapshotDate)
    ? "Enter the date the caseload was exported"
    : snapshotDate > londonToday()
      ? "The snapshot date cannot be in the future"
      : undefined;

  async function start() {
    setTried(true);
    if (!file || tooBig || dateError) return;
    setUpload({ state: "uploading", sent: 0, total: file.size });
    const request = uploadFile(
      "baseline",
      file,
      (sent, total) => setUpload({ state: "uploading", sent, total }),
      () => setUpload({ state: "importing" }),
      `?snapshotDate=${encodeURIComponent(snapshotDate)}`,
    );
    abortRef.current = request.abort;
    const outcome = await request.done;
    abortRef.current = null;
    if ("message" in outcome) {
      setUpload({ state: "failed", message: outcome.message });
      return;
    }
    setUpload({ state: "done", fileName: file.name, snapshotDate, result: outcome });
    if (outcome.ok) {
      // Every reach figure and the review count may have changed.
      await queryClient.invalidateQueries();
      onImported(snapshotDate);
    }
  }

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-labelledby="baseline-file"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <Stack>
            <Title order={2} size="h3" id="baseline-file">
              Import a baseline
            </Title>
            <Text size="sm">
              The children on the social care caseload on one date, exported from the social care
              system: one row per child per cohort. Importing the same date again replaces that
              snapshot as a whole. Only what matching needs is kept; the file itself is not stored.
            </Text>
            <Text size="sm">
              Columns, in any order:{" "}
              <Code>
                social_care_id, first_name, last_name, date_of_birth, postcode, cohort (LAC, CP, CIN
                or EHN), district; optional start_date
              </Code>
            </Text>
            <Text size="sm" c="dimmed">
              Dates as YYYY-MM-DD or DD/MM/YYYY, the same way throughout the file. Save from Excel
              as "CSV UTF-8 (Comma delimited)". A file with any bad line is not imported at all, and
              every bad line is listed.
            </Text>
            <Group align="flex-start" wrap="wrap">
              <TextInput
                type="date"
                label="Snapshot date"
                description="The day the caseload was exported"
                value={snapshotDate}
                onChange={(e) => setSnapshotDate(e.currentTarget.value)}
                error={tried ? dateError : undefined}
                disabled={busy}
                required
              />
              <FileInput
                label="Baseline CSV file"
                description="Up to 60 MB"
                placeholder="Choose a .csv file"
                accept=".csv,text/csv"
                value={file}
                onChange={(chosen) => {
                  setFile(chosen);
                  setUpload({ state: "idle" });
                }}
                clearable
                disabled={busy}
                w={360}
                required
                error={
                  tooBig
                    ? "The file is larger than 60 MB: split it into smaller files"
                    : tried && !file
                      ? "Choose the file to import"
                      : null
                }
              />
            </Group>
            <Group gap="sm">
              <Button type="submit" loading={busy}>
                Import baseline
              </Button>
              {upload.state === "uploading" && (
                <Button variant="default" onClick={() => abortRef.current?.()}>
                  Cancel
                </Button>
              )}
            </Group>
            <UploadProgress
              upload={upload}
              importing="Uploaded. Checking every line and matching the children."
            />
          </Stack>
        </form>
      </Paper>
      {upload.state === "failed" && (
        <Alert color="red" title="The file was not imported" role="alert">
          {upload.message}
        </Alert>
      )}
      {upload.state === "done" && (
        <Stack gap="md">
          <Result fileName={upload.fileName} result={upload.result} />
          {upload.result.ok && <Matched snapshotDate={upload.snapshotDate} />}
        </Stack>
      )}
    </Stack>
  );
}

/** Deletes old snapshots' children (names, dates of birth, links); their figures stay. */
function Purge() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [months, setMonths] = useState<number | string>(13);
  const valid = typeof months === "number" && Number.isInteger(months) && months >= 1;
  const purge = useMutation(
    trpc.reach.purge.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reach.pathKey() }),
    }),
  );
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Purge old snapshots
        </Title>
        <Text size="sm">
          Deletes the children (names, dates of birth, postcodes, links and review items) of every
          snapshot older than the retention. Each snapshot's figures are kept, so the trend still
          shows it. This cannot be undone.
        </Text>
        <Group align="flex-end">
          <NumberInput
            label="Keep snapshots of the last (months)"
            value={months}
            onChange={setMonths}
            min={1}
            max={120}
            allowDecimal={false}
            w={260}
            error={valid ? undefined : "Enter a whole number of months, 1 or more"}
          />
          <ConfirmButton
            title="Purge old snapshots?"
            message={`The children of every snapshot older than ${String(months)} months will be deleted. Their figures stay for the trend.`}
            confirmLabel="Purge"
            onConfirm={() => {
              if (typeof months === "number" && valid) purge.mutate({ retentionMonths: months });
            }}
            loading={purge.isPending}
          >
            Purge
          </ConfirmButton>
        </Group>
        {purge.isError && <ErrorAlert error={purge.error} />}
        {purge.data && (
          <Alert color="green" role="status">
            {purge.data.purged.length === 0
              ? `No snapshot was older than ${formatDate(purge.data.cutoff)}: nothing was purged.`
              : `Purged the snapshots of ${purge.data.purged.map((d) => formatDate(d)).join(", ")}.`}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function BaselinePage() {
  const [imported, setImported] = useState<string | null>(null);
  return (
    <Page
      title="Baseline"
      description="The social care caseload that reach is measured against, one snapshot a month."
    >
      <RequirePermission permission="baseline:import">
        <BaselineForm onImported={setImported} />
        <Stack gap="xs" component="section">
          <Title order={2} size="h3">
            Snapshots
          </Title>
          <Snapshots highlight={imported} />
          <Purge />
        </Stack>
      </RequirePermission>
    </Page>
  );
}

export const baselineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reach/baseline",
  component: BaselinePage,
});
