// Parts of a session's register: the kiosk's offline check-ins to confirm, correcting a
// mistaken check-in, the bookings with marking attendance by hand, the waiting list and
// cancellations, and the anonymous counts for detached and drop-in youth work.
import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime, formatTime } from "../lib/dates";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { ErrorAlert } from "./error-alert";

type Register = RouterOutputs["sessions"]["register"];
type Attendance = Register["attendances"][number];
type Booking = Register["bookings"][number];

function useRefreshRegister() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() });
}

/** A button that asks for a reason in a dialog, then acts: a correction or a cancellation. */
export function ReasonButton({
  label,
  ariaLabel,
  title,
  explain,
  confirmLabel,
  onConfirm,
  error,
  pending,
}: {
  label: string;
  ariaLabel: string;
  title: string;
  explain: string;
  confirmLabel: string;
  onConfirm: (reason: string, done: () => void) => void;
  error: unknown;
  pending: boolean;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        onClick={open}
        aria-label={ariaLabel}
        className="no-print"
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (!reason.trim()) return;
            onConfirm(reason.trim(), () => {
              setReason("");
              setTried(false);
              close();
            });
          }}
        >
          <Stack>
            <Text size="sm">{explain}</Text>
            <Textarea
              label="Reason"
              data-autofocus
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={tried && !reason.trim() ? "Give a reason" : undefined}
            />
            {error ? <ErrorAlert error={error} title="Nothing was changed" /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Back
              </Button>
              <Button type="submit" color="red" loading={pending}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Removes a mistaken check-in; the reason is audited. */
export function CorrectCheckIn({ attendance }: { attendance: Attendance }) {
  const trpc = useTRPC();
  const refresh = useRefreshRegister();
  const remove = useMutation(trpc.sessions.removeAttendance.mutationOptions());
  const name = `${attendance.firstName} ${attendance.lastName}`;
  return (
    <ReasonButton
      label={attendance.unconfirmed ? "Not here" : "Correct"}
      // The visible word starts the accessible name (axe: label-content-name-mismatch).
      ariaLabel={attendance.unconfirmed ? `Not here: ${name}` : `Correct ${name}'s check-in`}
      title={`Remove ${name}'s check-in?`}
      explain="The check-in is taken off the register. Say why: the reason is kept in the audit log."
      confirmLabel="Remove the check-in"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={(reason, done) =>
        remove.mutate(
          { attendanceId: attendance.id, reason },
          {
            onSuccess: () => {
              done();
              void refresh();
            },
          },
        )
      }
    />
  );
}

/** The kiosk checked a whole family in while offline: staff confirm who really came. */
export function ToConfirm({
  sessionId,
  attendances,
}: {
  sessionId: string;
  attendances: Attendance[];
}) {
  const trpc = useTRPC();
  const refresh = useRefreshRegister();
  const canWrite = useCan("register:write");
  const confirm = useMutation(trpc.sessions.markAttendance.mutationOptions());
  const waiting = attendances.filter((a) => a.unconfirmed);
  if (waiting.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" className="no-print" data-testid="to-confirm">
      <Stack gap="xs">
        <Title order={2} size="h4">
          To confirm ({waiting.length})
        </Title>
        <Text size="sm" c="dimmed">
          The kiosk was offline and checked in whole families. Confirm those who came; remove anyone
          who did not.
        </Text>
        {waiting.map((a) => (
          <Group key={a.id} gap="sm">
            <Text size="sm" w={220}>
              {a.firstName} {a.lastName}
              <Text span size="xs" c="dimmed">
                {" "}
                {formatTime(a.checkedInAt)}
              </Text>
            </Text>
            {canWrite && (
              <>
                <Button
                  size="compact-xs"
                  variant="light"
                  loading={confirm.isPending}
                  onClick={() =>
                    confirm.mutate(
                      { sessionId, personIds: [a.personId] },
                      { onSuccess: () => void refresh() },
                    )
                  }
                  aria-label={`Confirm ${a.firstName} ${a.lastName} came`}
                >
                  Confirm
                </Button>
                <CorrectCheckIn attendance={a} />
              </>
            )}
          </Group>
        ))}
        {confirm.error && <ErrorAlert error={confirm.error} />}
      </Stack>
    </Paper>
  );
}

function CancelBooking({ booking }: { booking: Booking }) {
  const trpc = useTRPC();
  const refresh = useRefreshRegister();
  const cancel = useMutation(trpc.bookings.cancel.mutationOptions());
  const name = `${booking.firstName} ${booking.lastName}`;
  return (
    <ReasonButton
      label="Cancel"
      ariaLabel={`Cancel ${name}'s booking`}
      title={`Cancel ${name}'s booking?`}
      explain="The place goes to the first person on the waiting list."
      confirmLabel="Cancel the booking"
      error={cancel.error}
      pending={cancel.isPending}
      onConfirm={(reason, done) =>
        cancel.mutate(
          { bookingId: booking.id, reason },
          {
            onSuccess: () => {
              done();
              void refresh();
            },
          },
        )
      }
    />
  );
}

/** Booked people: who came, who did not, and ticking people present by hand (the paper fallback). */
export function Bookings({ register }: { register: Register }) {
  const trpc = useTRPC();
  const refresh = useRefreshRegister();
  const canWrite = useCan("register:write");
  const canBook = useCan("booking:write");
  const mark = useMutation(trpc.sessions.markAttendance.mutationOptions());
  const [ticked, setTicked] = useState<string[]>([]);
  const booked = register.bookings.filter((b) => b.status === "booked");
  const waiting = register.bookings.filter((b) => b.status === "waiting");
  const cancelled = register.bookings.filter((b) => b.status === "cancelled");
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} size="h3">
          Booked ({booked.length}
          {register.session.capacity ? ` of ${register.session.capacity}` : ""})
        </Title>
        {booked.length === 0 ? (
          <Text size="sm" c="dimmed">
            No one is booked. Book people below, or let families drop in.
          </Text>
        ) : (
          <Table striped verticalSpacing="xs" data-testid="bookings-table">
            <Table.Thead>
              <Table.Tr>
                {canWrite && (
                  <Table.Th scope="col" className="no-print">
                    <span className="visually-hidden">Mark present</span>
                  </Table.Th>
                )}
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Here</Table.Th>
                <Table.Th scope="col" className="no-print">
                  Booking
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {booked.map((b) => {
                const name = `${b.firstName} ${b.lastName}`;
                return (
                  <Table.Tr key={b.id}>
                    {canWrite && (
                      <Table.Td className="no-print">
                        {!b.attended && (
                          <Checkbox
                            aria-label={`Mark ${name} present`}
                            checked={ticked.includes(b.personId)}
                            onChange={(e) => {
                              const on = e.currentTarget.checked;
                              setTicked((t) =>
                                on ? [...t, b.personId] : t.filter((id) => id !== b.personId),
                              );
                            }}
                          />
                        )}
                      </Table.Td>
                    )}
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>
                      {b.attended ? (
                        <Badge color="teal" variant="light" className="print-plain">
                          Here
                        </Badge>
                      ) : b.noShow ? (
                        <Badge color="red" variant="light" className="print-plain">
                          No-show
                        </Badge>
                      ) : (
                        <Text span size="sm" c="dimmed">
                          Expected
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className="no-print">
                      <Group gap={4}>
                        {b.heldPlace && (
                          <Badge size="sm" color="orange" variant="light">
                            Held place
                          </Badge>
                        )}
                        {b.bookedOnCourse && (
                          <Badge size="sm" variant="light">
                            Whole course
                          </Badge>
                        )}
                        {b.overrideReason && (
                          <Badge size="sm" color="gray" variant="light" title={b.overrideReason}>
                            Age override
                          </Badge>
                        )}
                        {canBook && <CancelBooking booking={b} />}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        {canWrite && booked.some((b) => !b.attended) && (
          <Group className="no-print">
            <Button
              size="sm"
              variant="light"
              disabled={ticked.length === 0}
              loading={mark.isPending}
              onClick={() =>
                mark.mutate(
                  { sessionId: register.session.id, personIds: ticked },
                  {
                    onSuccess: () => {
                      setTicked([]);
                      void refresh();
                    },
                  },
                )
              }
            >
              Mark ticked people present
            </Button>
            {mark.error && <ErrorAlert error={mark.error} />}
          </Group>
        )}
      </Stack>
      {waiting.length > 0 && (
        <Stack gap="xs" className="no-print">
          <Title order={2} size="h3">
            Waiting list ({waiting.length})
          </Title>
          <Text size="sm" c="dimmed">
            In the order places are offered when one comes free.
          </Text>
          <Table verticalSpacing="xs" data-testid="waiting-table">
            <Table.Tbody>
              {waiting.map((b, i) => (
                <Table.Tr key={b.id}>
                  <Table.Td w={40}>{i + 1}.</Table.Td>
                  <Table.Td>
                    {b.firstName} {b.lastName}
                  </Table.Td>
                  <Table.Td>
                    <Text span size="xs" c="dimmed">
                      asked {formatDateTime(b.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{canBook && <CancelBooking booking={b} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {cancelled.length > 0 && (
        <Stack gap="xs" className="no-print">
          <Title order={2} size="h3">
            Cancelled ({cancelled.length})
          </Title>
          <Table verticalSpacing="xs" data-testid="cancelled-table">
            <Table.Tbody>
              {cancelled.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    {b.firstName} {b.lastName}
                  </Table.Td>
                  <Table.Td>{b.cancelReason}</Table.Td>
                  <Table.Td>
                    <Text span size="xs" c="dimmed">
                      {b.cancelledAt ? formatDateTime(b.cancelledAt) : ""}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}

const ageBands = ["0-4", "5-10", "11-15", "16-19", "20-25"] as const;
const sexes = ["female", "male", "unknown"] as const;
const sexLabels: Record<(typeof sexes)[number], string> = {
  female: "Female",
  male: "Male",
  unknown: "Not known",
};

/** Anonymous counts for detached and drop-in youth work, where names are not taken. */
export function Headcounts({ register }: { register: Register }) {
  const trpc = useTRPC();
  const refresh = useRefreshRegister();
  const canWrite = useCan("register:write");
  const save = useMutation(trpc.sessions.setHeadcounts.mutationOptions());
  const initial: Record<string, number> = {};
  for (const h of register.headcounts) initial[`${h.ageBand}|${h.sex}`] = h.count;
  const [counts, setCounts] = useState(initial);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        Counted without names ({register.summary.anonymous})
      </Title>
      <Text size="sm" c="dimmed">
        For detached and drop-in youth work: how many came, by age and sex. No one is named.
      </Text>
      <form
        aria-label="Anonymous counts"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(
            {
              sessionId: register.session.id,
              counts: ageBands.flatMap((ageBand) =>
                sexes.map((sex) => ({ ageBand, sex, count: counts[`${ageBand}|${sex}`] ?? 0 })),
              ),
            },
            { onSuccess: () => void refresh() },
          );
        }}
      >
        <Table withTableBorder verticalSpacing={4} maw={560} data-testid="headcounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Age</Table.Th>
              {sexes.map((sex) => (
                <Table.Th scope="col" key={sex}>
                  {sexLabels[sex]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ageBands.map((band) => (
              <Table.Tr key={band}>
                <Table.Th scope="row" style={{ whiteSpace: "nowrap" }}>
                  {band.replace("-", "–")}
                </Table.Th>
                {sexes.map((sex) => (
                  <Table.Td key={sex}>
                    <NumberInput
                      size="xs"
                      min={0}
                      max={1000}
                      aria-label={`${sexLabels[sex]}, aged ${band.replace("-", " to ")}`}
                      value={counts[`${band}|${sex}`] ?? 0}
                      readOnly={!canWrite}
                      onChange={(v) =>
                        setCounts((c) => ({
                          ...c,
                          [`${band}|${sex}`]: typeof v === "number" ? v : Number(v) || 0,
                        }))
                      }
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canWrite && (
          <Group mt="sm" className="no-print">
            <Button type="submit" variant="light" loading={save.isPending}>
              Save the counts ({total})
            </Button>
            {save.isSuccess && (
              <Text size="sm" role="status">
                Saved.
              </Text>
            )}
          </Group>
        )}
        {save.error && <ErrorAlert error={save.error} title="The counts were not saved" />}
      </form>
    </Stack>
  );
}
