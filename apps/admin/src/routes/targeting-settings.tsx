import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { inputProps } from "../lib/form";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type TargetGroup = RouterOutputs["targeting"]["catalogue"][number];
type Category = TargetGroup["category"];

const categories: { value: Category; label: string }[] = [
  { value: "family", label: "Family" },
  { value: "parental", label: "Parental" },
  { value: "child_young_person", label: "Child or young person" },
];

const CODE = /^[a-z][a-z0-9_]{1,48}$/;

function useRefreshGroups() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.targeting.pathFilter().queryKey });
}

function LocalGroupActions({ group }: { group: TargetGroup }) {
  const trpc = useTRPC();
  const refresh = useRefreshGroups();
  const [label, setLabel] = useState(group.label);
  const update = useMutation(trpc.targeting.updateGroup.mutationOptions({ onSuccess: refresh }));
  const save = (active: boolean) => update.mutate({ code: group.code, label, active });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          aria-label={`Name of ${group.code}`}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <Button
          size="xs"
          variant="light"
          disabled={label.trim() === group.label}
          loading={update.isPending}
          onClick={() => save(group.active)}
        >
          Rename
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color={group.active ? "red" : "teal"}
          onClick={() => save(!group.active)}
        >
          {group.active ? "Retire" : "Bring back"}
        </Button>
      </Group>
      {update.isError && <ErrorAlert error={update.error} title="Not saved" />}
    </Stack>
  );
}

function GroupTable({ groups, category }: { groups: TargetGroup[]; category: Category }) {
  const trpc = useTRPC();
  const refresh = useRefreshGroups();
  const setPriority = useMutation(
    trpc.targeting.setPriority.mutationOptions({ onSuccess: refresh }),
  );
  const rows = groups.filter((g) => g.category === category);
  if (rows.length === 0) return null;
  const title = categories.find((c) => c.value === category)?.label ?? category;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title}
      </Title>
      {setPriority.isError && <ErrorAlert error={setPriority.error} title="Not saved" />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing="xs" data-testid={`groups-${category}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">Group</Table.Th>
              <Table.Th scope="col">Code</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Local group</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((group) => (
              <Table.Tr key={group.code}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Count "${group.label}" as priority`}
                    checked={group.isPriority}
                    disabled={setPriority.isPending}
                    onChange={(e) =>
                      setPriority.mutate({
                        priority: [{ code: group.code, isPriority: e.currentTarget.checked }],
                      })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={group.active ? undefined : "dimmed"}>
                    {group.label}
                  </Text>
                  {!group.active && (
                    <Badge size="xs" color="gray" variant="light">
                      retired
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {group.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {group.isLocal ? (
                    <LocalGroupActions group={group} />
                  ) : (
                    <Text size="xs" c="dimmed">
                      Built in
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

type NewGroup = { code: string; label: string; category: Category; isPriority: boolean };

function AddLocalGroup() {
  const trpc = useTRPC();
  const refresh = useRefreshGroups();
  const add = useMutation(trpc.targeting.addGroup.mutationOptions());
  const defaultValues: NewGroup = { code: "", label: "", category: "family", isPriority: true };
  const form = useForm({
    defaultValues,
    onSubmit: async ({ value, formApi }) => {
      try {
        await add.mutateAsync(value);
        formApi.reset();
        await refresh();
      } catch {
        // Shown from the mutation's state; what was typed stays in the form.
      }
    },
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form
        noValidate
        aria-label="Add a local group"
        onSubmit={(event) => {
          event.preventDefault();
          void form.handleSubmit();
        }}
      >
        <Stack>
          <Title order={2} size="h3">
            Add a local group
          </Title>
          <Text size="sm" c="dimmed">
            A group of your own beside the built-in ones, e.g. families seeking asylum. Its code is
            permanent; its name can change.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <form.Field
              name="label"
              validators={{
                onSubmit: ({ value }) =>
                  value.trim().length < 3
                    ? "Give the group a name of at least 3 characters"
                    : undefined,
              }}
            >
              {(field) => (
                <TextInput label="Name" required maxLength={120} {...inputProps(field)} />
              )}
            </form.Field>
            <form.Field
              name="code"
              validators={{
                onSubmit: ({ value }) =>
                  CODE.test(value.trim())
                    ? undefined
                    : "Use lower-case letters, digits and underscores, starting with a letter (e.g. asylum_seeker)",
              }}
            >
              {(field) => (
                <TextInput
                  label="Code"
                  description="For exports, e.g. asylum_seeker"
                  required
                  {...inputProps(field)}
                />
              )}
            </form.Field>
            <form.Field name="category">
              {(field) => (
                <NativeSelect
                  label="Category"
                  data={categories}
                  value={field.state.value}
                  onBlur={field.handleBlur}
                  onChange={(e) => {
                    const chosen = categories.find((c) => c.value === e.currentTarget.value);
                    if (chosen) field.handleChange(chosen.value);
                  }}
                />
              )}
            </form.Field>
          </SimpleGrid>
          <form.Field name="isPriority">
            {(field) => (
              <Checkbox
                label="Count it as priority"
                checked={field.state.value}
                onChange={(e) => field.handleChange(e.currentTarget.checked)}
              />
            )}
          </form.Field>
          {add.isError && <ErrorAlert error={add.error} title="The group was not added" />}
          <Group>
            <form.Subscribe selector={(state) => state.isSubmitting}>
              {(submitting) => (
                <Button type="submit" loading={submitting}>
                  Add group
                </Button>
              )}
            </form.Subscribe>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function TargetingSettings() {
  const trpc = useTRPC();
  const groups = useQuery(trpc.targeting.catalogue.queryOptions());
  return (
    <Page
      title="Priority target groups"
      description="Choose which groups your authority counts as priority. Staff can record every group; reports and registers count the priority ones."
    >
      {groups.isPending && <Loading label="Loading the groups" />}
      {groups.isError && <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.data &&
        categories.map((c) => <GroupTable key={c.value} groups={groups.data} category={c.value} />)}
      <AddLocalGroup />
    </Page>
  );
}

function TargetingSettingsPage() {
  return (
    <RequirePermission permission="targeting:configure">
      <TargetingSettings />
    </RequirePermission>
  );
}

export const targetingSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/target-groups",
  component: TargetingSettingsPage,
});
