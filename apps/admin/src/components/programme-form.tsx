// The programme catalogue's form, for a new programme and for an edit. Checked with the
// router's own zod schema (programmeInput) as fields change; ages are kept in months, as the
// schema has them, and typed in months or years, as staff think of them.
import { deliveryUnitValues, type ProgrammeInput, programmeInput } from "@familyhub/validators";
import {
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useRef, useState } from "react";
import { fieldError, inputProps } from "../lib/form";
import { deliveryUnitLabels, isDeliveryUnit, numberOrNull } from "../lib/programme-labels";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";

/** Service areas the council reports against; another can be typed. */
const serviceAreas = [
  "Early learning and childcare",
  "Family support",
  "Health and wellbeing",
  "Parenting",
  "Youth work",
  "Adult learning and employment",
];

export const emptyProgramme: ProgrammeInput = {
  name: "",
  serviceArea: "",
  deliveryUnit: null,
  offer: "universal",
  minAgeMonths: null,
  maxAgeMonths: null,
  maxAgeMonthsDisability: null,
  targetGroups: [],
  capacity: null,
  lengthWeeks: null,
  partnerOrganisation: "",
  description: "",
};

type AgeProps = {
  label: string;
  name: string;
  months: number | null | undefined;
  onChange: (months: number | null) => void;
  onBlur: () => void;
  error: string | undefined;
};

/** An age typed in months or years; the form keeps months. */
function AgeInput({ label, name, months, onChange, onBlur, error }: AgeProps) {
  const [unit, setUnit] = useState<"months" | "years">(
    months != null && months >= 24 && months % 12 === 0 ? "years" : "months",
  );
  const shown = months == null ? "" : unit === "years" ? months / 12 : months;
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <NumberInput
        label={label}
        name={name}
        value={shown}
        min={0}
        allowDecimal={unit === "years"}
        onChange={(value) => {
          const n = numberOrNull(value);
          onChange(n == null ? null : unit === "years" ? Math.round(n * 12) : n);
        }}
        onBlur={onBlur}
        error={error}
        style={{ flex: 1 }}
      />
      <NativeSelect
        label={`${label}: unit`}
        labelProps={{ className: "visually-hidden" }}
        mt={25}
        value={unit}
        onChange={(event) => setUnit(event.currentTarget.value === "years" ? "years" : "months")}
        data={[
          { value: "months", label: "months" },
          { value: "years", label: "years" },
        ]}
        w={100}
      />
    </Group>
  );
}

type Props = {
  defaultValues: ProgrammeInput;
  submitLabel: string;
  /** Called with the checked values; an error it throws is for the page to show. */
  onSubmit: (values: ProgrammeInput) => Promise<void>;
  /** The save error, shown above the buttons; the form keeps what was typed. */
  beforeSubmit?: ReactNode;
  cancel: ReactNode;
};

export function ProgrammeForm({
  defaultValues,
  submitLabel,
  onSubmit,
  beforeSubmit,
  cancel,
}: Props) {
  const trpc = useTRPC();
  const canReadGroups = useCan("flag:read");
  const groups = useQuery({ ...trpc.targeting.groups.queryOptions(), enabled: canReadGroups });
  const element = useRef<HTMLFormElement>(null);
  const form = useForm({
    defaultValues,
    validationLogic: revalidateLogic(),
    validators: { onDynamic: programmeInput },
    onSubmit: async ({ value }) => {
      const parsed = programmeInput.safeParse(value);
      if (!parsed.success) return;
      await onSubmit(value);
    },
    onSubmitInvalid: () => {
      requestAnimationFrame(() => {
        element.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
    },
  });
  const groupOptions = (groups.data ?? []).map((g) => ({ value: g.code, label: g.label }));

  return (
    <form
      ref={element}
      noValidate
      aria-label="Programme"
      onSubmit={(event) => {
        event.preventDefault();
        void form.handleSubmit();
      }}
    >
      <Stack gap="xl">
        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={2} size="h3">
              What it is
            </Title>
            <form.Field name="name">
              {(field) => <TextInput label="Name" required {...inputProps(field)} />}
            </form.Field>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <form.Field name="serviceArea">
                {(field) => (
                  <TextInput
                    label="Service area"
                    required
                    list="service-areas"
                    description="Choose one or type another"
                    {...inputProps(field)}
                  />
                )}
              </form.Field>
              <form.Field name="partnerOrganisation">
                {(field) => (
                  <TextInput
                    label="Partner organisation"
                    description="Who runs it with the centre, if anyone"
                    {...inputProps({
                      ...field,
                      state: { ...field.state, value: field.state.value ?? "" },
                    })}
                  />
                )}
              </form.Field>
            </SimpleGrid>
            <datalist id="service-areas">
              {serviceAreas.map((area) => (
                <option key={area} value={area} />
              ))}
            </datalist>
            <form.Field name="offer">
              {(field) => (
                <Radio.Group
                  label="Offer"
                  value={field.state.value}
                  onChange={(value) => {
                    const offer = value === "targeted" ? "targeted" : "universal";
                    field.handleChange(offer);
                    if (offer === "universal") form.setFieldValue("deliveryUnit", null);
                  }}
                >
                  <Group mt="xs">
                    <Radio value="universal" label="Universal: open to every family" />
                    <Radio
                      value="targeted"
                      label="Targeted: for young people or families referred"
                    />
                  </Group>
                </Radio.Group>
              )}
            </form.Field>
            <form.Subscribe selector={(state) => state.values.offer}>
              {(offer) =>
                offer === "targeted" && (
                  <form.Field name="deliveryUnit">
                    {(field) => (
                      <NativeSelect
                        label="Delivery unit"
                        description="The unit of the targeted youth offer it reports under"
                        value={field.state.value ?? ""}
                        onChange={(event) => {
                          const value = event.currentTarget.value;
                          field.handleChange(isDeliveryUnit(value) ? value : null);
                        }}
                        onBlur={field.handleBlur}
                        error={fieldError(field.state.meta.errors)}
                        data={[
                          { value: "", label: "None" },
                          ...deliveryUnitValues.map((unit) => ({
                            value: unit,
                            label: deliveryUnitLabels[unit],
                          })),
                        ]}
                      />
                    )}
                  </form.Field>
                )
              }
            </form.Subscribe>
            <form.Field name="description">
              {(field) => (
                <Textarea
                  label="Description"
                  description="What families will do, as the directory shows it"
                  autosize
                  minRows={3}
                  {...inputProps({
                    ...field,
                    state: { ...field.state, value: field.state.value ?? "" },
                  })}
                />
              )}
            </form.Field>
          </Stack>
        </Paper>

        <Paper withBorder p="lg" radius="md">
          <Stack>
            <Title order={2} size="h3">
              Who it is for
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <form.Field name="minAgeMonths">
                {(field) => (
                  <AgeInput
                    label="Youngest age"
                    name={field.name}
                    months={field.state.value}
                    onChange={field.handleChange}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
              <form.Field name="maxAgeMonths">
                {(field) => (
                  <AgeInput
                    label="Oldest age"
                    name={field.name}
                    months={field.state.value}
                    onChange={field.handleChange}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
              <form.Field name="maxAgeMonthsDisability">
                {(field) => (
                  <AgeInput
                    label="Oldest age with a disability"
                    name={field.name}
                    months={field.state.value}
                    onChange={field.handleChange}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
            </SimpleGrid>
            <form.Field name="targetGroups">
              {(field) => (
                <MultiSelect
                  label="Target groups"
                  description={
                    canReadGroups
                      ? "The priority groups it is meant for; the planner counts their places"
                      : "You cannot see the target groups; ask your locality lead"
                  }
                  data={groupOptions}
                  value={field.state.value ?? []}
                  onChange={field.handleChange}
                  searchable
                  clearable
                  disabled={!canReadGroups}
                  error={fieldError(field.state.meta.errors)}
                />
              )}
            </form.Field>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <form.Field name="capacity">
                {(field) => (
                  <NumberInput
                    label="Places per session"
                    description="Leave empty for a drop-in with no limit"
                    name={field.name}
                    min={1}
                    value={field.state.value ?? ""}
                    onChange={(value) => field.handleChange(numberOrNull(value))}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
              <form.Field name="lengthWeeks">
                {(field) => (
                  <NumberInput
                    label="Length in weeks"
                    description="For a course; leave empty for an ongoing session"
                    name={field.name}
                    min={1}
                    max={52}
                    value={field.state.value ?? ""}
                    onChange={(value) => field.handleChange(numberOrNull(value))}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
            </SimpleGrid>
          </Stack>
        </Paper>
        {beforeSubmit}
        <Group>
          <form.Subscribe selector={(state) => state.isSubmitting}>
            {(submitting) => (
              <Button type="submit" loading={submitting}>
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
