// The programme catalogue: what the authority's centres offer, for whom. A list with filters,
// a form for a new programme, and the same form to edit one.
import type { RouterOutputs } from "@familyhub/api";
import type { ProgrammeInput } from "@familyhub/validators";
import { Badge, Group, NativeSelect, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink, ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { emptyProgramme, ProgrammeForm } from "../components/programme-form";
import { RequirePermission } from "../components/require-permission";
import { ageRange, deliveryUnitLabels } from "../lib/programme-labels";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Programme = RouterOutputs["programmes"]["list"][number];

function ProgrammeList() {
  const trpc = useTRPC();
  const canWrite = useCan("programme:write");
  const list = useQuery(trpc.programmes.list.queryOptions());
  const [text, setText] = useState("");
  const [offer, setOffer] = useState("");
  const [area, setArea] = useState("");

  if (list.isPending) return <Loading label="Loading the programmes" />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) {
    return (
      <EmptyState title="No programmes yet">
        {canWrite
          ? 'Add the first programme with "New programme" above: its name, who it is for and how many places it has. Then plan its sessions in the planner.'
          : "Ask your locality lead to add the programmes your centres run."}
      </EmptyState>
    );
  }
  const areas = [...new Set(list.data.map((p) => p.serviceArea))].sort();
  const needle = text.trim().toLowerCase();
  const shown = list.data.filter(
    (p) =>
      (!offer || p.offer === offer) &&
      (!area || p.serviceArea === area) &&
      (!needle ||
        p.name.toLowerCase().includes(needle) ||
        (p.partnerOrganisation ?? "").toLowerCase().includes(needle)),
  );
  return (
    <>
      <Group align="flex-end" className="no-print">
        <TextInput
          label="Find a programme"
          placeholder="Name or partner"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={260}
        />
        <NativeSelect
          label="Offer"
          value={offer}
          onChange={(e) => setOffer(e.currentTarget.value)}
          data={[
            { value: "", label: "Universal and targeted" },
            { value: "universal", label: "Universal" },
            { value: "targeted", label: "Targeted" },
          ]}
        />
        <NativeSelect
          label="Service area"
          value={area}
          onChange={(e) => setArea(e.currentTarget.value)}
          data={[{ value: "", label: "All service areas" }, ...areas]}
        />
      </Group>
      {shown.length === 0 ? (
        <EmptyState title="No programme matches those filters">
          Clear the search or choose "All service areas".
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="programmes-table">
            <Table.Caption>
              {shown.length} of {list.data.length} programmes
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Programme</Table.Th>
                <Table.Th scope="col">Service area</Table.Th>
                <Table.Th scope="col">Offer</Table.Th>
                <Table.Th scope="col">Ages</Table.Th>
                <Table.Th scope="col" ta="right">
                  Places
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Weeks
                </Table.Th>
                <Table.Th scope="col">Partner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    {canWrite ? (
                      <AnchorLink
                        to="/programmes/$programmeId"
                        params={{ programmeId: p.id }}
                        fw={600}
                      >
                        {p.name}
                      </AnchorLink>
                    ) : (
                      <Text fw={600} span>
                        {p.name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{p.serviceArea}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.offer === "targeted" ? "grape" : "teal"}>
                      {p.offer === "targeted" ? "Targeted" : "Universal"}
                    </Badge>
                    {p.deliveryUnit && (
                      <Text size="xs" c="dimmed">
                        {deliveryUnitLabels[p.deliveryUnit]}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{ageRange(p.minAgeMonths, p.maxAgeMonths)}</Table.Td>
                  <Table.Td ta="right">{p.capacity ?? "No limit"}</Table.Td>
                  <Table.Td ta="right">{p.lengthWeeks ?? "Ongoing"}</Table.Td>
                  <Table.Td>{p.partnerOrganisation ?? ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

function ProgrammesPage() {
  const canWrite = useCan("programme:write");
  return (
    <RequirePermission permission="session:read">
      <Page
        title="Programmes"
        description="The catalogue the centres plan their sessions from."
        actions={
          <>
            {canWrite && <ButtonLink to="/programmes/new">New programme</ButtonLink>}
            <ButtonLink to="/planner" variant="default">
              Open the planner
            </ButtonLink>
          </>
        }
      >
        <ProgrammeList />
      </Page>
    </RequirePermission>
  );
}

function useSaveProgramme(id: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation(trpc.programmes.create.mutationOptions());
  const update = useMutation(trpc.programmes.update.mutationOptions());
  const save = async (values: ProgrammeInput) => {
    if (id) await update.mutateAsync({ id, programme: values });
    else await create.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.programmes.list.queryKey() });
    await navigate({ to: "/programmes" });
  };
  return { save, error: create.error ?? update.error };
}

function NewProgramme() {
  const { save, error } = useSaveProgramme(null);
  return (
    <Page title="New programme">
      <ProgrammeForm
        defaultValues={emptyProgramme}
        submitLabel="Add programme"
        onSubmit={save}
        beforeSubmit={error && <ErrorAlert error={error} title="The programme was not saved" />}
        cancel={
          <AnchorLink to="/programmes" size="sm">
            Cancel
          </AnchorLink>
        }
      />
    </Page>
  );
}

function toValues(p: Programme): ProgrammeInput {
  return {
    ...p,
    partnerOrganisation: p.partnerOrganisation ?? "",
    description: p.description ?? "",
    targetGroups: p.targetGroups ?? [],
  };
}

function EditProgramme({ id }: { id: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.programmes.list.queryOptions());
  const { save, error } = useSaveProgramme(id);
  if (list.isPending) return <Loading label="Loading the programme" />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const programme = list.data.find((p) => p.id === id);
  if (!programme) {
    return (
      <Page title="Programme not found">
        <EmptyState title="That programme was not found">
          <AnchorLink to="/programmes">Back to the programmes</AnchorLink>
        </EmptyState>
      </Page>
    );
  }
  return (
    <Page title={`Edit ${programme.name}`}>
      <ProgrammeForm
        defaultValues={toValues(programme)}
        submitLabel="Save changes"
        onSubmit={save}
        beforeSubmit={error && <ErrorAlert error={error} title="The changes were not saved" />}
        cancel={
          <AnchorLink to="/programmes" size="sm">
            Cancel
          </AnchorLink>
        }
      />
    </Page>
  );
}

export const programmesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/programmes",
  component: ProgrammesPage,
});

export const programmeNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/programmes/new",
  component: () => (
    <RequirePermission permission="programme:write">
      <NewProgramme />
    </RequirePermission>
  ),
});

function EditProgrammePage() {
  const { programmeId } = programmeEditRoute.useParams();
  return (
    <RequirePermission permission="programme:write">
      <EditProgramme id={programmeId} />
    </RequirePermission>
  );
}

export const programmeEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/programmes/$programmeId",
  component: EditProgrammePage,
});
