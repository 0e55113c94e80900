// The review queue (issue 4): possible matches between a child on the social care baseline and
// a person FamilyHub knows, scored between the two thresholds. A person looks at the two records
// side by side and confirms (the social care id goes on the person, so next month matches
// exactly) or rejects (remembered, never queued again). Reading the queue is audited.
import type { RouterOutputs } from "@familyhub/api";
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Item = RouterOutputs["reach"]["reviewQueue"][number];

const reasonWords: Record<string, Record<string, string>> = {
  firstName: {
    exact: "First names agree",
    short_form: "First name is a short form of the other",
    typo: "First names one letter apart",
  },
  lastName: {
    exact: "Surnames agree",
    typo: "Surnames one letter apart",
    part: "One surname is part of the other",
    different: "Surnames differ",
  },
  dateOfBirth: {
    exact: "Dates of birth agree",
    swapped: "Dates of birth agree with day and month swapped",
  },
  postcode: {
    exact: "Postcodes agree",
    sector: "Postcodes in the same sector (a few streets)",
    different: "Postcodes in different areas",
  },
};

const reasonOrder = ["firstName", "lastName", "dateOfBirth", "postcode"] as const;

type Field = {
  label: string;
  child: string;
  person: string;
  /** The reason key whose agreement decides whether the two differ. */
  reason?: keyof typeof reasonWords;
};

function fields(item: Item): Field[] {
  return [
    {
      label: "First name",
      child: item.child.firstName,
      person: item.person.firstName,
      reason: "firstName",
    },
    {
      label: "Surname",
      child: item.child.lastName,
      person: item.person.lastName,
      reason: "lastName",
    },
    {
      label: "Date of birth",
      child: formatDate(item.child.dateOfBirth),
      person: item.person.dateOfBirth ? formatDate(item.person.dateOfBirth) : "Not recorded",
      reason: "dateOfBirth",
    },
    {
      label: "Postcode",
      child: item.child.postcode,
      person: item.person.postcode,
      reason: "postcode",
    },
    {
      label: "District and cohorts / family",
      child: `${item.child.district}; ${item.child.cohorts.join(", ")}`,
      person: `Registered at ${item.person.siteName} on ${formatDate(item.person.registeredOn)}`,
    },
  ];
}

function Comparison({ item }: { item: Item }) {
  return (
    <Table verticalSpacing="sm" withTableBorder data-testid="review-comparison">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="18%">
            <span className="visually-hidden">Field</span>
          </Table.Th>
          <Table.Th scope="col">Social care baseline ({item.child.socialCareId})</Table.Th>
          <Table.Th scope="col">FamilyHub person</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields(item).map((f) => {
          const agreement = f.reason ? item.reasons[f.reason] : undefined;
          const differs = agreement !== undefined && agreement !== "exact";
          return (
            <Table.Tr key={f.label} bg={differs ? "yellow.0" : undefined}>
              <Table.Th scope="row">{f.label}</Table.Th>
              <Table.Td fw={differs ? 700 : undefined}>{f.child}</Table.Td>
              <Table.Td fw={differs ? 700 : undefined}>
                {f.person}
                {differs && (
                  <Badge color="orange" variant="light" ml="xs" size="sm">
                    differs
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function Detail({
  item,
  position,
  total,
  onDecided,
}: {
  item: Item;
  position: number;
  total: number;
  onDecided: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const mayOpenFamily = useCan("family:read");
  const name = `${item.child.firstName} ${item.child.lastName}`;
  // The next item's heading takes the focus, so a keyboard user carries on from there.
  useEffect(() => heading.current?.focus(), [item.id]);
  const settled = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.reach.reviewQueue.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.reach.snapshots.queryKey() });
  };
  const confirm = useMutation(
    trpc.reach.confirmMatch.mutationOptions({
      onSuccess: async () => {
        onDecided(`Confirmed: ${name} is ${item.person.firstName} ${item.person.lastName}.`);
        await settled();
      },
    }),
  );
  const reject = useMutation(
    trpc.reach.rejectMatch.mutationOptions({
      onSuccess: async () => {
        onDecided(`Rejected: ${name} is not ${item.person.firstName} ${item.person.lastName}.`);
        await settled();
      },
    }),
  );
  const busy = confirm.isPending || reject.isPending;
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="review-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h3" id="review-heading" ref={heading} tabIndex={-1}>
              {name}
            </Title>
            <Text size="sm" c="dimmed">
              {position} of {total} · snapshot of {formatDate(item.snapshotDate)}
            </Text>
          </Stack>
          <Badge size="lg" variant="light" color="grape" data-testid="review-score">
            Score {item.score} of 100
          </Badge>
        </Group>
        <Comparison item={item} />
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            Why they may be the same child
          </Text>
          <Text size="sm" component="ul" m={0} pl="lg">
            {reasonOrder.flatMap((key) => {
              const value = item.reasons[key];
              return value
                ? [<li key={key}>{reasonWords[key]?.[value] ?? `${key}: ${value}`}</li>]
                : [];
            })}
          </Text>
        </Stack>
        {(confirm.isError || reject.isError) && (
          <ErrorAlert error={confirm.error ?? reject.error} />
        )}
        <Group gap="sm">
          <Button
            onClick={() => confirm.mutate({ reviewId: item.id })}
            loading={confirm.isPending}
            disabled={busy}
          >
            Confirm: the same child
          </Button>
          <Button
            color="red"
            variant="light"
            onClick={() => reject.mutate({ reviewId: item.id })}
            loading={reject.isPending}
            disabled={busy}
          >
            Reject: a different child
          </Button>
          {mayOpenFamily && (
            <AnchorLink
              to="/families/$familyId"
              params={{ familyId: item.person.familyId }}
              size="sm"
            >
              Open the family's record
            </AnchorLink>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Confirming stores the social care id {item.child.socialCareId} on the person, so next
          month's baseline matches them at once, and the child counts as reached from now on.
          Rejecting is remembered: this pair is never suggested again.
        </Text>
      </Stack>
    </Paper>
  );
}

function Queue() {
  const trpc = useTRPC();
  const queue = useQuery(trpc.reach.reviewQueue.queryOptions());
  const [selected, setSelected] = useState<string | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  const [lastIndex, setLastIndex] = useState(0);
  if (queue.isPending) return <Loading label="Loading the possible matches" />;
  if (queue.isError) return <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />;
  const items = queue.data;
  const status = decided && (
    <Alert color="green" role="status" data-testid="review-decided">
      {decided}
    </Alert>
  );
  if (items.length === 0) {
    return (
      <Stack>
        {status}
        <EmptyState title="Nothing to review">
          Possible matches appear here when a baseline is imported and a child is close to, but not
          certainly, a person FamilyHub knows. <AnchorLink to="/reach">See reach</AnchorLink>.
        </EmptyState>
      </Stack>
    );
  }
  // After a decision the item at the same place in the list (the next one) is shown.
  const index = Math.max(
    0,
    selected ? items.findIndex((i) => i.id === selected) : Math.min(lastIndex, items.length - 1),
  );
  const current = items[index] ?? items[0];
  if (!current) return null;
  return (
    <Stack>
      {status}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="xs" component="nav" aria-label="Possible matches">
            <Text size="sm" fw={600} p="xs">
              {items.length === 1 ? "1 possible match" : `${items.length} possible matches`}
            </Text>
            <ScrollArea.Autosize mah={640} type="auto">
              <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                {items.map((item) => (
                  <li key={item.id}>
                    <UnstyledButton
                      w="100%"
                      p="xs"
                      onClick={() => setSelected(item.id)}
                      aria-current={item.id === current.id ? "true" : undefined}
                      bg={item.id === current.id ? "teal.0" : undefined}
                      style={{ borderRadius: 4 }}
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <Stack gap={0}>
                          <Text size="sm" fw={item.id === current.id ? 700 : 400}>
                            {item.child.firstName} {item.child.lastName}
                          </Text>
                          <Text size="xs" c="dimmed">
                            Snapshot of {formatDate(item.snapshotDate)}
                          </Text>
                        </Stack>
                        <Text size="xs" c="dimmed">
                          Score {item.score}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Detail
            key={current.id}
            item={current}
            position={index + 1}
            total={items.length}
            onDecided={(message) => {
              setDecided(message);
              setLastIndex(index);
              setSelected(null);
            }}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ReviewPage() {
  const maySee = useCan("socialcare:read");
  return (
    <Page
      title="Match review"
      description="Children on the social care baseline who may be a person FamilyHub knows. Check the two records and confirm or reject each."
    >
      <RequirePermission permission="match:review">
        {maySee ? (
          <Queue />
        ) : (
          <Alert color="yellow" title="Not available for your role" role="alert">
            Your role cannot see social care data (it needs socialcare:read).
          </Alert>
        )}
      </RequirePermission>
    </Page>
  );
}

export const reachReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reach/review",
  component: ReviewPage,
});
