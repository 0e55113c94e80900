// Subject access: everything held about a family or one of its people, as a page to print (or
// save as PDF from the browser's print dialog) and a JSON file. Preparing it is audited, so it is
// an explicit step rather than something that happens on opening the page.
import type { RouterOutputs } from "@familyhub/api";
import {
  Alert,
  Button,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate, formatDateTime } from "../lib/dates";
import { consentLabels } from "../lib/registration-labels";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Export = RouterOutputs["rights"]["subjectAccess"];

const dateTime = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : "—");
const yesNo = (value: boolean) => (value ? "Yes" : "No");

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" className="sar-section">
      <Title order={2} size="h3">
        {title}
      </Title>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          None held.
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

function SimpleTable({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th scope="col" key={h}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((cells, i) => (
            // The rows have no identity of their own: they are printed in the order given.
            <Table.Tr key={i}>
              {cells.map((cell, j) => (
                <Table.Td key={j}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function downloadJson(data: Export) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `subject-access-${data.family.surname.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${data.generatedAt.slice(0, 10)}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

function Report({ data }: { data: Export }) {
  const f = data.family;
  return (
    <Stack gap="lg" data-testid="subject-access-report">
      <Paper withBorder p="lg" radius="md">
        <Stack gap={4}>
          <Text>
            What FamilyHub holds about{" "}
            {data.scope === "person" ? (
              <strong>{data.people[0]?.name}</strong>
            ) : (
              <strong>the {f.surname} family</strong>
            )}
            , prepared on {dateTime(data.generatedAt)}.
          </Text>
          <Text size="sm" c="dimmed">
            Dates and times are in UK time. Staff are named by their role only.
          </Text>
        </Stack>
      </Paper>
      <Section title="The family" count={1}>
        <SimpleTable
          head={["What", "Held"]}
          rows={[
            ["Surname", f.surname],
            ["Address", f.address.join(", ") || "—"],
            ["Phone", f.phone ?? "—"],
            ["Email", f.email ?? "—"],
            ["How they heard of us", f.howHeard ?? "—"],
            ["Registered", `${formatDate(f.registeredOn)} at ${f.registeredAt}`],
            ["Registered themselves", dateTime(f.selfRegisteredAt)],
            ["Records merged into this one", String(f.mergedRecords)],
          ]}
        />
      </Section>
      <Section title="People" count={data.people.length}>
        <SimpleTable
          head={[
            "Name",
            "Role",
            "Date of birth",
            "Sex",
            "Ethnicity",
            "Language",
            "Disability",
            "SEN",
            "Social care id",
          ]}
          rows={data.people.map((p) => [
            p.name,
            p.role,
            p.dateOfBirth
              ? formatDate(p.dateOfBirth)
              : p.expectedDueDate
                ? `Due ${formatDate(p.expectedDueDate)}`
                : "—",
            p.sex ?? "—",
            p.ethnicity ?? "—",
            p.firstLanguage ?? "—",
            yesNo(p.disability),
            p.specialEducationalNeeds ?? "—",
            p.socialCareId ?? "—",
          ])}
        />
      </Section>
      <Section title="Attendances" count={data.attendances.length}>
        <SimpleTable
          head={["Session", "Who", "Programme", "Centre", "Checked in"]}
          rows={data.attendances.map((a) => [
            dateTime(a.session),
            a.person,
            a.programme,
            a.centre,
            `${dateTime(a.checkedInAt)}, ${a.how}`,
          ])}
        />
      </Section>
      <Section title="Priority groups" count={data.priorityGroups.length}>
        <SimpleTable
          head={["Group", "About", "Recorded", "From", "Until", "Note"]}
          rows={data.priorityGroups.map((g) => [
            g.group,
            g.about,
            g.recordedBy ??
              (g.source === "rule" ? "by FamilyHub's rules" : g.source.replace("_", " ")),
            formatDate(g.startedOn),
            g.endedAt ? dateTime(g.endedAt) : "—",
            g.note ?? "—",
          ])}
        />
      </Section>
      <Section title="Consents" count={data.consents.length}>
        <SimpleTable
          head={["Consent", "Version", "Given", "Withdrawn"]}
          rows={data.consents.map((c) => [
            consentLabels[c.kind],
            c.version,
            dateTime(c.givenAt),
            dateTime(c.withdrawnAt),
          ])}
        />
      </Section>
      <Section title="Cards" count={data.cards.length}>
        <SimpleTable
          head={["Issued", "Stopped working"]}
          rows={data.cards.map((c) => [dateTime(c.issuedAt), dateTime(c.revokedAt)])}
        />
      </Section>
      <Section title="Who looked at or changed the record" count={data.accessLog.length}>
        <SimpleTable
          head={["When", "What", "By"]}
          rows={data.accessLog.map((e) => [dateTime(e.at), e.action, e.by])}
        />
      </Section>
      <Stack gap="xs" className="sar-section">
        <Title order={2} size="h3">
          What is left out, and why
        </Title>
        <List size="sm">
          {data.redactions.map((r) => (
            <List.Item key={r.what}>
              <strong>{r.what}</strong>: {r.why}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Stack>
  );
}

function SubjectAccess({ familyId }: { familyId: string }) {
  const trpc = useTRPC();
  const prepare = useMutation(trpc.rights.subjectAccess.mutationOptions());
  const [personId, setPersonId] = useState<string | null>(null);
  // The people to choose from come with the first export of the whole family.
  const [people, setPeople] = useState<{ id: string; name: string }[]>([]);
  const data = prepare.data;
  return (
    <Page
      title="Subject access"
      description="Everything FamilyHub holds about a family or one of its people, to give to them. Preparing it is recorded in the audit log."
      actions={
        <>
          {data && (
            <>
              <Button onClick={() => window.print()}>Print or save as PDF</Button>
              <Button variant="light" onClick={() => downloadJson(data)}>
                Download JSON
              </Button>
            </>
          )}
          <AnchorLink to="/families/$familyId" params={{ familyId }}>
            Back to the family
          </AnchorLink>
        </>
      }
    >
      <Paper withBorder p="lg" radius="md" className="no-print">
        <Group align="flex-end">
          <Select
            label="For"
            w={320}
            maw="100%"
            value={personId ?? "family"}
            onChange={(value) => setPersonId(value === "family" || !value ? null : value)}
            allowDeselect={false}
            data={[
              { value: "family", label: "The whole family" },
              ...people.map((p) => ({ value: p.id, label: p.name })),
            ]}
            description={
              people.length === 0
                ? "To export one person's data, prepare the family's first, then choose them here."
                : undefined
            }
          />
          <Button
            loading={prepare.isPending}
            onClick={() =>
              prepare.mutate(
                { familyId, personId: personId ?? undefined },
                {
                  onSuccess: (result) => {
                    if (result.scope === "family") {
                      setPeople(result.people.map((p) => ({ id: p.id, name: p.name })));
                    }
                  },
                },
              )
            }
          >
            Prepare the export
          </Button>
        </Group>
      </Paper>
      {prepare.isError && <ErrorAlert error={prepare.error} />}
      {!data && !prepare.isPending && !prepare.isError && (
        <EmptyState title="Nothing prepared yet">
          Press "Prepare the export" to gather what is held. You can then print it, save it as a PDF
          from the print dialog, or download it as JSON.
        </EmptyState>
      )}
      {data && <Report data={data} />}
      {data && (
        <Alert color="gray" className="no-print">
          Check the export before you send it. Notes written by staff are withheld: ask the data
          protection officer to review them if the family asks.
        </Alert>
      )}
    </Page>
  );
}

function SubjectAccessPage() {
  const { familyId } = subjectAccessRoute.useParams();
  return (
    <RequirePermission permission="subject_access:export">
      <SubjectAccess familyId={familyId} />
    </RequirePermission>
  );
}

export const subjectAccessRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/families/$familyId/subject-access",
  component: SubjectAccessPage,
});
