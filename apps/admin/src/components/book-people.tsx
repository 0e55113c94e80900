// Booking people onto a session or onto its whole course: find a family of the locality, tick
// who comes (or the whole family), book. Outside the programme's age range the server asks for
// a reason; the form then shows a reason field and keeps the ticks.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatAge } from "../lib/dates";
import { readError } from "../lib/errors";
import { useTRPC } from "../trpc";
import { ErrorAlert } from "./error-alert";
import { Loading } from "./loading";

type Outcome = { id: string; name: string; text: string; ok: boolean };

function FamilyMembers({
  familyId,
  sessionId,
  seriesId,
}: {
  familyId: string;
  sessionId: string;
  seriesId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const family = useQuery(trpc.families.get.queryOptions({ id: familyId }));
  const book = useMutation(trpc.bookings.book.mutationOptions());
  const bookCourse = useMutation(trpc.bookings.bookCourse.mutationOptions());
  const [ticked, setTicked] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [needsReason, setNeedsReason] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);

  if (family.isPending) return <Loading label="Loading the family" />;
  if (family.isError) return <ErrorAlert error={family.error} />;
  const members = family.data.members;

  async function run(whole: "session" | "course") {
    setBusy(true);
    const results: Outcome[] = [];
    let askReason = false;
    for (const id of ticked) {
      const member = members.find((m) => m.id === id);
      const name = member ? `${member.firstName} ${member.lastName}` : "";
      const overrideReason = reason.trim() || null;
      try {
        if (whole === "course" && seriesId) {
          const r = await bookCourse.mutateAsync({ seriesId, personId: id, overrideReason });
          results.push({
            id,
            name,
            ok: true,
            text: `booked on ${r.booked} sessions${r.waiting ? `, waiting for ${r.waiting}` : ""}`,
          });
        } else {
          const r = await book.mutateAsync({ sessionId, personId: id, overrideReason });
          results.push({
            id,
            name,
            ok: true,
            text:
              r.status === "waiting"
                ? "on the waiting list"
                : r.heldPlace
                  ? "booked (a place held for priority families)"
                  : "booked",
          });
        }
      } catch (error) {
        const message = readError(error).message;
        if (message.includes("give a reason for the override")) askReason = true;
        results.push({ id, name, ok: false, text: message });
      }
    }
    setOutcomes(results);
    setNeedsReason(askReason);
    // Those booked are unticked; those refused stay ticked to try again with a reason.
    setTicked(ticked.filter((id) => results.some((r) => r.id === id && !r.ok)));
    setBusy(false);
    await queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() });
  }

  return (
    <Stack gap="sm">
      <Checkbox.Group
        label={`Who from the ${family.data.surname} family`}
        value={ticked}
        onChange={setTicked}
      >
        <Stack gap={6} mt="xs">
          {members.map((m) => (
            <Checkbox
              key={m.id}
              value={m.id}
              label={`${m.firstName} ${m.lastName}${m.dateOfBirth ? `, ${formatAge(m.dateOfBirth)}` : ""}`}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <div>
        <Button variant="subtle" size="xs" onClick={() => setTicked(members.map((m) => m.id))}>
          Tick the whole family
        </Button>
      </div>
      {needsReason && (
        <TextInput
          label="Reason for booking outside the age range"
          description="Kept with the booking and in the audit log"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
      {outcomes.length > 0 && (
        <Alert
          color={outcomes.every((o) => o.ok) ? "teal" : "orange"}
          title="Bookings"
          role="status"
          data-testid="booking-outcome"
        >
          <List size="sm">
            {outcomes.map((o) => (
              <List.Item key={o.id}>
                {o.name}: {o.text}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group>
        <Button disabled={ticked.length === 0} loading={busy} onClick={() => void run("session")}>
          Book on this session
        </Button>
        {seriesId && (
          <Button
            variant="light"
            disabled={ticked.length === 0}
            loading={busy}
            onClick={() => void run("course")}
          >
            Book on the whole course
          </Button>
        )}
      </Group>
    </Stack>
  );
}

export function BookPeople({
  sessionId,
  seriesId,
}: {
  sessionId: string;
  seriesId: string | null;
}) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [query] = useDebouncedValue(text.trim(), 300);
  const [familyId, setFamilyId] = useState<string | null>(null);
  const results = useQuery({
    ...trpc.families.search.queryOptions({ query, limit: 8 }),
    enabled: query.length >= 2,
  });
  return (
    <Paper withBorder p="lg" radius="md" className="no-print">
      <Stack gap="sm">
        <Title order={2} size="h3">
          Book someone
        </Title>
        <TextInput
          label="Find a family"
          description="Surname, a first name or the postcode"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setFamilyId(null);
          }}
          w={360}
        />
        {query.length >= 2 && !familyId && (
          <>
            {results.isPending ? (
              <Loading label="Searching" />
            ) : results.isError ? (
              <ErrorAlert error={results.error} />
            ) : results.data.length === 0 ? (
              <Text size="sm">
                No family of your locality matches "{query}". Check the spelling, or register them
                first.
              </Text>
            ) : (
              <Stack gap={4} role="list" aria-label="Families found">
                {results.data.map((f) => (
                  <div role="listitem" key={f.id}>
                    <Button variant="subtle" size="compact-sm" onClick={() => setFamilyId(f.id)}>
                      {f.surname}, {f.postcode ?? "no postcode"} ({f.members}{" "}
                      {f.members === 1 ? "person" : "people"}, {f.siteName})
                    </Button>
                  </div>
                ))}
              </Stack>
            )}
          </>
        )}
        {familyId && (
          <FamilyMembers
            key={familyId}
            familyId={familyId}
            sessionId={sessionId}
            seriesId={seriesId}
          />
        )}
      </Stack>
    </Paper>
  );
}
