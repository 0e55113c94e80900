import type { RouterOutputs } from "@familyhub/api";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { BookPeople } from "../components/book-people";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { Bookings, CorrectCheckIn, Headcounts, ToConfirm } from "../components/register-parts";
import { RequirePermission } from "../components/require-permission";
import { formatLongDate, formatTime } from "../lib/dates";
import "../components/register.css";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Attendance = RouterOutputs["sessions"]["register"]["attendances"][number];

function how(attendance: Attendance): string {
  switch (attendance.method) {
    case "kiosk":
      return attendance.kioskName ? `Kiosk "${attendance.kioskName}"` : "Kiosk";
    case "staff":
      return "Staff";
    case "import":
      return "Import";
  }
}

function peopleCount(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

type RegisterData = RouterOutputs["sessions"]["register"];

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="lg">
        {value}
      </Text>
    </Paper>
  );
}

/**
 * The paper register, printed to take to an outreach venue with no kiosk: everyone booked with
 * a box to tick, and empty rows for walk-ins. Only on paper.
 */
function PaperRegister({ register }: { register: RegisterData }) {
  const booked = register.bookings.filter((b) => b.status === "booked");
  const blanks = Math.max(8, (register.session.capacity ?? 0) - booked.length);
  return (
    <table className="print-only paper-register" data-testid="paper-register">
      <caption>Paper register: tick who came, write in walk-ins</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Here</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {booked.map((b) => (
          <tr key={b.id}>
            <td>
              {b.firstName} {b.lastName}
            </td>
            <td className="paper-register__box">{b.attended ? "✓" : ""}</td>
            <td />
          </tr>
        ))}
        {Array.from({ length: blanks }, (_, i) => (
          // Empty rows have nothing but their place to tell them apart.
          <tr key={`blank-${i}`} className="paper-register__blank">
            <td />
            <td className="paper-register__box" />
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Register({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const canReadFamilies = useCan("family:read");
  const canPlan = useCan("programme:write");
  const canBook = useCan("booking:write");
  const canWrite = useCan("register:write");
  // Families keep arriving during a session, so the register keeps itself up to date.
  const register = useQuery(
    trpc.sessions.register.queryOptions({ id: sessionId }, { refetchInterval: 30_000 }),
  );

  if (register.isPending) return <Loading label="Loading the register" />;
  if (register.isError) {
    return (
      <Page title="Register">
        <ErrorAlert error={register.error} onRetry={() => void register.refetch()} />
        <AnchorLink to="/">Back to today's sessions</AnchorLink>
      </Page>
    );
  }

  const { session, attendances, summary } = register.data;
  const adults = attendances.filter((a) => a.role === "adult").length;
  const children = attendances.length - adults;
  const priority = attendances.filter((a) => a.priority).length;
  const when = `${formatLongDate(session.startsAt)}, ${formatTime(session.startsAt)}–${formatTime(session.endsAt)}`;

  return (
    <Page
      title={session.programmeName}
      documentTitle={`Register: ${session.programmeName}, ${formatLongDate(session.startsAt)}`}
      description={
        <>
          {session.siteName}
          <br />
          {when}
        </>
      }
      actions={
        <>
          <AnchorLink to="/" size="sm">
            Back to today
          </AnchorLink>
          {canPlan && (
            <AnchorLink to="/sessions/$sessionId/edit" params={{ sessionId }} size="sm">
              Edit or cancel this session
            </AnchorLink>
          )}
          {session.seriesId && (
            <AnchorLink to="/courses/$seriesId" params={{ seriesId: session.seriesId }} size="sm">
              Course completion
            </AnchorLink>
          )}
          <Button variant="default" onClick={() => window.print()}>
            Print register
          </Button>
        </>
      }
    >
      <Group gap="sm" aria-live="polite">
        <Text fw={600} data-testid="register-count">
          {peopleCount(attendances.length)} checked in
        </Text>
        <Text c="dimmed" size="sm">
          {adults} {adults === 1 ? "adult" : "adults"}, {children}{" "}
          {children === 1 ? "child" : "children"}
          {session.capacity ? ` · capacity ${session.capacity}` : ""}
        </Text>
        {priority > 0 && (
          <Text c="dimmed" size="sm" className="no-print" data-testid="register-priority-count">
            {priority} from priority target groups
          </Text>
        )}
        <Button
          variant="subtle"
          size="xs"
          className="no-print"
          onClick={() => void register.refetch()}
          loading={register.isFetching}
        >
          Refresh
        </Button>
      </Group>
      {session.cancelledAt && (
        <Alert color="gray" title="This session is cancelled">
          {session.cancelReason}
        </Alert>
      )}
      <SimpleGrid
        cols={{ base: 2, sm: 4, lg: 8 }}
        className="register-summary"
        data-testid="register-summary"
      >
        <Figure label="Booked" value={summary.booked} />
        <Figure label="Waiting" value={summary.waiting} />
        <Figure label="Held places" value={session.heldPlaces} />
        <Figure label="Checked in" value={summary.checkedIn} />
        <Figure label="Walk-ins" value={summary.walkIns} />
        <Figure label="No-shows" value={summary.noShows} />
        <Figure label="Cancelled" value={summary.cancelled} />
        <Figure label="Counted, no names" value={summary.anonymous} />
      </SimpleGrid>
      <ToConfirm sessionId={sessionId} attendances={attendances} />
      <Title order={2} size="h3">
        Checked in
      </Title>
      {attendances.length === 0 ? (
        <EmptyState title="No one has checked in yet. Families check in at the kiosk by the door." />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing="xs" data-testid="register-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Adult or child</Table.Th>
                <Table.Th scope="col">Checked in</Table.Th>
                <Table.Th scope="col">How</Table.Th>
                {canWrite && (
                  <Table.Th scope="col" className="no-print">
                    <span className="visually-hidden">Correct</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attendances.map((attendance) => {
                const name = `${attendance.firstName} ${attendance.lastName}`;
                return (
                  <Table.Tr key={attendance.id}>
                    <Table.Td>
                      {canReadFamilies ? (
                        <AnchorLink
                          to="/families/$familyId"
                          params={{ familyId: attendance.familyId }}
                        >
                          {name}
                        </AnchorLink>
                      ) : (
                        name
                      )}
                      {attendance.priority && (
                        // Not on the printout: a register left on a table must not say who is
                        // in a priority target group.
                        <Badge
                          ml="xs"
                          size="sm"
                          variant="light"
                          color="orange"
                          className="no-print"
                          data-testid="priority-badge"
                        >
                          Priority
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={attendance.role === "adult" ? "blue" : "grape"}
                        className="print-plain"
                      >
                        {attendance.role === "adult" ? "Adult" : "Child"}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatTime(attendance.checkedInAt)}</Table.Td>
                    <Table.Td>
                      {how(attendance)}
                      {attendance.walkIn && (
                        <Badge
                          ml="xs"
                          size="sm"
                          variant="light"
                          color="cyan"
                          className="print-plain"
                        >
                          Walk-in
                        </Badge>
                      )}
                      {attendance.unconfirmed && (
                        <Badge ml="xs" size="sm" variant="light" color="orange">
                          To confirm
                        </Badge>
                      )}
                    </Table.Td>
                    {canWrite && (
                      <Table.Td className="no-print">
                        <CorrectCheckIn attendance={attendance} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Bookings register={register.data} />
      <PaperRegister register={register.data} />
      {canBook && !session.cancelledAt && (
        <BookPeople sessionId={sessionId} seriesId={session.seriesId} />
      )}
      <div className="no-print">
        <Headcounts key={register.dataUpdatedAt} register={register.data} />
      </div>
      <Stack gap={0} className="print-only">
        <Text size="xs">
          Printed {formatLongDate(new Date())} at {formatTime(new Date())}. This register holds
          personal data: keep it safe and shred it when it is no longer needed.
        </Text>
      </Stack>
    </Page>
  );
}

function RegisterPage() {
  const { sessionId } = sessionRegisterRoute.useParams();
  return (
    <RequirePermission permission="register:read">
      <Register sessionId={sessionId} />
    </RequirePermission>
  );
}

export const sessionRegisterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/sessions/$sessionId",
  component: RegisterPage,
});
