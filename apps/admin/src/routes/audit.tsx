// The audit log for administrators: who did what to which record, when and from where. Searched
// and paged on the server (in SQL), exported as CSV; both are audited themselves.
import type { RouterOutputs } from "@familyhub/api";
import { type AuditFilterInput, auditFilterForm } from "@familyhub/validators";
import {
  Button,
  Code,
  Group,
  Pagination,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDateTime, londonToday } from "../lib/dates";
import { inputProps } from "../lib/form";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Row = RouterOutputs["audit"]["search"]["rows"][number];
const PAGE_SIZE = 50;
const emptyFilter = { actor: "", action: "", entityId: "", from: "", to: "" };

function Who({ row }: { row: Row }) {
  if (row.actorType === "staff") {
    return (
      <Stack gap={0}>
        <Text size="sm">{row.actorName ?? "Account removed"}</Text>
        {row.actorEmail && (
          <Text size="xs" c="dimmed">
            {row.actorEmail}
          </Text>
        )}
      </Stack>
    );
  }
  const label = { kiosk: "Kiosk", cli: "Command line", system: "FamilyHub" }[row.actorType];
  return (
    <Stack gap={0}>
      <Text size="sm">{label}</Text>
      {row.actorId && (
        <Text size="xs" c="dimmed">
          {row.actorId}
        </Text>
      )}
    </Stack>
  );
}

function Results({ filter }: { filter: AuditFilterInput }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const search = useQuery({
    ...trpc.audit.search.queryOptions({ filter, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  if (search.isPending) return <Loading label="Searching the audit log" />;
  if (search.isError) {
    return <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />;
  }
  const { rows, total } = search.data;
  if (total === 0) {
    return (
      <EmptyState title="No events match">
        Widen the dates, or search for the start of an action (e.g. "family." for every action on
        families).
      </EmptyState>
    );
  }
  const pages = Math.ceil(total / PAGE_SIZE);
  return (
    <Stack>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="xs" data-testid="audit-table">
          <Table.Caption>
            {total === 1 ? "1 event" : `${total.toLocaleString("en-GB")} events`}, newest first
            {pages > 1 ? ` (page ${page} of ${pages})` : ""}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
              <Table.Th scope="col">Record</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>
                  <Who row={row} />
                </Table.Td>
                <Table.Td>
                  <Code style={{ whiteSpace: "nowrap" }}>{row.action}</Code>
                </Table.Td>
                <Table.Td>
                  {row.entityId ? (
                    <Stack gap={0}>
                      <Text size="xs" c="dimmed">
                        {row.entityType}
                      </Text>
                      <Code>{row.entityId}</Code>
                    </Stack>
                  ) : (
                    "—"
                  )}
                </Table.Td>
                <Table.Td>{row.ip ?? "—"}</Table.Td>
                <Table.Td maw={320}>
                  {row.detail ? (
                    <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                      {JSON.stringify(row.detail)}
                    </Code>
                  ) : (
                    "—"
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({
            "aria-label": control === "next" ? "Next page" : "Previous page",
          })}
          getItemProps={(n) => ({ "aria-label": `Page ${n}` })}
        />
      )}
    </Stack>
  );
}

function downloadCsv(csv: string) {
  const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `familyhub-audit-${londonToday()}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

function AuditLog() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<AuditFilterInput>(emptyFilter);
  const exportCsv = useMutation(trpc.audit.exportCsv.mutationOptions());
  const form = useForm({
    defaultValues: emptyFilter,
    validationLogic: revalidateLogic(),
    validators: { onDynamic: auditFilterForm },
    onSubmit: ({ value }) => setFilter(value),
  });
  const fields = [
    { name: "actor", label: "Who", placeholder: "Name, email or id", w: 220 },
    { name: "action", label: "Action", placeholder: "e.g. family.read", w: 200 },
    { name: "entityId", label: "Record id", placeholder: "A family's id…", w: 300 },
    { name: "from", label: "From", placeholder: "", w: 160, type: "date" },
    { name: "to", label: "To", placeholder: "", w: 160, type: "date" },
  ] as const;
  return (
    <Page
      title="Audit log"
      description="Every read of a family's record, every change, export, match decision and sign-in. Nobody can change or remove an event."
    >
      <Paper withBorder p="lg" radius="md">
        <form
          noValidate
          aria-label="Search the audit log"
          onSubmit={(event) => {
            event.preventDefault();
            void form.handleSubmit();
          }}
        >
          <Group align="flex-start" gap="md">
            {fields.map((f) => (
              <form.Field key={f.name} name={f.name}>
                {(field) => (
                  <TextInput
                    label={f.label}
                    placeholder={f.placeholder}
                    type={"type" in f ? f.type : "text"}
                    w={f.w}
                    maw="100%"
                    autoComplete="off"
                    {...inputProps(field)}
                  />
                )}
              </form.Field>
            ))}
            <Group gap="sm" mt={25}>
              <Button type="submit">Search</Button>
              <Button
                variant="light"
                loading={exportCsv.isPending}
                onClick={() =>
                  exportCsv.mutate({ filter }, { onSuccess: (result) => downloadCsv(result.csv) })
                }
              >
                Export CSV
              </Button>
            </Group>
          </Group>
        </form>
        <Text size="xs" c="dimmed" mt="xs">
          Dates are UK dates, both included. The export holds the events of the last search (up to
          100,000; narrow the dates for more).
        </Text>
      </Paper>
      {exportCsv.isError && <ErrorAlert error={exportCsv.error} title="The export did not work" />}
      <Results key={JSON.stringify(filter)} filter={filter} />
    </Page>
  );
}

function AuditPage() {
  return (
    <RequirePermission permission="audit:read">
      <AuditLog />
    </RequirePermission>
  );
}

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/audit",
  component: AuditPage,
});
