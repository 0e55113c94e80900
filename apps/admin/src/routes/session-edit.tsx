// Editing or cancelling one session of a series, and a course's completion. An edit sends back
// the version it read: when someone else saved first, the server refuses, nothing is
// overwritten and the form keeps what was typed so it can be saved again on purpose.
import { sessionUpdateInput } from "@familyhub/validators";
import { TZDate } from "@date-fns/tz";
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { SiteSelect } from "../components/site-select";
import { formatLongDate, formatTime, isIsoDate, LONDON } from "../lib/dates";
import { errorCode } from "../lib/errors";
import { numberOrNull, plural } from "../lib/programme-labels";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A London wall-clock date and time as the instant the API stores. */
function londonInstant(date: string, time: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split("-").map(Number);
  const [h = 0, min = 0] = time.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, h, min, LONDON).getTime());
}

function londonIsoDate(instant: Date): string {
  const t = new TZDate(instant.getTime(), LONDON);
  const mm = String(t.getMonth() + 1).padStart(2, "0");
  const dd = String(t.getDate()).padStart(2, "0");
  return `${t.getFullYear()}-${mm}-${dd}`;
}

function EditSession({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.sessions.get.queryOptions({ id }));
  if (current.isPending) return <Loading label="Loading the session" />;
  if (current.isError) {
    return (
      <Page title="Session">
        <ErrorAlert error={current.error} onRetry={() => void current.refetch()} />
      </Page>
    );
  }
  return (
    <SessionForm
      key={current.data.id}
      session={current.data}
      reload={async () => {
        const fresh = await current.refetch();
        await queryClient.invalidateQueries({ queryKey: trpc.planner.pathKey() });
        return fresh.data;
      }}
    />
  );
}

type Session = {
  id: string;
  programmeName: string;
  siteName: string;
  venueSiteId: string | null;
  seriesId: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  heldPlaces: number;
  holdReleaseHours: number;
  facilitators: string[];
  cancelledAt: Date | null;
  cancelReason: string | null;
  version: number;
  booked: number;
};

function SessionForm({
  session,
  reload,
}: {
  session: Session;
  reload: () => Promise<Session | undefined>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(session.version);
  const [latest, setLatest] = useState<Session | null>(null);
  const [date, setDate] = useState(londonIsoDate(session.startsAt));
  const [startTime, setStartTime] = useState(formatTime(session.startsAt));
  const [endTime, setEndTime] = useState(formatTime(session.endsAt));
  const [capacity, setCapacity] = useState<number | null>(session.capacity);
  const [heldPlaces, setHeldPlaces] = useState(session.heldPlaces);
  const [holdReleaseHours, setHoldReleaseHours] = useState(session.holdReleaseHours);
  const [facilitators, setFacilitators] = useState(session.facilitators);
  const [venueSiteId, setVenueSiteId] = useState(session.venueSiteId ?? "");
  const [reason, setReason] = useState("");
  const [issues, setIssues] = useState<Record<string, string>>({});
  const update = useMutation(trpc.sessions.update.mutationOptions());
  const cancel = useMutation(trpc.sessions.cancel.mutationOptions());
  const conflict = errorCode(update.error) === "CONFLICT" || errorCode(cancel.error) === "CONFLICT";

  const afterSave = async (newVersion: number) => {
    setVersion(newVersion);
    setLatest(null);
    await queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.planner.pathKey() });
  };

  const save = () => {
    const problems: Record<string, string> = {};
    if (!isIsoDate(date)) problems.date = "Enter the date";
    if (!clock.test(startTime)) problems.startTime = "Give the time as HH:MM, e.g. 09:30";
    if (!clock.test(endTime)) problems.endTime = "Give the time as HH:MM, e.g. 11:00";
    if (Object.keys(problems).length) return setIssues(problems);
    const input = {
      id: session.id,
      version,
      startsAt: londonInstant(date, startTime),
      endsAt: londonInstant(date, endTime),
      capacity,
      heldPlaces,
      holdReleaseHours,
      facilitators,
      venueSiteId: venueSiteId || null,
    };
    const parsed = sessionUpdateInput.safeParse(input);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === "endsAt" ? "endTime" : String(issue.path[0] ?? "form");
        found[key] = issue.message;
      }
      return setIssues(found);
    }
    setIssues({});
    cancel.reset();
    update.mutate(input, {
      onSuccess: (saved) => void afterSave(saved.version),
    });
  };

  const loadLatest = async () => {
    const fresh = await reload();
    if (!fresh) return;
    // What was typed stays in the form; the new version lets the person save it on purpose.
    setLatest(fresh);
    setVersion(fresh.version);
    update.reset();
    cancel.reset();
  };

  return (
    <Page
      title={`Edit ${session.programmeName}`}
      description={`${session.siteName}, ${formatLongDate(session.startsAt)} ${formatTime(session.startsAt)}–${formatTime(session.endsAt)} · ${plural(session.booked, "booking")}`}
      actions={
        <>
          <AnchorLink to="/sessions/$sessionId" params={{ sessionId: session.id }} size="sm">
            The register
          </AnchorLink>
          {session.seriesId && (
            <AnchorLink to="/courses/$seriesId" params={{ seriesId: session.seriesId }} size="sm">
              The whole course
            </AnchorLink>
          )}
        </>
      }
    >
      {session.cancelledAt && (
        <Alert color="gray" title="This session is cancelled">
          {session.cancelReason}
        </Alert>
      )}
      {conflict && (
        <Alert color="orange" title="Changed by someone else" role="alert" data-testid="conflict">
          <Stack gap="xs">
            <Text size="sm">
              Someone else saved this session while you were editing it, so nothing of yours was
              saved. What you typed is still below. Load their version to compare, then save yours
              again if it is still right.
            </Text>
            <div>
              <Button size="xs" variant="light" color="orange" onClick={() => void loadLatest()}>
                Load their version
              </Button>
            </div>
          </Stack>
        </Alert>
      )}
      {latest && (
        <Alert color="blue" title="Their version, now saved" data-testid="latest-version">
          {formatLongDate(latest.startsAt)} {formatTime(latest.startsAt)}–
          {formatTime(latest.endsAt)}
          {latest.capacity != null ? `, ${latest.capacity} places` : ""}
          {latest.heldPlaces ? `, ${latest.heldPlaces} held` : ""}
          {latest.facilitators.length ? `, with ${latest.facilitators.join(", ")}` : ""}. Save to
          replace it with what is in the form.
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md">
        <form
          aria-label="Edit this session"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="date"
                label="Date"
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
                error={issues.date}
              />
              <TextInput
                type="time"
                label="Starts at"
                value={startTime}
                onChange={(e) => setStartTime(e.currentTarget.value)}
                error={issues.startTime ?? issues.startsAt}
              />
              <TextInput
                type="time"
                label="Ends at"
                value={endTime}
                onChange={(e) => setEndTime(e.currentTarget.value)}
                error={issues.endTime}
              />
              <NumberInput
                label="Places"
                min={1}
                value={capacity ?? ""}
                onChange={(v) => setCapacity(numberOrNull(v))}
                error={issues.capacity}
              />
              <NumberInput
                label="Held for priority families"
                min={0}
                value={heldPlaces}
                onChange={(v) => setHeldPlaces(numberOrNull(v) ?? 0)}
                error={issues.heldPlaces}
              />
              <NumberInput
                label="Released, hours before"
                min={0}
                value={holdReleaseHours}
                onChange={(v) => setHoldReleaseHours(numberOrNull(v) ?? 0)}
                error={issues.holdReleaseHours}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TagsInput
                label="Facilitators"
                description="Type a name and press Enter"
                value={facilitators}
                onChange={setFacilitators}
              />
              <SiteSelect
                label="Where it happens"
                emptyLabel="At the centre itself"
                emptySelectable
                value={venueSiteId}
                onChange={setVenueSiteId}
              />
            </SimpleGrid>
            {update.error && !conflict && (
              <ErrorAlert error={update.error} title="The changes were not saved" />
            )}
            {update.isSuccess && (
              <Alert color="teal" title="Saved" role="status">
                The session is saved.
              </Alert>
            )}
            <Group>
              <Button
                type="submit"
                loading={update.isPending}
                disabled={session.cancelledAt !== null}
              >
                Save changes
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {!session.cancelledAt && (
        <Paper withBorder p="lg" radius="md">
          <form
            aria-label="Cancel this session"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim())
                return setIssues({ reason: "Give a reason for the cancellation" });
              update.reset();
              cancel.mutate(
                { id: session.id, version, reason: reason.trim() },
                { onSuccess: () => void reload() },
              );
            }}
          >
            <Stack>
              <Title order={2} size="h3">
                Cancel this session only
              </Title>
              <Text size="sm" c="dimmed">
                The other sessions of the course stay. Booked families should be told; the reason is
                kept with the session.
              </Text>
              <Textarea
                label="Reason"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={issues.reason}
              />
              {cancel.error && !conflict && (
                <ErrorAlert error={cancel.error} title="The session was not cancelled" />
              )}
              <div>
                <Button type="submit" color="red" variant="light" loading={cancel.isPending}>
                  Cancel the session
                </Button>
              </div>
            </Stack>
          </form>
        </Paper>
      )}
    </Page>
  );
}

function SessionEditPage() {
  const { sessionId } = sessionEditRoute.useParams();
  return (
    <RequirePermission permission="programme:write">
      <EditSession id={sessionId} />
    </RequirePermission>
  );
}

export const sessionEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/sessions/$sessionId/edit",
  component: SessionEditPage,
});

function Completion({ seriesId }: { seriesId: string }) {
  const trpc = useTRPC();
  const completion = useQuery(trpc.sessions.completion.queryOptions({ id: seriesId }));
  if (completion.isPending) return <Loading label="Counting attendance" />;
  if (completion.isError) {
    return (
      <Page title="Course">
        <ErrorAlert error={completion.error} onRetry={() => void completion.refetch()} />
      </Page>
    );
  }
  const { programmeName, siteName, people } = completion.data;
  const toRing = people.filter((p) => p.missedTwoInARow);
  return (
    <Page
      title={`${programmeName}: completion`}
      description={`${siteName}. Sessions attended out of those held so far; cancelled sessions are not counted.`}
      actions={
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
      }
    >
      {people.length === 0 ? (
        <EmptyState title="No one is booked on this course yet">
          Book people from the register of any of its sessions: "Book onto the whole course".
        </EmptyState>
      ) : (
        <>
          <Text fw={600} aria-live="polite">
            {toRing.length === 0
              ? "No one has missed the last two sessions."
              : `${plural(toRing.length, "person", "people")} missed the last two sessions: ring them.`}
          </Text>
          <Table striped verticalSpacing="xs" data-testid="completion-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col" ta="right">
                  Attended
                </Table.Th>
                <Table.Th scope="col">Follow up</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.map((p) => (
                <Table.Tr key={p.personId}>
                  <Table.Td>
                    {p.firstName} {p.lastName}
                  </Table.Td>
                  <Table.Td ta="right">
                    {p.attended} of {p.held}
                    <Text span size="xs" c="dimmed">
                      {" "}
                      ({p.total} in the course)
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {p.missedTwoInARow && (
                      <Badge color="red" variant="light">
                        Missed two in a row
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Page>
  );
}

function CoursePage() {
  const { seriesId } = courseRoute.useParams();
  return (
    <RequirePermission permission="register:read">
      <Completion seriesId={seriesId} />
    </RequirePermission>
  );
}

export const courseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/courses/$seriesId",
  component: CoursePage,
});
