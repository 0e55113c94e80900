// "Merge into…": a family recorded twice is folded into the other record. Staff pick the record
// to keep (the possible duplicates first, or any family by search), read what will happen, and
// confirm. Only roles with family:merge see the button.
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { formatDate } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { ErrorAlert } from "./error-alert";
import { Loading } from "./loading";

type Family = {
  id: string;
  surname: string;
  postcode: string;
  members: { firstName: string; lastName: string; dateOfBirth: string | null }[];
};

type Choice = { id: string; label: string };

function Choices({
  family,
  value,
  onChange,
}: {
  family: Family;
  value: string | null;
  onChange: (choice: Choice) => void;
}) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query.trim(), 300);
  const duplicates = useQuery(
    trpc.families.findDuplicates.queryOptions({
      postcode: family.postcode,
      members: family.members.map((m) => ({
        firstName: m.firstName,
        lastName: m.lastName,
        dateOfBirth: m.dateOfBirth,
      })),
      excludeFamilyId: family.id,
    }),
  );
  const search = useQuery({
    ...trpc.families.search.queryOptions({ query: debounced, limit: 10 }),
    enabled: debounced.length >= 2,
  });

  const choices: Choice[] = [];
  for (const d of duplicates.data ?? []) {
    if (!d.canOpen || !d.familyId) continue;
    choices.push({
      id: d.familyId,
      label: `The ${d.surname} family, ${d.postcode ?? ""}, ${d.siteName}: ${d.members.map((m) => m.firstName).join(", ")}`,
    });
  }
  for (const f of debounced.length >= 2 ? (search.data ?? []) : []) {
    if (f.id === family.id || choices.some((c) => c.id === f.id)) continue;
    choices.push({
      id: f.id,
      label: `The ${f.surname} family, ${f.postcode}, ${f.siteName} (registered ${formatDate(f.registeredOn)})`,
    });
  }

  return (
    <Stack gap="sm">
      {duplicates.isPending && <Loading label="Looking for the other record" />}
      {duplicates.isError && <ErrorAlert error={duplicates.error} />}
      <TextInput
        label="Find the other record"
        description="Search by surname, postcode or a member's name"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
      />
      {choices.length === 0 && !duplicates.isPending ? (
        <Text size="sm" c="dimmed">
          No other record found yet. Search for it above.
        </Text>
      ) : (
        <Radio.Group
          label="The record to keep"
          value={value}
          onChange={(id) => {
            const choice = choices.find((c) => c.id === id);
            if (choice) onChange(choice);
          }}
        >
          <Stack gap="xs" mt="xs">
            {choices.map((choice) => (
              <Radio key={choice.id} value={choice.id} label={choice.label} />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}

function Preview({ family, keep }: { family: Family; keep: Choice }) {
  const trpc = useTRPC();
  const plan = useQuery(
    trpc.families.mergePreview.queryOptions({ keepFamilyId: keep.id, mergeFamilyId: family.id }),
  );
  if (plan.isPending) return <Loading label="Working out what the merge will do" />;
  if (plan.isError) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  return (
    <Stack gap="xs" data-testid="merge-preview">
      <Text size="sm">
        This record (the {p.merge.surname} family at {p.merge.siteName}) will be merged into the{" "}
        {p.keep.surname} family at {p.keep.siteName}, {p.keep.postcode}. This record will then be
        closed and point to that family.
      </Text>
      <List size="sm" spacing={4}>
        {p.peopleToMove.length > 0 && (
          <List.Item>
            Join the family as they are:{" "}
            {p.peopleToMove.map((m) => `${m.firstName} ${m.lastName}`).join(", ")}
          </List.Item>
        )}
        {p.peopleToMerge.map((m) => {
          const here = `${m.from.firstName} ${m.from.lastName}`;
          const there = `${m.into.firstName} ${m.into.lastName}`;
          return (
            <List.Item key={m.from.id}>
              {here === there
                ? `${here} is already in that family`
                : `${here} is already in that family as ${there}`}
              : the two records become one, with the attendances of both
            </List.Item>
          );
        })}
        <List.Item>
          {p.attendances === 1 ? "1 attendance moves" : `${p.attendances} attendances move`} with
          them; none is lost
          {p.sameSessionClashes > 0 &&
            ` (${p.sameSessionClashes === 1 ? "one session was" : `${p.sameSessionClashes} sessions were`} recorded under both records: the earliest check-in is kept)`}
        </List.Item>
        <List.Item>
          {p.cards === 1 ? "1 card" : `${p.cards} cards`},{" "}
          {p.consents === 1 ? "1 consent" : `${p.consents} consents`} and{" "}
          {p.flags === 1 ? "1 target group flag" : `${p.flags} target group flags`} move too.
          {p.cards > 0 && " Cards keep working: the family can use either."}
        </List.Item>
      </List>
      <Alert color="yellow" title="This cannot be undone from here">
        Check that both records are the same family. Twins and other family members with different
        first names are never merged into each other.
      </Alert>
    </Stack>
  );
}

export function MergeFamilyButton({ family }: { family: Family }) {
  const canMerge = useCan("family:merge");
  const [opened, { open, close }] = useDisclosure(false);
  const [keep, setKeep] = useState<Choice | null>(null);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const merge = useMutation(
    trpc.families.merge.mutationOptions({
      onSuccess: async (result) => {
        close();
        await queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey });
        await navigate({ to: "/families/$familyId", params: { familyId: result.keptFamilyId } });
      },
    }),
  );
  if (!canMerge) return null;

  return (
    <>
      <Button variant="light" color="orange" onClick={open} className="no-print">
        Merge into…
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={
          <Title order={2} size="h4">
            Merge the {family.surname} family into another record
          </Title>
        }
        size="lg"
      >
        <Stack>
          <Choices family={family} value={keep?.id ?? null} onChange={setKeep} />
          {keep && <Preview family={family} keep={keep} />}
          {merge.isError && <ErrorAlert error={merge.error} title="The families were not merged" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="orange"
              disabled={!keep}
              loading={merge.isPending}
              onClick={() => {
                if (keep) merge.mutate({ keepFamilyId: keep.id, mergeFamilyId: family.id });
              }}
            >
              Merge the records
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
