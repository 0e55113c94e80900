import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Button,
  Collapse,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useForm } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate, isIsoDate, londonToday } from "../lib/dates";
import { inputProps } from "../lib/form";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { ErrorAlert } from "./error-alert";
import { Loading } from "./loading";

type FamilyFlags = RouterOutputs["targeting"]["familyFlags"];
type Flag = FamilyFlags["flags"][number];
type Group = RouterOutputs["targeting"]["groups"][number];

const sourceLabels: Record<Flag["source"], string> = {
  staff: "Recorded by staff",
  self_declared: "The family told us",
  rule: "From the family's details",
  social_care: "From social care records",
};

const categoryLabels: Record<Group["category"], string> = {
  family: "Family",
  parental: "Parental",
  child_young_person: "Child or young person",
};

/**
 * A family's priority target groups, for the family page. Flags are sensitive: the panel renders
 * nothing for a role without flag:read, and the server answers only for families in the
 * caller's locality. The family id goes in a POST body, never in a URL of its own.
 */
export function FamilyFlagsPanel({ familyId }: { familyId: string }) {
  if (!useCan("flag:read")) return null;
  return <FlagsPanel familyId={familyId} />;
}

function FlagsPanel({ familyId }: { familyId: string }) {
  const trpc = useTRPC();
  const canWrite = useCan("flag:write");
  const flags = useQuery(trpc.targeting.familyFlags.queryOptions({ familyId }));
  const [showEnded, { toggle: toggleEnded }] = useDisclosure(false);

  return (
    <Stack gap="xs" className="no-print" data-testid="family-flags">
      <Title order={2} size="h3">
        Priority target groups
      </Title>
      {flags.isPending && <Loading label="Loading the family's target groups" />}
      {flags.isError && <ErrorAlert error={flags.error} onRetry={() => void flags.refetch()} />}
      {flags.data && (
        <>
          <Summary data={flags.data} />
          <FlagTable flags={flags.data.flags.filter((f) => !f.endedAt)} canWrite={canWrite} />
          {flags.data.flags.some((f) => f.endedAt) && (
            <div>
              <Button variant="subtle" size="xs" onClick={toggleEnded} aria-expanded={showEnded}>
                {showEnded ? "Hide ended flags" : "Show ended flags"}
              </Button>
              <Collapse expanded={showEnded}>
                <EndedFlags flags={flags.data.flags.filter((f) => f.endedAt)} />
              </Collapse>
            </div>
          )}
          {canWrite && <RecordFlagForm familyId={familyId} members={flags.data.members} />}
        </>
      )}
    </Stack>
  );
}

function Summary({ data }: { data: FamilyFlags }) {
  if (!data.priority) {
    return (
      <Text size="sm" data-testid="priority-summary">
        Not in a priority target group today.
      </Text>
    );
  }
  return (
    <Group gap="xs" data-testid="priority-summary">
      <Badge color="grape" variant="filled">
        Priority
      </Badge>
      {data.priorityGroups.map((g) => (
        <Badge key={g.code} color="grape" variant="light">
          {g.label}
        </Badge>
      ))}
    </Group>
  );
}

function FlagTable({ flags, canWrite }: { flags: Flag[]; canWrite: boolean }) {
  if (flags.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No open flags.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="flags-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Group</Table.Th>
            <Table.Th scope="col">About</Table.Th>
            <Table.Th scope="col">Source</Table.Th>
            <Table.Th scope="col">Since</Table.Th>
            <Table.Th scope="col">Review</Table.Th>
            <Table.Th scope="col">Note</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {flags.map((flag) => (
            <Table.Tr key={flag.id}>
              <Table.Td>
                {flag.groupLabel}
                {!flag.isPriority && (
                  <Text size="xs" c="dimmed">
                    Not a priority group here
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{flag.personName ?? "The whole family"}</Table.Td>
              <Table.Td>
                {sourceLabels[flag.source]}
                {flag.recordedByName && (
                  <Text size="xs" c="dimmed">
                    {flag.recordedByName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDate(flag.startedOn)}</Table.Td>
              <Table.Td>
                {flag.reviewOn ? (
                  <Text size="sm" c={flag.reviewOn <= londonToday() ? "red" : undefined}>
                    {formatDate(flag.reviewOn)}
                  </Text>
                ) : (
                  "–"
                )}
              </Table.Td>
              <Table.Td maw={280}>
                <Text size="sm">{flag.note ?? "–"}</Text>
              </Table.Td>
              <Table.Td ta="right">
                {canWrite && (flag.source === "staff" || flag.source === "self_declared") && (
                  <EndFlagButton flag={flag} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EndedFlags({ flags }: { flags: Flag[] }) {
  return (
    <Table verticalSpacing="xs" mt="xs" data-testid="ended-flags-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Group</Table.Th>
          <Table.Th scope="col">About</Table.Th>
          <Table.Th scope="col">From</Table.Th>
          <Table.Th scope="col">Ended</Table.Th>
          <Table.Th scope="col">Why</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {flags.map((flag) => (
          <Table.Tr key={flag.id}>
            <Table.Td>{flag.groupLabel}</Table.Td>
            <Table.Td>{flag.personName ?? "The whole family"}</Table.Td>
            <Table.Td>{formatDate(flag.startedOn)}</Table.Td>
            <Table.Td>
              {flag.endedAt ? formatDate(flag.endedAt) : "–"}
              {flag.endedByName && (
                <Text size="xs" c="dimmed">
                  {flag.endedByName}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{flag.endReason ?? "–"}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function useRefreshFlags() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ queryKey: trpc.targeting.familyFlags.pathFilter().queryKey });
}

function EndFlagButton({ flag }: { flag: Flag }) {
  const trpc = useTRPC();
  const refresh = useRefreshFlags();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState("");
  const end = useMutation(
    trpc.targeting.endFlag.mutationOptions({
      onSuccess: () => {
        close();
        setReason("");
        void refresh();
      },
    }),
  );
  const about = flag.personName ?? "the family";
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="red"
        onClick={open}
        aria-label={`End ${flag.groupLabel} for ${about}`}
      >
        End
      </Button>
      <Modal opened={opened} onClose={close} title={`End "${flag.groupLabel}"?`} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) end.mutate({ flagId: flag.id, reason });
          }}
        >
          <Stack>
            <Text size="sm">
              The flag is kept in the family's history with your name, today's date and the reason.
            </Text>
            <TextInput
              label="Why does it end?"
              description="e.g. moved to settled housing"
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              required
              data-autofocus
            />
            {end.isError && <ErrorAlert error={end.error} title="The flag was not ended" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={end.isPending} disabled={!reason.trim()}>
                End flag
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

type FlagValues = {
  groupCode: string;
  personId: string;
  source: "staff" | "self_declared";
  note: string;
  startedOn: string;
  reviewOn: string;
};

function RecordFlagForm({
  familyId,
  members,
}: {
  familyId: string;
  members: FamilyFlags["members"];
}) {
  const trpc = useTRPC();
  const refresh = useRefreshFlags();
  const groups = useQuery(trpc.targeting.groups.queryOptions());
  const record = useMutation(trpc.targeting.recordFlag.mutationOptions());
  const [opened, { toggle, close }] = useDisclosure(false);
  const today = londonToday();

  const defaultValues: FlagValues = {
    groupCode: "",
    personId: "",
    source: "staff",
    note: "",
    startedOn: today,
    reviewOn: "",
  };
  const form = useForm({
    defaultValues,
    onSubmit: async ({ value, formApi }) => {
      try {
        await record.mutateAsync({
          familyId,
          groupCode: value.groupCode,
          personId: value.personId || null,
          source: value.source,
          note: value.note.trim() || null,
          startedOn: value.startedOn,
          reviewOn: value.reviewOn || null,
        });
        formApi.reset();
        close();
        await refresh();
      } catch {
        // Shown from the mutation's state; what was typed stays in the form.
      }
    },
  });

  const groupOptions = [
    { value: "", label: "Choose a group" },
    ...(groups.data ?? []).map((g) => ({
      value: g.code,
      label: `${g.label} (${categoryLabels[g.category]}${g.isPriority ? ", priority" : ""})`,
    })),
  ];
  const memberOptions = [
    { value: "", label: "The whole family" },
    ...members.map((m) => ({ value: m.id, label: m.name })),
  ];

  return (
    <div>
      <Button variant="light" size="sm" onClick={toggle} aria-expanded={opened}>
        {opened ? "Close" : "Record a target group"}
      </Button>
      <Collapse expanded={opened}>
        <Paper withBorder p="md" radius="md" mt="xs">
          <form
            noValidate
            aria-label="Record a target group"
            onSubmit={(event) => {
              event.preventDefault();
              void form.handleSubmit();
            }}
          >
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <form.Field
                  name="groupCode"
                  validators={{
                    onSubmit: ({ value }) => (value ? undefined : "Choose a target group"),
                  }}
                >
                  {(field) => (
                    <NativeSelect
                      label="Target group"
                      data={groupOptions}
                      required
                      {...inputProps(field)}
                    />
                  )}
                </form.Field>
                <form.Field name="personId">
                  {(field) => (
                    <NativeSelect label="About" data={memberOptions} {...inputProps(field)} />
                  )}
                </form.Field>
                <form.Field name="source">
                  {(field) => (
                    <NativeSelect
                      label="How we know"
                      data={[
                        { value: "staff", label: "Staff know it (add a note)" },
                        { value: "self_declared", label: "The family told us" },
                      ]}
                      name={field.name}
                      value={field.state.value}
                      onBlur={field.handleBlur}
                      onChange={(event) =>
                        field.handleChange(
                          event.currentTarget.value === "self_declared" ? "self_declared" : "staff",
                        )
                      }
                    />
                  )}
                </form.Field>
                <form.Field
                  name="startedOn"
                  validators={{
                    onSubmit: ({ value }) =>
                      !isIsoDate(value)
                        ? "Enter the date it started"
                        : value > today
                          ? "The start date cannot be in the future"
                          : undefined,
                  }}
                >
                  {(field) => (
                    <TextInput type="date" label="Since" max={today} {...inputProps(field)} />
                  )}
                </form.Field>
                <form.Field
                  name="reviewOn"
                  validators={{
                    onSubmit: ({ value, fieldApi }) =>
                      value && !isIsoDate(value)
                        ? "Enter a date, or leave it empty"
                        : value && value < fieldApi.form.getFieldValue("startedOn")
                          ? "The review date must be on or after the start date"
                          : undefined,
                  }}
                >
                  {(field) => (
                    <TextInput
                      type="date"
                      label="Review on (optional)"
                      min={today}
                      {...inputProps(field)}
                    />
                  )}
                </form.Field>
              </SimpleGrid>
              <form.Field
                name="note"
                validators={{
                  onSubmit: ({ value, fieldApi }) =>
                    fieldApi.form.getFieldValue("source") === "staff" && !value.trim()
                      ? "Add a note saying what you know and how"
                      : undefined,
                }}
              >
                {(field) => (
                  <Textarea
                    label="Note"
                    description="What you know and how. Only staff of this family's locality can read it."
                    autosize
                    minRows={2}
                    maxLength={2000}
                    {...inputProps(field)}
                  />
                )}
              </form.Field>
              {groups.isError && (
                <ErrorAlert error={groups.error} title="The groups did not load" />
              )}
              {record.isError && (
                <ErrorAlert error={record.error} title="The flag was not recorded" />
              )}
              <Group>
                <form.Subscribe selector={(state) => state.isSubmitting}>
                  {(submitting) => (
                    <Button type="submit" loading={submitting}>
                      Record
                    </Button>
                  )}
                </form.Subscribe>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Collapse>
    </div>
  );
}
