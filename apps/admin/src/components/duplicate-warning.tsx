// "Is this the same family?": what staff typed beside the families already registered that may
// be the same one, so they open the existing record instead of registering it twice.
import type { RouterOutputs } from "@familyhub/api";
import {
  Badge,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useEffect, useRef } from "react";
import { formatDate } from "../lib/dates";
import { ButtonLink } from "./links";

export type DuplicateCandidate = RouterOutputs["families"]["findDuplicates"][number];

export type TypedFamily = {
  postcode: string;
  members: {
    firstName: string;
    lastName: string;
    dateOfBirth?: string | null | undefined;
    expectedDueDate?: string | null | undefined;
    role: "adult" | "child";
  }[];
};

function born(member: {
  dateOfBirth?: string | null | undefined;
  expectedDueDate?: string | null | undefined;
}) {
  if (member.dateOfBirth) return formatDate(member.dateOfBirth);
  if (member.expectedDueDate) return `Due ${formatDate(member.expectedDueDate)}`;
  return "–";
}

function MemberTable({
  label,
  members,
}: {
  label: string;
  members: { firstName: string; lastName: string; born: string; role: "adult" | "child" }[];
}) {
  return (
    <Table verticalSpacing={4} aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Name</Table.Th>
          <Table.Th scope="col">Born</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((m, index) => (
          <Table.Tr key={`${m.firstName}-${index}`}>
            <Table.Td>
              {m.firstName} {m.lastName}
              {m.role === "child" ? "" : " (adult)"}
            </Table.Td>
            <Table.Td>{m.born}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Candidate({ candidate }: { candidate: DuplicateCandidate }) {
  const strength = candidate.score >= 70 ? "Strong match" : "Possible match";
  return (
    <Paper withBorder p="md" radius="md" data-testid="duplicate-candidate">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={0}>
            <Title order={4}>The {candidate.surname} family</Title>
            <Text size="sm" c="dimmed">
              Registered at {candidate.siteName}
              {candidate.postcode ? `, ${candidate.postcode}` : ""}
            </Text>
          </Stack>
          <Group gap={4}>
            {candidate.status === "pending" && (
              <Badge color="yellow" variant="light">
                Waiting to be checked
              </Badge>
            )}
            <Badge color={candidate.score >= 70 ? "red" : "orange"} variant="light">
              {strength}
            </Badge>
          </Group>
        </Group>
        <MemberTable
          label={`Members of the ${candidate.surname} family`}
          members={candidate.members.map((m) => ({
            ...m,
            born: m.dateOfBirth
              ? formatDate(m.dateOfBirth)
              : m.yearOfBirth
                ? `in ${m.yearOfBirth}`
                : "Not born yet",
          }))}
        />
        <Text size="sm" fw={500}>
          Why it may be the same family
        </Text>
        <List size="sm" spacing={2}>
          {candidate.reasons.map((reason) => (
            <List.Item key={reason}>{reason}</List.Item>
          ))}
        </List>
        {candidate.canOpen && candidate.familyId ? (
          <Group>
            <ButtonLink
              to="/families/$familyId"
              params={{ familyId: candidate.familyId }}
              variant="filled"
            >
              Open this family
            </ButtonLink>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            This family is registered in another locality, so you cannot open it here. If it is the
            same family, ask {candidate.siteName} to share the record with your centre rather than
            registering them again.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

type Props = {
  typed: TypedFamily;
  candidates: DuplicateCandidate[];
  onRegisterNew: () => void;
  registering: boolean;
};

/** The family being registered, side by side with the families it may already be. */
export function DuplicateWarning({ typed, candidates, onRegisterNew, registering }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.current?.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    heading.current?.focus();
  }, [candidates]);

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      bg="yellow.0"
      role="region"
      aria-labelledby="duplicate-warning-title"
      data-testid="duplicate-warning"
    >
      <Stack>
        <Stack gap={4}>
          <Title order={2} size="h3" id="duplicate-warning-title" ref={heading} tabIndex={-1}>
            Is this the same family?
          </Title>
          <Text size="sm">
            {candidates.length === 1
              ? "A family already registered in the authority looks like this one."
              : `${candidates.length} families already registered in the authority look like this one.`}{" "}
            Compare them. If it is the same family, open it and update it instead: a family is
            registered once, and every centre knows them.
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Title order={4}>You are registering</Title>
              <Text size="sm" c="dimmed">
                {typed.postcode}
              </Text>
              <MemberTable
                label="The family you are registering"
                members={typed.members.map((m) => ({ ...m, born: born(m) }))}
              />
            </Stack>
          </Paper>
          <Stack gap="md">
            {candidates.map((candidate, index) => (
              <Candidate key={candidate.familyId ?? `other-${index}`} candidate={candidate} />
            ))}
          </Stack>
        </SimpleGrid>
        <Group>
          <Button variant="default" loading={registering} onClick={onRegisterNew}>
            Register as a new family
          </Button>
          <Text size="sm" c="dimmed">
            Only if none of these is the family you are registering.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
