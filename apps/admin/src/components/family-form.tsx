// The form staff register and edit a family with. The essentials of each member are always on
// screen; the rest (relationship, sex, ethnicity, language, disability, SEN) waits under
// "More about …", so a busy reception desk can register a family in a minute and fill in the
// rest when there is time. Checked with the server's own zod schema as fields change.
import {
  type EthnicityCode,
  type FamilyRegistration,
  familyRegistrationInput,
  howHeardOptions,
  PRIVACY_NOTICE_VERSION,
} from "@familyhub/validators";
import {
  Button,
  Checkbox,
  Collapse,
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
import { type ReactNode, useRef, useState } from "react";
import { londonToday } from "../lib/dates";
import { fieldError, inputProps, valueProps } from "../lib/form";
import {
  ethnicityOptions,
  type HowHeard,
  howHeardLabels,
  isEthnicityCode,
  isHowHeard,
  isRelationship,
  isSen,
  isSex,
  type Relationship,
  relationshipOptions,
  type Sen,
  type Sex,
  senLabels,
  sexLabels,
} from "../lib/registration-labels";
import { SiteSelect } from "./site-select";

type Role = "adult" | "child";

export type MemberValues = {
  /** Set for a member already saved (editing); absent for one added in this form. */
  id?: string | null | undefined;
  firstName: string;
  lastName: string;
  role: Role;
  dateOfBirth?: string | null | undefined;
  expectedDueDate?: string | null | undefined;
  sex?: Sex | null | undefined;
  ethnicity?: EthnicityCode | null | undefined;
  firstLanguage?: string | null | undefined;
  relationship?: Relationship | null | undefined;
  disability?: boolean | undefined;
  sen?: Sen | null | undefined;
};

export type FamilyFormValues = {
  siteId: string;
  postcode: string;
  addressLine1?: string | null | undefined;
  addressLine2?: string | null | undefined;
  town?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  howHeard?: HowHeard | null | undefined;
  members: MemberValues[];
  consents: {
    privacyNotice: { version?: string | undefined; accepted: boolean };
    dataSharing?: boolean | undefined;
    photographs?: boolean | undefined;
  };
  duplicatesReviewed?: boolean | undefined;
};

/** What was saved for a member, by id, when the form edits a family. */
export type SavedMember = { id: string; attendances: number };

const MAX_MEMBERS = 15;
const roleOptions = [
  { value: "adult", label: "Adult" },
  { value: "child", label: "Child" },
];
const sexOptions = [
  { value: "", label: "Not recorded" },
  ...Object.entries(sexLabels).map(([value, label]) => ({ value, label })),
];
const senOptions = [
  { value: "", label: "No special educational needs recorded" },
  ...Object.entries(senLabels).map(([value, label]) => ({ value, label })),
];
const howHeardSelect = [
  { value: "", label: "Not recorded" },
  ...howHeardOptions.map((value) => ({ value, label: howHeardLabels[value] })),
];

export function emptyMember(role: Role, lastName = ""): MemberValues {
  return {
    firstName: "",
    lastName,
    role,
    dateOfBirth: null,
    expectedDueDate: null,
    sex: null,
    ethnicity: null,
    firstLanguage: "",
    relationship: null,
    disability: false,
    sen: null,
  };
}

export function emptyFamily(): FamilyFormValues {
  return {
    siteId: "",
    postcode: "",
    addressLine1: "",
    addressLine2: "",
    town: "",
    phone: "",
    email: "",
    howHeard: null,
    members: [emptyMember("adult"), emptyMember("child")],
    consents: {
      privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: false },
      dataSharing: false,
      photographs: false,
    },
    duplicatesReviewed: false,
  };
}

/** What the layout of one member depends on; the fields themselves follow their own values. */
function summarise(member: MemberValues | undefined) {
  return {
    id: member?.id ?? null,
    role: member?.role ?? "adult",
    firstName: member?.firstName ?? "",
    unborn: typeof member?.expectedDueDate === "string",
  };
}

type NullableField = {
  name: string;
  state: { value: string | null | undefined; meta: { errors: readonly unknown[] } };
  handleChange: (value: string | null) => void;
  handleBlur: () => void;
};

/** A text input whose empty value is null (an optional date), bound to a form field. */
function nullableInputProps(field: NullableField) {
  return {
    name: field.name,
    value: field.state.value ?? "",
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      field.handleChange(value === "" ? null : value);
    },
    onBlur: field.handleBlur,
    error: fieldError(field.state.meta.errors),
  };
}

type Props = {
  mode: "new" | "edit";
  defaultValues: FamilyFormValues;
  /** When editing: members already saved, so one who has attended cannot be removed. */
  saved?: SavedMember[];
  /** The privacy notice the family agreed to, shown instead of the checkbox when editing. */
  privacyAgreed?: ReactNode;
  submitLabel: string;
  /** Called with the checked values; an error it throws is for the page to show. */
  onSubmit: (values: FamilyRegistration, raw: FamilyFormValues) => Promise<void>;
  /**
   * Shown just above the buttons: the duplicate warning, or the save error. `submitReviewed`
   * submits again, saying staff have checked the possible duplicates ("Register as a new family").
   */
  beforeSubmit?: (actions: { submitReviewed: () => void }) => ReactNode;
  cancel: ReactNode;
};

export function FamilyForm({
  mode,
  defaultValues,
  saved = [],
  privacyAgreed,
  submitLabel,
  onSubmit,
  beforeSubmit,
  cancel,
}: Props) {
  const element = useRef<HTMLFormElement>(null);
  const [openDetails, setOpenDetails] = useState<Record<number, boolean>>({});
  const form = useForm({
    defaultValues,
    validationLogic: revalidateLogic(),
    validators: { onDynamic: familyRegistrationInput },
    onSubmit: async ({ value }) => {
      const parsed = familyRegistrationInput.safeParse(value);
      if (!parsed.success) return;
      await onSubmit(parsed.data, value);
    },
    onSubmitInvalid: () => {
      requestAnimationFrame(() => {
        const invalid = element.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
        if (!invalid) return;
        // An error inside "More about …" would be hidden: open it first.
        const index = invalid.closest<HTMLElement>("[data-member]")?.dataset.member;
        if (index && invalid.closest("[data-details]")) {
          setOpenDetails((open) => ({ ...open, [Number(index)]: true }));
        }
        invalid.focus();
      });
    },
  });
  const submitReviewed = () => {
    form.setFieldValue("duplicatesReviewed", true);
    void form.handleSubmit();
  };

  const today = londonToday();
  const attendancesOf = (id: string | null | undefined) =>
    id ? (saved.find((m) => m.id === id)?.attendances ?? 0) : 0;

  return (
    <form
      ref={element}
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
              {mode === "new" ? "Where they are registering" : "Centre and address"}
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
              <form.Field name="addressLine1">
                {(field) => (
                  <TextInput
                    label="Address line 1"
                    autoComplete="off"
                    {...nullableTextProps(field)}
                  />
                )}
              </form.Field>
              <form.Field name="addressLine2">
                {(field) => (
                  <TextInput
                    label="Address line 2"
                    autoComplete="off"
                    {...nullableTextProps(field)}
                  />
                )}
              </form.Field>
              <form.Field name="town">
                {(field) => (
                  <TextInput label="Town" autoComplete="off" {...nullableTextProps(field)} />
                )}
              </form.Field>
              <form.Field name="howHeard">
                {(field) => (
                  <NativeSelect
                    label="How they heard about us"
                    data={howHeardSelect}
                    name={field.name}
                    value={field.state.value ?? ""}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      field.handleChange(isHowHeard(value) ? value : null);
                    }}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
              <form.Field name="phone">
                {(field) => (
                  <TextInput
                    label="Phone"
                    type="tel"
                    description="A UK number, e.g. 07700 900123"
                    autoComplete="off"
                    {...nullableTextProps(field)}
                  />
                )}
              </form.Field>
              <form.Field name="email">
                {(field) => (
                  <TextInput
                    label="Email"
                    type="email"
                    autoComplete="off"
                    {...nullableTextProps(field)}
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
                    Everyone in the household who may come to sessions, and a baby on the way. At
                    least one adult.
                  </Text>
                  {members.map((saved, index) => (
                    <form.Subscribe
                      key={saved.id ?? index}
                      selector={(state) => summarise(state.values.members[index])}
                    >
                      {(member) => {
                        const attended = attendancesOf(member.id);
                        const open = openDetails[index] ?? false;
                        const who = member.firstName.trim() || `member ${index + 1}`;
                        return (
                          <Fieldset
                            data-member={index}
                            legend={`Member ${index + 1} (${member.role})`}
                            radius="md"
                          >
                            <Stack gap="sm">
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
                                {member.unborn ? (
                                  <form.Field name={`members[${index}].expectedDueDate`}>
                                    {(field) => (
                                      <TextInput
                                        label="Expected due date"
                                        type="date"
                                        required
                                        min={today}
                                        // Empty stays "", not null: the baby is still not born yet.
                                        {...nullableTextProps(field)}
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
                                        {...nullableInputProps(field)}
                                      />
                                    )}
                                  </form.Field>
                                )}
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
                                          if (value !== "adult" && value !== "child") return;
                                          field.handleChange(value);
                                          // A relationship belongs to a role; an unborn baby is a child.
                                          form.setFieldValue(
                                            `members[${index}].relationship`,
                                            null,
                                          );
                                          if (value === "adult") {
                                            form.setFieldValue(
                                              `members[${index}].expectedDueDate`,
                                              null,
                                            );
                                          }
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
                                    disabled={members.length === 1 || attended > 0}
                                    title={
                                      attended > 0
                                        ? `${who} has attended sessions, so stays in the family`
                                        : undefined
                                    }
                                    aria-label={`Remove member ${index + 1}`}
                                    onClick={() => {
                                      setOpenDetails({});
                                      void membersField.removeValue(index);
                                    }}
                                  >
                                    Remove
                                  </Button>
                                </Group>
                              </SimpleGrid>
                              {member.role === "child" && (
                                <Checkbox
                                  label="Not born yet"
                                  description="Record the expected due date instead of a date of birth"
                                  checked={member.unborn}
                                  onChange={(event) => {
                                    const unborn = event.currentTarget.checked;
                                    form.setFieldValue(`members[${index}].dateOfBirth`, null);
                                    form.setFieldValue(
                                      `members[${index}].expectedDueDate`,
                                      unborn ? "" : null,
                                    );
                                  }}
                                />
                              )}
                              <div>
                                <Button
                                  variant="subtle"
                                  size="compact-sm"
                                  onClick={() =>
                                    setOpenDetails((all) => ({ ...all, [index]: !open }))
                                  }
                                  aria-expanded={open}
                                  aria-controls={`member-details-${index}`}
                                >
                                  {open ? `Hide more about ${who}` : `More about ${who}`}
                                </Button>
                                <Collapse expanded={open}>
                                  <SimpleGrid
                                    id={`member-details-${index}`}
                                    data-details
                                    cols={{ base: 1, sm: 2, lg: 3 }}
                                    spacing="md"
                                    pt="sm"
                                  >
                                    <form.Field name={`members[${index}].relationship`}>
                                      {(field) => (
                                        <NativeSelect
                                          label="Relationship"
                                          data={relationshipOptions(member.role)}
                                          name={field.name}
                                          value={field.state.value ?? ""}
                                          onChange={(event) => {
                                            const value = event.currentTarget.value;
                                            field.handleChange(
                                              isRelationship(value) ? value : null,
                                            );
                                          }}
                                          onBlur={field.handleBlur}
                                          error={fieldError(field.state.meta.errors)}
                                        />
                                      )}
                                    </form.Field>
                                    <form.Field name={`members[${index}].sex`}>
                                      {(field) => (
                                        <NativeSelect
                                          label="Sex"
                                          data={sexOptions}
                                          name={field.name}
                                          value={field.state.value ?? ""}
                                          onChange={(event) => {
                                            const value = event.currentTarget.value;
                                            field.handleChange(isSex(value) ? value : null);
                                          }}
                                          onBlur={field.handleBlur}
                                          error={fieldError(field.state.meta.errors)}
                                        />
                                      )}
                                    </form.Field>
                                    <form.Field name={`members[${index}].ethnicity`}>
                                      {(field) => (
                                        <NativeSelect
                                          label="Ethnicity"
                                          description="As the person describes it"
                                          data={ethnicityOptions()}
                                          name={field.name}
                                          value={field.state.value ?? ""}
                                          onChange={(event) => {
                                            const value = event.currentTarget.value;
                                            field.handleChange(
                                              isEthnicityCode(value) ? value : null,
                                            );
                                          }}
                                          onBlur={field.handleBlur}
                                          error={fieldError(field.state.meta.errors)}
                                        />
                                      )}
                                    </form.Field>
                                    <form.Field name={`members[${index}].firstLanguage`}>
                                      {(field) => (
                                        <TextInput
                                          label="First language"
                                          description="e.g. English, Polish, Urdu"
                                          autoComplete="off"
                                          {...nullableTextProps(field)}
                                        />
                                      )}
                                    </form.Field>
                                    <form.Field name={`members[${index}].sen`}>
                                      {(field) => (
                                        <NativeSelect
                                          label="Special educational needs"
                                          data={senOptions}
                                          name={field.name}
                                          value={field.state.value ?? ""}
                                          onChange={(event) => {
                                            const value = event.currentTarget.value;
                                            field.handleChange(isSen(value) ? value : null);
                                          }}
                                          onBlur={field.handleBlur}
                                          error={fieldError(field.state.meta.errors)}
                                        />
                                      )}
                                    </form.Field>
                                    <form.Field name={`members[${index}].disability`}>
                                      {(field) => (
                                        <Checkbox
                                          mt={{ lg: 30 }}
                                          label="Has a disability"
                                          name={field.name}
                                          checked={field.state.value ?? false}
                                          onChange={(event) =>
                                            field.handleChange(event.currentTarget.checked)
                                          }
                                          onBlur={field.handleBlur}
                                        />
                                      )}
                                    </form.Field>
                                  </SimpleGrid>
                                </Collapse>
                              </div>
                            </Stack>
                          </Fieldset>
                        );
                      }}
                    </form.Subscribe>
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
              Consent
            </Title>
            {mode === "new" ? (
              <>
                <Text size="sm">
                  Give the family the privacy notice (version {PRIVACY_NOTICE_VERSION}) to read. It
                  explains what the council keeps about them, why, who sees it and how to ask for it
                  to be changed or deleted.
                </Text>
                <form.Field name="consents.privacyNotice.accepted">
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
              </>
            ) : (
              privacyAgreed
            )}
            <Text size="sm" c="dimmed">
              Optional: ask the family, and tick only what they agree to. They can change their mind
              at any time.
            </Text>
            <form.Field name="consents.dataSharing">
              {(field) => (
                <Checkbox
                  label="Share their information with partner services (health visitors, schools, early years)"
                  name={field.name}
                  checked={field.state.value ?? false}
                  onChange={(event) => field.handleChange(event.currentTarget.checked)}
                  onBlur={field.handleBlur}
                />
              )}
            </form.Field>
            <form.Field name="consents.photographs">
              {(field) => (
                <Checkbox
                  label="Photographs of the family at sessions"
                  name={field.name}
                  checked={field.state.value ?? false}
                  onChange={(event) => field.handleChange(event.currentTarget.checked)}
                  onBlur={field.handleBlur}
                />
              )}
            </form.Field>
          </Stack>
        </Paper>

        {beforeSubmit?.({ submitReviewed })}

        <Group>
          <form.Subscribe selector={(state) => state.isSubmitting}>
            {(isSubmitting) => (
              <Button type="submit" size="md" loading={isSubmitting}>
                {submitLabel}
              </Button>
            )}
          </form.Subscribe>
          {cancel}
        </Group>
      </Stack>
    </form>
  );
}

/** A text input for an optional text (empty is fine; the schema turns it into null). */
function nullableTextProps(field: NullableField) {
  return {
    ...nullableInputProps(field),
    onChange: (event: { currentTarget: { value: string } }) =>
      field.handleChange(event.currentTarget.value),
  };
}
