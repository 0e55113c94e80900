import { familyCreateInput, PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useRef } from "react";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink } from "../components/links";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { SiteSelect } from "../components/site-select";
import { londonToday } from "../lib/dates";
import { fieldError, inputProps, valueProps } from "../lib/form";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Role = "adult" | "child";
type MemberValues = { firstName: string; lastName: string; dateOfBirth: string; role: Role };
type FamilyValues = {
  siteId: string;
  postcode: string;
  members: MemberValues[];
  privacyNotice: { version: string; accepted: boolean };
};

const MAX_MEMBERS = 15;
const roleOptions = [
  { value: "adult", label: "Adult" },
  { value: "child", label: "Child" },
];

function emptyMember(role: Role, lastName = ""): MemberValues {
  return { firstName: "", lastName, dateOfBirth: "", role };
}

function isRole(value: string): value is Role {
  return value === "adult" || value === "child";
}

function RegisterFamilyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation(trpc.families.create.mutationOptions());

  const defaultValues: FamilyValues = {
    siteId: "",
    postcode: "",
    members: [emptyMember("adult"), emptyMember("child")],
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: false },
  };

  const form = useForm({
    defaultValues,
    // The server's own schema: checked when "Register family" is pressed, then as fields change.
    validationLogic: revalidateLogic(),
    validators: { onDynamic: familyCreateInput },
    onSubmit: async ({ value }) => {
      const parsed = familyCreateInput.safeParse(value);
      if (!parsed.success) return;
      try {
        const family = await create.mutateAsync(parsed.data);
        await queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey });
        await navigate({ to: "/families/$familyId", params: { familyId: family.id } });
      } catch {
        // The error is shown from the mutation's state; everything typed stays in the form.
      }
    },
    onSubmitInvalid: () => {
      requestAnimationFrame(() => {
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
    },
  });

  const today = londonToday();

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.handleSubmit();
      }}
    >
      <Stack gap="xl">
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={2} size="h3">
              Where they are registering
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <form.Field name="siteId">
                {(field) => (
                  <SiteSelect
                    label="Centre"
                    emptyLabel="Choose a centre"
                    required
                    {...valueProps(field)}
                  />
                )}
              </form.Field>
              <form.Field name="postcode">
                {(field) => (
                  <TextInput
                    label="Postcode"
                    description="Where the family lives, e.g. UB8 1UW"
                    required
                    autoComplete="off"
                    {...inputProps(field, "Enter the family's postcode")}
                  />
                )}
              </form.Field>
            </SimpleGrid>
          </Stack>
        </Paper>

        <Paper withBorder p="lg" radius="md">
          <form.Field name="members" mode="array">
            {(membersField) => {
              const members = membersField.state.value;
              // A new member most often shares the first member's last name; read it at click time.
              const add = (role: Role) =>
                membersField.pushValue(
                  emptyMember(role, form.getFieldValue("members")[0]?.lastName ?? ""),
                );
              return (
                <Stack>
                  <Title order={2} size="h3">
                    Family members
                  </Title>
                  <Text size="sm" c="dimmed">
                    Everyone in the household who may come to sessions. At least one adult.
                  </Text>
                  {members.map((_, index) => (
                    <Fieldset
                      key={index}
                      legend={
                        <form.Subscribe selector={(state) => state.values.members[index]?.role}>
                          {(role) => `Member ${index + 1} (${role ?? "adult"})`}
                        </form.Subscribe>
                      }
                      radius="md"
                    >
                      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
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
                        <form.Field name={`members[${index}].dateOfBirth`}>
                          {(field) => (
                            <TextInput
                              label="Date of birth"
                              type="date"
                              required
                              max={today}
                              min="1900-01-01"
                              {...inputProps(field, "Enter the date of birth in full")}
                            />
                          )}
                        </form.Field>
                        <Group align="flex-start" gap="sm" wrap="nowrap">
                          <form.Field name={`members[${index}].role`}>
                            {(field) => (
                              <NativeSelect
                                label="Role"
                                data={roleOptions}
                                flex={1}
                                name={field.name}
                                value={field.state.value}
                                onChange={(event) => {
                                  const value = event.currentTarget.value;
                                  if (isRole(value)) field.handleChange(value);
                                }}
                                onBlur={field.handleBlur}
                                error={fieldError(field.state.meta.errors)}
                              />
                            )}
                          </form.Field>
                          <Button
                            variant="subtle"
                            color="red"
                            mt={25}
                            disabled={members.length === 1}
                            aria-label={`Remove member ${index + 1}`}
                            onClick={() => void membersField.removeValue(index)}
                          >
                            Remove
                          </Button>
                        </Group>
                      </SimpleGrid>
                    </Fieldset>
                  ))}
                  {fieldError(membersField.state.meta.errors) && (
                    <Text c="red" size="sm" role="alert">
                      {fieldError(membersField.state.meta.errors)}
                    </Text>
                  )}
                  <Group>
                    <Button
                      variant="light"
                      disabled={members.length >= MAX_MEMBERS}
                      onClick={() => add("adult")}
                    >
                      Add an adult
                    </Button>
                    <Button
                      variant="light"
                      disabled={members.length >= MAX_MEMBERS}
                      onClick={() => add("child")}
                    >
                      Add a child
                    </Button>
                  </Group>
                </Stack>
              );
            }}
          </form.Field>
        </Paper>

        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={2} size="h3">
              Privacy notice
            </Title>
            <Text size="sm">
              Give the family the privacy notice (version {PRIVACY_NOTICE_VERSION}) to read. It
              explains what the council keeps about them, why, who sees it and how to ask for it to
              be changed or deleted.
            </Text>
            <form.Field name="privacyNotice.accepted">
              {(field) => (
                <Checkbox
                  label={`The family has read and agrees to the privacy notice (version ${PRIVACY_NOTICE_VERSION})`}
                  name={field.name}
                  checked={field.state.value}
                  onChange={(event) => field.handleChange(event.currentTarget.checked)}
                  onBlur={field.handleBlur}
                  error={fieldError(field.state.meta.errors)}
                />
              )}
            </form.Field>
          </Stack>
        </Paper>

        {create.isError && (
          <ErrorAlert error={create.error} title="The family was not registered" />
        )}

        <Group>
          <form.Subscribe selector={(state) => state.isSubmitting}>
            {(isSubmitting) => (
              <Button type="submit" size="md" loading={isSubmitting}>
                Register family
              </Button>
            )}
          </form.Subscribe>
          <AnchorLink to="/families">Cancel</AnchorLink>
        </Group>
      </Stack>
    </form>
  );
}

function FamilyNewPage() {
  return (
    <Page
      title="Register a family"
      description="Record the family once; every centre in the authority will know them."
    >
      <RequirePermission permission="family:write">
        <RegisterFamilyForm />
      </RequirePermission>
    </Page>
  );
}

export const familyNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/families/new",
  component: FamilyNewPage,
});
