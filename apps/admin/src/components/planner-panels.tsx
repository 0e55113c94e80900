// The planner's panels beside its grid: the duplicates in words, the gaps between children
// registered and places offered, copying last term forward, and the terms and closure days.
import type { RouterOutputs } from "@familyhub/api";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate, isIsoDate } from "../lib/dates";
import { plural, weekdayName } from "../lib/programme-labels";
import { useTRPC } from "../trpc";
import { EmptyState } from "./empty-state";
import { ErrorAlert } from "./error-alert";
import { Loading } from "./loading";
import { SiteSelect } from "./site-select";

type Duplicate = RouterOutputs["planner"]["duplicates"][number];
type Term = RouterOutputs["programmes"]["terms"][number];
type Range = { localityId: string; from: string; to: string };

/** How a session in the grid finds its duplicate: centre, weekday, start time and programme. */
export function clashKey(siteId: string, weekday: number, time: string, programme: string) {
  return `${siteId}|${weekday}|${time}|${programme}`;
}

export function DuplicatesPanel({
  duplicates,
  error,
  onRetry,
}: {
  duplicates: Duplicate[] | undefined;
  error: unknown;
  onRetry: () => void;
}) {
  return (
    <Stack gap="xs" data-testid="duplicates-panel">
      <Title order={2} size="h3">
        Duplication
      </Title>
      {error ? (
        <ErrorAlert
          error={error}
          title="The duplicates could not be worked out"
          onRetry={onRetry}
        />
      ) : !duplicates ? (
        <Loading label="Looking for duplicates" />
      ) : duplicates.length === 0 ? (
        <Text size="sm">
          No two centres run the same kind of session for the same ages at the same time.
        </Text>
      ) : (
        <Alert color="orange" title={`${plural(duplicates.length, "duplicate")} this term`}>
          <List size="sm" spacing={4}>
            {duplicates.map((d) => (
              <List.Item
                key={`${d.siteA.id}-${d.siteB.id}-${d.weekday}-${d.siteA.time}-${d.siteA.programme}`}
              >
                <strong>{d.siteA.programme}</strong> at {d.siteA.name} ({d.siteA.time}) and{" "}
                {d.reason === "same_programme" ? "" : <strong>{d.siteB.programme} </strong>}
                at {d.siteB.name} ({d.siteB.time}) on {weekdayName(d.weekday)}s,{" "}
                {plural(d.occurrences, "time")} from {formatDate(d.firstDate)} to{" "}
                {formatDate(d.lastDate)}
                {d.reason === "same_service_area" ? " (the same service area)" : ""}. Agree with the
                other centre which one moves.
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

/**
 * A gap: children registered but no places for them, or more than ten children for every place
 * a week. The council asks for a place a week for one child in ten as a first aim.
 */
function isGap(registered: number, placesPerWeek: number) {
  return registered > 0 && (placesPerWeek === 0 || registered / placesPerWeek > 10);
}

function GapRows({
  rows,
}: {
  rows: { key: string; label: string; registered: number; placesPerWeek: number; words: string }[];
}) {
  return (
    <Table.Tbody>
      {rows.map((row) => {
        const gap = isGap(row.registered, row.placesPerWeek);
        return (
          <Table.Tr key={row.key} data-gap={gap ? "yes" : "no"}>
            <Table.Th scope="row" fw={500}>
              {row.label}
            </Table.Th>
            <Table.Td ta="right">{row.registered.toLocaleString("en-GB")}</Table.Td>
            <Table.Td ta="right">{row.placesPerWeek.toLocaleString("en-GB")}</Table.Td>
            <Table.Td>
              {gap ? (
                <Badge color="red" variant="light">
                  Gap
                </Badge>
              ) : null}{" "}
              <Text span size="sm">
                {row.words}
              </Text>
            </Table.Td>
          </Table.Tr>
        );
      })}
    </Table.Tbody>
  );
}

const bandNoun: Record<string, string> = {
  "Under 1": "under-ones",
  "1 year": "one-year-olds",
  "2 years": "two-year-olds",
  "3–4 years": "three- and four-year-olds",
  "5–10 years": "children of 5 to 10",
  "11–15 years": "young people of 11 to 15",
  "16–19 years": "young people of 16 to 19",
};

export function GapsPanel({ range }: { range: Range }) {
  const trpc = useTRPC();
  const gaps = useQuery(trpc.planner.gaps.queryOptions(range));
  const head = (
    <Table.Thead>
      <Table.Tr>
        <Table.Th scope="col">Who</Table.Th>
        <Table.Th scope="col" ta="right">
          Registered
        </Table.Th>
        <Table.Th scope="col" ta="right">
          Places a week
        </Table.Th>
        <Table.Th scope="col">In words</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
  return (
    <Stack gap="xs" data-testid="gaps-panel">
      <Title order={2} size="h3">
        Gaps
      </Title>
      <Text size="sm" c="dimmed">
        Children registered at the locality's centres against the places its sessions offer them
        each week. Counts only: no one is named.
      </Text>
      {gaps.isPending ? (
        <Loading label="Counting children and places" />
      ) : gaps.isError ? (
        <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" data-testid="gaps-ages">
              <Table.Caption>By age, over {plural(gaps.data.weeks, "week")}</Table.Caption>
              {head}
              <GapRows
                rows={gaps.data.ageBands.map((b) => ({
                  key: b.label,
                  label: b.label,
                  registered: b.registered,
                  placesPerWeek: b.placesPerWeek,
                  words: `${b.registered.toLocaleString("en-GB")} ${bandNoun[b.label] ?? b.label} registered, ${plural(b.placesPerWeek, "place")} a week`,
                }))}
              />
            </Table>
          </Table.ScrollContainer>
          {gaps.data.priorityGroups.length === 0 ? (
            <EmptyState title="No priority target groups are set">
              An administrator chooses them under "Priority target groups".
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped verticalSpacing="xs" data-testid="gaps-groups">
                <Table.Caption>By priority target group</Table.Caption>
                {head}
                <GapRows
                  rows={gaps.data.priorityGroups.map((g) => ({
                    key: g.code,
                    label: g.name,
                    registered: g.registered,
                    placesPerWeek: g.placesPerWeek,
                    words: `${plural(g.registered, "child", "children")} registered, ${plural(g.placesPerWeek, "place")} a week meant for them`,
                  }))}
                />
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}

/** Copies one term's plan into a later one, after showing what will be copied. */
export function CopyTermForward({ localityId, terms }: { localityId: string; terms: Term[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fromId, setFromId] = useState("");
  const [toId, setToId] = useState("");
  const [opened, { open, close }] = useDisclosure(false);
  const from = terms.find((t) => t.id === fromId);
  const to = terms.find((t) => t.id === toId);
  const copy = useMutation(trpc.planner.copyTerm.mutationOptions());
  const source = useQuery({
    ...trpc.planner.grid.queryOptions({
      localityId,
      from: from?.startsOn ?? "2000-01-01",
      to: from?.endsOn ?? "2000-01-01",
    }),
    enabled: opened && from !== undefined,
  });
  const later = terms.filter((t) => from && t.startsOn > from.startsOn);
  const problem =
    from && to && to.startsOn <= from.startsOn
      ? "Copy into a later term than the one copied."
      : undefined;
  const live = (source.data?.sessions ?? []).filter((s) => !s.cancelled);
  const byProgramme = new Map<string, number>();
  for (const s of live) {
    const centre = source.data?.centres.find((c) => c.id === s.siteId)?.name ?? "";
    const key = `${s.programmeName} at ${centre}`;
    byProgramme.set(key, (byProgramme.get(key) ?? 0) + 1);
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Copy a term's plan forward
      </Title>
      <Text size="sm" c="dimmed">
        Every session of the locality's centres in one term, on the same weekdays and at the same
        times in the next. Closure days are left out; sessions already planned are kept.
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label="Copy from"
          value={fromId}
          onChange={(e) => {
            setFromId(e.currentTarget.value);
            copy.reset();
          }}
          data={[
            { value: "", label: "Choose a term", disabled: true },
            ...terms.map((t) => ({ value: t.id, label: t.name })),
          ]}
        />
        <NativeSelect
          label="Into"
          value={toId}
          onChange={(e) => {
            setToId(e.currentTarget.value);
            copy.reset();
          }}
          error={problem}
          data={[
            {
              value: "",
              label: from ? "Choose a later term" : "Choose the term to copy first",
              disabled: true,
            },
            ...later.map((t) => ({ value: t.id, label: t.name })),
          ]}
        />
        <Button variant="default" disabled={!from || !to || problem !== undefined} onClick={open}>
          Preview the copy
        </Button>
      </Group>
      {copy.data && (
        <Alert color="teal" title="Copied" role="status">
          {plural(copy.data.copied, "session")} copied into {to?.name}
          {copy.data.alreadyPlanned > 0
            ? `, ${copy.data.alreadyPlanned} already planned there`
            : ""}
          {copy.data.skipped.length > 0
            ? `, ${plural(copy.data.skipped.length, "date")} left out (closure days or outside the term)`
            : ""}
          .
        </Alert>
      )}
      {copy.error && <ErrorAlert error={copy.error} title="Nothing was copied" />}
      <Modal
        opened={opened}
        onClose={close}
        title={from && to ? `Copy ${from.name} into ${to.name}?` : "Copy the plan?"}
        size="lg"
        centered
      >
        <Stack>
          {source.isPending ? (
            <Loading label="Reading the term's plan" />
          ) : source.isError ? (
            <ErrorAlert error={source.error} />
          ) : live.length === 0 ? (
            <Text size="sm">
              {from?.name} has no sessions at this locality's centres: there is nothing to copy.
            </Text>
          ) : (
            <>
              <Text size="sm">
                {plural(live.length, "session")} of {from?.name} will be planned again in {to?.name}
                , shifted by whole weeks:
              </Text>
              <List size="sm" spacing={2} data-testid="copy-preview">
                {[...byProgramme.entries()].map(([what, count]) => (
                  <List.Item key={what}>
                    {what}: {plural(count, "session")}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={live.length === 0}
              loading={copy.isPending}
              onClick={() => {
                if (!from || !to) return;
                copy.mutate(
                  { localityId, fromTermId: from.id, toTermId: to.id },
                  {
                    onSettled: () => {
                      close();
                      void queryClient.invalidateQueries({ queryKey: trpc.planner.pathKey() });
                    },
                  },
                );
              }}
            >
              Copy the plan
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The terms sessions are planned in, and a form to add the next one or a closure day. */
export function TermsPanel({ terms, localityId }: { terms: Term[]; localityId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [closureDate, setClosureDate] = useState("");
  const [closureName, setClosureName] = useState("");
  const [closureSite, setClosureSite] = useState("");
  const createTerm = useMutation(trpc.programmes.createTerm.mutationOptions());
  const addClosure = useMutation(trpc.programmes.addClosureDay.mutationOptions());
  const [tried, setTried] = useState(false);
  const termErrors = {
    name: name.trim() ? undefined : "Name the term, e.g. Spring 2027",
    startsOn: isIsoDate(startsOn) ? undefined : "Enter the first day",
    endsOn: !isIsoDate(endsOn)
      ? "Enter the last day"
      : isIsoDate(startsOn) && endsOn < startsOn
        ? "The term ends before it starts"
        : undefined,
  };
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.programmes.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.planner.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.sessions.previewSeries.pathKey() }),
    ]);

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Terms and closure days
      </Title>
      {terms.length === 0 ? (
        <Text size="sm">No terms yet: sessions can be planned on any date until one is added.</Text>
      ) : (
        <List size="sm" spacing={2}>
          {terms.map((t) => (
            <List.Item key={t.id}>
              {t.name}: {formatDate(t.startsOn)} to {formatDate(t.endsOn)}
              {t.localityId ? "" : " (every locality)"}
            </List.Item>
          ))}
        </List>
      )}
      <form
        aria-label="Add a term"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (termErrors.name || termErrors.startsOn || termErrors.endsOn) return;
          createTerm.mutate(
            { name: name.trim(), startsOn, endsOn, localityId },
            {
              onSuccess: () => {
                setName("");
                setStartsOn("");
                setEndsOn("");
                setTried(false);
                void refresh();
              },
            },
          );
        }}
      >
        <Group align="flex-start">
          <TextInput
            label="Term name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={tried ? termErrors.name : undefined}
          />
          <TextInput
            type="date"
            label="First day"
            value={startsOn}
            onChange={(e) => setStartsOn(e.currentTarget.value)}
            error={tried ? termErrors.startsOn : undefined}
          />
          <TextInput
            type="date"
            label="Last day"
            value={endsOn}
            onChange={(e) => setEndsOn(e.currentTarget.value)}
            error={tried ? termErrors.endsOn : undefined}
          />
          <Button type="submit" variant="default" mt={25} loading={createTerm.isPending}>
            Add term
          </Button>
        </Group>
      </form>
      {createTerm.error && <ErrorAlert error={createTerm.error} title="The term was not added" />}
      <form
        aria-label="Add a closure day"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!isIsoDate(closureDate) || !closureName.trim()) return;
          addClosure.mutate(
            { date: closureDate, name: closureName.trim(), siteId: closureSite || null },
            {
              onSuccess: () => {
                setClosureDate("");
                setClosureName("");
                void refresh();
              },
            },
          );
        }}
      >
        <Group align="flex-start">
          <TextInput
            type="date"
            label="Closure day"
            value={closureDate}
            onChange={(e) => setClosureDate(e.currentTarget.value)}
          />
          <TextInput
            label="What it is"
            placeholder="Early May bank holiday"
            value={closureName}
            onChange={(e) => setClosureName(e.currentTarget.value)}
          />
          <SiteSelect
            label="Where"
            emptyLabel="Every centre (a bank holiday)"
            emptySelectable
            value={closureSite}
            onChange={setClosureSite}
          />
          <Button type="submit" variant="default" mt={25} loading={addClosure.isPending}>
            Add closure day
          </Button>
        </Group>
      </form>
      {addClosure.error && (
        <ErrorAlert error={addClosure.error} title="The closure day was not added" />
      )}
    </Stack>
  );
}
