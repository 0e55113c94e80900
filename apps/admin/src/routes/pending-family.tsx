import type { RouterOutputs } from "@familyhub/api";
import { type SelfRegistrationInput, selfRegistrationInput } from "@familyhub/validators";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { type ReactNode, useRef, useState } from "react";
import { ConfirmButton } from "../components/confirm-button";
import { ErrorAlert } from "../components/error-alert";
import { CardPanel, type IssuedCard } from "../components/family-card";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate, formatDateTime, londonToday } from "../lib/dates";
import { fieldError, inputProps } from "../lib/form";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";
import { ChannelBadge } from "./pending";

type PendingFamily = RouterOutputs["selfRegistration"]["get"];
type Duplicate = PendingFamily["duplicates"][number];

// The form holds exactly what the shared schema reads, so it validates the form as it does the API.
type Values = SelfRegistrationInput;

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

function born(member: { dateOfBirth: string | null; yearOfBirth: number | null }): string {
  if (member.dateOfBirth) return formatDate(member.dateOfBirth);
  return member.yearOfBirth ? `Born in ${member.yearOfBirth}` : "Not born yet";
}

type DuplicateProps = {
  duplicate: Duplicate;
  deciding: boolean;
  onExisting: (familyId: string) => void;
};

function DuplicateCard({ duplicate, deciding, onExisting }: DuplicateProps) {
  const { familyId } = duplicate;
  return (
    <Paper withBorder p="md" radius="md" data-testid="pending-duplicate">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={0}>
            <Title order={3} size="h4">
              The {duplicate.surname} family
            </Title>
            <Text size="sm" c="dimmed">
              Registered at {duplicate.siteName}
              {duplicate.postcode ? `, ${duplicate.postcode}` : ""}
            </Text>
          </Stack>
          <Group gap={4}>
            {duplicate.status === "pending" && (
              <Badge color="yellow" variant="light">
                Also waiting to be checked
              </Badge>
            )}
            <Badge color={duplicate.score >= 70 ? "red" : "orange"} variant="light">
              {duplicate.score >= 70 ? "Strong match" : "Possible match"}
            </Badge>
          </Group>
        </Group>
        <List size="sm">
          {duplicate.members.map((m, index) => (
            <List.Item key={`${m.firstName}-${index}`}>
              {m.firstName} {m.lastName} ({m.role}, {born(m)})
            </List.Item>
          ))}
        </List>
        {duplicate.reasons.length > 0 && (
          <Text size="sm" c="dimmed">
            Why: {duplicate.reasons.join("; ")}
          </Text>
        )}
        {familyId ? (
          <Group>
            <ConfirmButton
              color="teal"
              variant="filled"
              title={`Is this the ${duplicate.surname} family you already know?`}
              message="The registration waiting to be checked will be closed as a duplicate of this family (nothing is deleted), and the family's record will open so you can update it."
              confirmLabel="Yes, it is this family"
              loading={deciding}
              onConfirm={() => onExisting(familyId)}
            >
              This is an existing family
            </ConfirmButton>
          </Group>
        ) : (
          <Text size="sm">
            This family is registered in another locality, so you cannot open it. Ask{" "}
            {duplicate.siteName} to check it with you before you accept this registration.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Duplicates({
  family,
  deciding,
  onExisting,
}: {
  family: PendingFamily;
  deciding: boolean;
  onExisting: (familyId: string) => void;
}) {
  if (family.duplicates.length === 0) {
    return (
      <Alert color="green" title="No match found">
        No family registered anywhere in the authority looks like this one. Check with the family
        that they have not registered before under another name or address.
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Alert color="orange" title="This family may already be registered">
        Check with the family whether they are one of these. If they are, say so: the details they
        already gave are kept and nothing is registered twice.
      </Alert>
      {family.duplicates.map((duplicate, index) => (
        <DuplicateCard
          key={duplicate.familyId ?? `elsewhere-${index}`}
          duplicate={duplicate}
          deciding={deciding}
          onExisting={onExisting}
        />
      ))}
    </Stack>
  );
}

function valuesOf(family: PendingFamily): Values {
  return {
    postcode: family.postcode,
    phone: family.phone ?? "",
    email: family.email ?? "",
    members: family.members.map((m) => ({
      firstName: m.firstName,
      lastName: m.lastName,
      role: m.role,
      dateOfBirth: m.dateOfBirth,
      expectedDueDate: m.expectedDueDate,
    })),
    consents: {
      privacyNotice: {
        version: family.consents.privacyNotice?.version ?? "",
        accepted: true,
      },
      dataSharing: family.consents.dataSharing,
      photographs: family.consents.photographs,
    },
  };
}

type CheckFormProps = {
  family: PendingFamily;
  onAccepted: () => void;
  children: ReactNode;
};

/** What the family typed, for staff to correct with them; the shared schema checks it. */
function CheckForm({ family, onAccepted, children }: CheckFormProps) {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const accept = useMutation(trpc.selfRegistration.accept.mutationOptions());
  const today = londonToday();
  const form = useForm({
    defaultValues: valuesOf(family),
    validationLogic: revalidateLogic(),
    validators: { onDynamic: selfRegistrationInput },
    onSubmit: async ({ value }) => {
      const parsed = selfRegistrationInput.safeParse(value);
      if (!parsed.success) return;
      try {
        await accept.mutateAsync({
          id: family.id,
          memberIds: family.members.map((m) => m.id),
          registration: parsed.data,
        });
        onAccepted();
      } catch {
        // Shown from the mutation's state; the corrections stay in the form.
      }
    },
    onSubmitInvalid: () => {
      requestAnimationFrame(() => {
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
    },
  });

  return (
    <form
      ref={formRef}
      noValidate
      aria-labelledby="check-title"
      onSubmit={(event) => {
        event.preventDefault();
        void form.handleSubmit();
      }}
    >
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={2} size="h3" id="check-title">
            Check and correct
          </Title>
          <Text size="sm" c="dimmed">
            Go through what the family typed with them. Anything else (ethnicity, language,
            relationships, address) can be added on the family's page once it is accepted.
          </Text>
        </Stack>
        <form.Field name="members" mode="array">
          {(membersField) => (
            <Stack gap="md">
              {membersField.state.value.map((member, index) => {
                const unborn = !member.dateOfBirth && Boolean(member.expectedDueDate);
                return (
                  <Fieldset
                    key={family.members[index]?.id ?? index}
                    legend={`Member ${index + 1} (${unborn ? "baby on the way" : member.role})`}
                    radius="md"
                  >
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <form.Field name={`members[${index}].firstName`}>
                        {(field) => (
                          <TextInput
                            label="First name"
                            required
                            autoComplete="off"
                            {...inputProps(field)}
                          />
                        )}
                      </form.Field>
                      <form.Field name={`members[${index}].lastName`}>
                        {(field) => (
                          <TextInput
                            label="Last name"
                            required
                            autoComplete="off"
                            {...inputProps(field)}
                          />
                        )}
                      </form.Field>
                      {unborn ? (
                        <form.Field name={`members[${index}].expectedDueDate`}>
                          {(field) => (
                            <TextInput
                              label="Expected due date"
                              type="date"
                              required
                              min={today}
                              name={field.name}
                              value={field.state.value ?? ""}
                              onChange={(event) => field.handleChange(event.currentTarget.value)}
                              onBlur={field.handleBlur}
                              error={fieldError(field.state.meta.errors)}
                            />
                          )}
                        </form.Field>
                      ) : (
                        <form.Field name={`members[${index}].dateOfBirth`}>
                          {(field) => (
                            <TextInput
                              label="Date of birth"
                              type="date"
                              required
                              max={today}
                              min="1900-01-01"
                              name={field.name}
                              value={field.state.value ?? ""}
                              onChange={(event) => field.handleChange(event.currentTarget.value)}
                              onBlur={field.handleBlur}
                              error={fieldError(field.state.meta.errors)}
                            />
                          )}
                        </form.Field>
                      )}
                    </SimpleGrid>
                  </Fieldset>
                );
              })}
              {fieldError(membersField.state.meta.errors) && (
                <Text c="red" size="sm" role="alert">
                  {fieldError(membersField.state.meta.errors)}
                </Text>
              )}
            </Stack>
          )}
        </form.Field>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <form.Field name="postcode">
            {(field) => (
              <TextInput
                label="Postcode"
                required
                autoComplete="off"
                {...inputProps(field, "Enter the family's postcode")}
              />
            )}
          </form.Field>
          <form.Field name="phone">
            {(field) => (
              <TextInput
                label="Phone"
                type="tel"
                autoComplete="off"
                name={field.name}
                value={field.state.value ?? ""}
                onChange={(event) => field.handleChange(event.currentTarget.value)}
                onBlur={field.handleBlur}
                error={fieldError(field.state.meta.errors)}
              />
            )}
          </form.Field>
          <form.Field name="email">
            {(field) => (
              <TextInput
                label="Email"
                type="email"
                autoComplete="off"
                name={field.name}
                value={field.state.value ?? ""}
                onChange={(event) => field.handleChange(event.currentTarget.value)}
                onBlur={field.handleBlur}
                error={fieldError(field.state.meta.errors)}
              />
            )}
          </form.Field>
        </SimpleGrid>
        <Stack gap="xs">
          <Text size="sm">
            {family.consents.privacyNotice
              ? `Agreed to the privacy notice (version ${family.consents.privacyNotice.version}) on ${formatDateTime(family.consents.privacyNotice.givenAt)}.`
              : "No agreement to the privacy notice is recorded: do not accept this registration."}
          </Text>
          <form.Field name="consents.dataSharing">
            {(field) => (
              <Checkbox
                label="Agrees to share the family's details with health visitors and partners"
                checked={field.state.value ?? false}
                onChange={(event) => field.handleChange(event.currentTarget.checked)}
              />
            )}
          </form.Field>
          <form.Field name="consents.photographs">
            {(field) => (
              <Checkbox
                label="Agrees to photographs at sessions"
                checked={field.state.value ?? false}
                onChange={(event) => field.handleChange(event.currentTarget.checked)}
              />
            )}
          </form.Field>
        </Stack>
        {accept.isError && <ErrorAlert error={accept.error} title="The family was not accepted" />}
        <Group>
          <form.Subscribe selector={(state) => state.isSubmitting}>
            {(isSubmitting) => (
              <Button type="submit" loading={isSubmitting}>
                Accept as a new family
              </Button>
            )}
          </form.Subscribe>
          {children}
        </Group>
      </Stack>
    </form>
  );
}

/** After accepting: the family's card, printed while they are still at the desk. */
function Accepted({ family }: { family: PendingFamily }) {
  const trpc = useTRPC();
  const canIssue = useCan("card:write");
  // The token lives only here, in memory: it is gone when the page is left.
  const [card, setCard] = useState<IssuedCard | null>(null);
  const issue = useMutation(trpc.families.issueCard.mutationOptions({ onSuccess: setCard }));
  if (card) return <CardPanel card={card} onDone={() => setCard(null)} />;
  return (
    <Alert color="green" title={`The ${family.surname} family is registered`} role="status">
      <Stack gap="sm">
        <Text size="sm">
          They are now known at every centre. Give them their family card so they can check in at
          the kiosk today.
        </Text>
        {issue.isError && <ErrorAlert error={issue.error} title="No card was issued" />}
        <Group>
          {canIssue && (
            <Button loading={issue.isPending} onClick={() => issue.mutate({ id: family.id })}>
              Issue card
            </Button>
          )}
          <AnchorLink to="/families/$familyId" params={{ familyId: family.id }}>
            Open the family
          </AnchorLink>
          <AnchorLink to="/pending">Back to the families waiting</AnchorLink>
        </Group>
      </Stack>
    </Alert>
  );
}

function PendingFamilyDetails({ familyId }: { familyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Once accepted the family is no longer pending: keep what was shown to say so and print a card.
  const [accepted, setAccepted] = useState<PendingFamily | null>(null);
  const family = useQuery({
    ...trpc.selfRegistration.get.queryOptions({ id: familyId }),
    enabled: accepted === null,
  });
  const refreshLists = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.selfRegistration.pending.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.selfRegistration.pendingCount.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey }),
    ]);
  const reject = useMutation(trpc.selfRegistration.reject.mutationOptions());

  async function closeAs(
    input:
      { reason: "existing_family"; existingFamilyId: string } | { reason: "not_a_registration" },
    then: () => Promise<void>,
  ) {
    try {
      await reject.mutateAsync({ id: familyId, ...input });
    } catch {
      return; // Shown from the mutation's state.
    }
    queryClient.removeQueries({ queryKey: trpc.selfRegistration.get.queryKey({ id: familyId }) });
    await refreshLists();
    await then();
  }

  if (accepted) {
    return (
      <Page title={accepted.surname} documentTitle={`${accepted.surname} family`}>
        <Accepted family={accepted} />
      </Page>
    );
  }
  if (family.isPending) return <Loading label="Loading the registration" />;
  if (family.isError) {
    return (
      <Page title="Waiting to be checked">
        <ErrorAlert error={family.error} onRetry={() => void family.refetch()} />
        <AnchorLink to="/pending">Back to the families waiting</AnchorLink>
      </Page>
    );
  }
  const data = family.data;
  const openExisting = (existingId: string) => {
    const existing = data.duplicates.find((d) => d.familyId === existingId);
    void closeAs({ reason: "existing_family", existingFamilyId: existingId }, () =>
      existing?.status === "pending"
        ? navigate({ to: "/pending/$familyId", params: { familyId: existingId } })
        : navigate({ to: "/families/$familyId", params: { familyId: existingId } }),
    );
  };

  return (
    <Page
      title={`The ${data.surname} family`}
      documentTitle={`${data.surname} family, waiting to be checked`}
      description="Registered themselves and waiting to be checked"
      actions={<AnchorLink to="/pending">Back to the families waiting</AnchorLink>}
    >
      <Paper withBorder p="lg" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} component="dl" m={0}>
          <Detail label="Centre">{data.siteName}</Detail>
          <Detail label="Registered">
            {data.selfRegisteredAt ? formatDateTime(data.selfRegisteredAt) : "–"}
          </Detail>
          <Detail label="How">
            <ChannelBadge via={data.via} />
          </Detail>
        </SimpleGrid>
      </Paper>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Already registered?
        </Title>
        <Duplicates family={data} deciding={reject.isPending} onExisting={openExisting} />
      </Stack>
      {reject.isError && (
        <ErrorAlert error={reject.error} title="The registration was not closed" />
      )}
      <Paper withBorder p="lg" radius="md">
        <CheckForm
          family={data}
          onAccepted={() => {
            setAccepted(data);
            queryClient.removeQueries({
              queryKey: trpc.selfRegistration.get.queryKey({ id: familyId }),
            });
            void refreshLists();
          }}
        >
          <ConfirmButton
            title="Close this registration?"
            message="Use this when it is not a real registration: a test, a mistake, or someone who is not a family of ours. Nothing is deleted; it leaves the list of families waiting."
            confirmLabel="Close registration"
            loading={reject.isPending}
            onConfirm={() =>
              void closeAs({ reason: "not_a_registration" }, () => navigate({ to: "/pending" }))
            }
          >
            Not a real registration
          </ConfirmButton>
        </CheckForm>
      </Paper>
    </Page>
  );
}

function PendingFamilyPage() {
  const { familyId } = pendingFamilyRoute.useParams();
  return (
    <RequirePermission permission="family:write">
      <PendingFamilyDetails familyId={familyId} />
    </RequirePermission>
  );
}

export const pendingFamilyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pending/$familyId",
  component: PendingFamilyPage,
});
