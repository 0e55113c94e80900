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
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { ConfirmButton } from "../components/confirm-button";
import { ErrorAlert } from "../components/error-alert";
import { CardPanel, type IssuedCard } from "../components/family-card";
import { FamilyFlagsPanel } from "../components/family-flags-panel";
import { FamilyRightsActions } from "../components/family-rights";
import { AnchorLink, ButtonLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { MergeFamilyButton } from "../components/merge-family";
import { RequirePermission } from "../components/require-permission";
import { formatAge, formatDate, formatDateTime } from "../lib/dates";
import {
  consentLabels,
  ethnicityLabel,
  howHeardLabels,
  isHowHeard,
  isRelationship,
  relationshipLabels,
  senLabels,
  sexLabels,
} from "../lib/registration-labels";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Family = RouterOutputs["families"]["get"];

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text fw={500} component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

type Member = Family["members"][number];

/** The optional details of a member, in words, for one line under the name. */
function memberDetails(member: Member): string {
  const details = [
    member.relationship && isRelationship(member.relationship)
      ? relationshipLabels[member.relationship]
      : null,
    member.sex ? sexLabels[member.sex] : null,
    ethnicityLabel(member.ethnicity),
    member.firstLanguage ? `First language ${member.firstLanguage}` : null,
    member.disability ? "Has a disability" : null,
    member.sen ? senLabels[member.sen] : null,
  ];
  return details.filter((d) => d !== null).join(" · ");
}

function Members({ members }: { members: Family["members"] }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Adult or child</Table.Th>
            <Table.Th scope="col">Date of birth</Table.Th>
            <Table.Th scope="col">Age</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => {
            const details = memberDetails(member);
            return (
              <Table.Tr key={member.id}>
                <Table.Td>
                  {member.firstName} {member.lastName}
                  {details && (
                    <Text size="xs" c="dimmed">
                      {details}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{member.role === "adult" ? "Adult" : "Child"}</Table.Td>
                <Table.Td>
                  {member.dateOfBirth
                    ? formatDate(member.dateOfBirth)
                    : member.expectedDueDate
                      ? `Not born yet (due ${formatDate(member.expectedDueDate)})`
                      : "Not born yet"}
                </Table.Td>
                <Table.Td>{member.dateOfBirth ? formatAge(member.dateOfBirth) : "–"}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Consents({ consents }: { consents: Family["consents"] }) {
  if (!consents.some((c) => c.kind === "privacy_notice")) {
    return (
      <Text size="sm" c="red">
        No consent is recorded for this family. Ask them to read the privacy notice.
      </Text>
    );
  }
  const given = (kind: "data_sharing" | "photographs") =>
    consents.some((c) => c.kind === kind && !c.withdrawnAt);
  return (
    <Stack gap="xs" data-testid="consents">
      {consents.map((consent) => (
        <Text key={consent.id} size="sm">
          {consentLabels[consent.kind]}
          {consent.kind === "privacy_notice" ? ` version ${consent.version}` : ""}: agreed{" "}
          {formatDate(consent.givenAt)}
          {consent.withdrawnAt ? `, withdrawn ${formatDate(consent.withdrawnAt)}` : ""}
        </Text>
      ))}
      {!given("data_sharing") && (
        <Text size="sm" c="dimmed">
          No consent to share information with partner services.
        </Text>
      )}
      {!given("photographs") && (
        <Text size="sm" c="dimmed">
          No consent to photographs.
        </Text>
      )}
    </Stack>
  );
}

function Cards({ family, onIssued }: { family: Family; onIssued: (card: IssuedCard) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("card:write");
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey });
  const issue = useMutation(
    trpc.families.issueCard.mutationOptions({
      onSuccess: (card) => {
        onIssued(card);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.families.revokeCard.mutationOptions({ onSuccess: refresh }));
  const active = family.cards.find((card) => !card.revokedAt);

  return (
    <Stack>
      {family.cards.length === 0 ? (
        <Text size="sm">
          The family has no card yet. Issue one so they can check in at the kiosk.
        </Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="cards-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Issued</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {family.cards.map((card) => (
              <Table.Tr key={card.id}>
                <Table.Td>{formatDateTime(card.issuedAt)}</Table.Td>
                <Table.Td>
                  {card.revokedAt ? (
                    <Text size="sm" c="dimmed">
                      Revoked {formatDateTime(card.revokedAt)}
                    </Text>
                  ) : (
                    <Badge color="green" variant="light">
                      Active
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {!card.revokedAt && canWrite && (
                    <ConfirmButton
                      size="xs"
                      title="Revoke this card?"
                      message="The card will stop working at the kiosk at once. The family can be given a new card at any time."
                      confirmLabel="Revoke card"
                      loading={revoke.isPending}
                      onConfirm={() => revoke.mutate({ id: card.id })}
                    >
                      Revoke
                    </ConfirmButton>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {issue.isError && <ErrorAlert error={issue.error} title="No card was issued" />}
      {revoke.isError && <ErrorAlert error={revoke.error} title="The card was not revoked" />}
      {canWrite && (
        <Group>
          {active ? (
            <ConfirmButton
              color="teal"
              variant="filled"
              title="Issue a new card?"
              message="The family's current card will stop working as soon as the new one is issued. Use this when a card is lost or damaged."
              confirmLabel="Issue new card"
              loading={issue.isPending}
              onConfirm={() => issue.mutate({ id: family.id })}
            >
              Issue a new card
            </ConfirmButton>
          ) : (
            <Button
              className="no-print"
              loading={issue.isPending}
              onClick={() => issue.mutate({ id: family.id })}
            >
              Issue card
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

function FamilyDetails({ familyId }: { familyId: string }) {
  const trpc = useTRPC();
  const canWrite = useCan("family:write");
  const family = useQuery(trpc.families.get.queryOptions({ id: familyId }));
  // The token lives only here, in memory: it is gone when the page is left.
  const [issued, setIssued] = useState<IssuedCard | null>(null);

  if (family.isPending) return <Loading label="Loading the family" />;
  if (family.isError) {
    return (
      <Page title="Family">
        <ErrorAlert error={family.error} onRetry={() => void family.refetch()} />
        <AnchorLink to="/families">Back to families</AnchorLink>
      </Page>
    );
  }
  const data = family.data;
  // While a new card is on screen, printing prints the card and nothing about the family.
  const section = issued ? "no-print" : undefined;
  const address = [data.addressLine1, data.addressLine2, data.town].filter(Boolean).join(", ");
  const open = data.status !== "merged";

  return (
    <Page
      title={data.surname}
      documentTitle={`${data.surname} family`}
      actions={
        <>
          {open && canWrite && (
            <ButtonLink
              to="/families/$familyId/edit"
              params={{ familyId: data.id }}
              variant="light"
            >
              Edit family
            </ButtonLink>
          )}
          {open && <MergeFamilyButton family={data} />}
          <FamilyRightsActions family={data} />
          <AnchorLink to="/families">Back to families</AnchorLink>
        </>
      }
      headingPrintHidden={issued !== null}
    >
      {issued && <CardPanel card={issued} onDone={() => setIssued(null)} />}
      {data.status === "merged" && (
        <Alert color="gray" title="This record was merged into another" className={section}>
          The family was registered twice; everything here now belongs to the other record.{" "}
          {data.mergedIntoId && (
            <AnchorLink to="/families/$familyId" params={{ familyId: data.mergedIntoId }}>
              Open the family it was merged into
            </AnchorLink>
          )}
        </Alert>
      )}
      {data.status === "pending" && (
        <Alert color="yellow" title="Waiting to be checked" className={section}>
          The family registered themselves. A member of staff checks who they are before they get a
          card.
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md" className={section}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0}>
          <Detail label="Postcode">{data.postcode}</Detail>
          <Detail label="Address">{address || "Not recorded"}</Detail>
          <Detail label="Centre">{data.siteName}</Detail>
          <Detail label="Registered on">{formatDate(data.registeredOn)}</Detail>
          <Detail label="Phone">{data.phone ?? "Not recorded"}</Detail>
          <Detail label="Email">{data.email ?? "Not recorded"}</Detail>
          <Detail label="How they heard">
            {data.howHeard && isHowHeard(data.howHeard)
              ? howHeardLabels[data.howHeard]
              : "Not recorded"}
          </Detail>
        </SimpleGrid>
      </Paper>
      <Stack gap="xs" className={section}>
        <Title order={2} size="h3">
          Members
        </Title>
        <Members members={data.members} />
      </Stack>
      <Stack gap="xs" className={section}>
        <Title order={2} size="h3">
          Consent
        </Title>
        <Consents consents={data.consents} />
      </Stack>
      <div className={section}>
        <FamilyFlagsPanel familyId={data.id} />
      </div>
      <Stack gap="xs" className={section}>
        <Title order={2} size="h3">
          Cards
        </Title>
        <Cards family={data} onIssued={setIssued} />
      </Stack>
    </Page>
  );
}

function FamilyPage() {
  const { familyId } = familyRoute.useParams();
  return (
    <RequirePermission permission="family:read">
      <FamilyDetails familyId={familyId} />
    </RequirePermission>
  );
}

export const familyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/families/$familyId",
  component: FamilyPage,
});
