// Planning a session: one-off, weekly or fortnightly, for a number of weeks or until a date.
// Before anything is saved the form shows the dates that will be made, with closure days and
// dates outside the term left out and named, so no one finds a missing week afterwards.
import { type SeriesFormInput, seriesInput } from "@familyhub/validators";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { revalidateLogic, useForm, useStore } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { ErrorAlert } from "../components/error-alert";
import { AnchorLink, ButtonLink } from "../components/links";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { SiteSelect } from "../components/site-select";
import { formatLongDate, isIsoDate, londonToday } from "../lib/dates";
import { fieldError, inputProps, valueProps } from "../lib/form";
import { readError } from "../lib/errors";
import { numberOrNull } from "../lib/programme-labels";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type PlanSearch = { site?: string; programme?: string; date?: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Rule = Pick<
  SeriesFormInput,
  "siteId" | "frequency" | "startsOn" | "occurrences" | "untilDate"
>;

/** The dates the series will have, from the server's own calendar of terms and closures. */
function DatesPreview({ rule }: { rule: Rule }) {
  const trpc = useTRPC();
  const [debounced] = useDebouncedValue(rule, 300);
  const ready =
    uuid.test(debounced.siteId) &&
    isIsoDate(debounced.startsOn) &&
    (debounced.frequency === "once" ||
      (debounced.occurrences ?? 0) > 0 ||
      (debounced.untilDate != null && isIsoDate(debounced.untilDate)));
  const preview = useQuery({
    ...trpc.sessions.previewSeries.queryOptions({
      siteId: debounced.siteId,
      frequency: debounced.frequency,
      startsOn: debounced.startsOn,
      occurrences: debounced.frequency === "once" ? null : (debounced.occurrences ?? null),
      untilDate: debounced.frequency === "once" ? null : (debounced.untilDate ?? null),
    }),
    enabled: ready,
    retry: false,
  });
  return (
    <Paper withBorder p="lg" radius="md" aria-live="polite" data-testid="dates-preview">
      <Stack gap="xs">
        <Title order={2} size="h3">
          The dates it will have
        </Title>
        {!ready ? (
          <Text c="dimmed" size="sm">
            Choose the centre, the first date and how often it runs to see its dates.
          </Text>
        ) : preview.isPending ? (
          <Text c="dimmed" size="sm">
            Working out the dates…
          </Text>
        ) : preview.isError ? (
          <Alert color="orange" title="These dates cannot be planned yet">
            {readError(preview.error).message}
          </Alert>
        ) : (
          <>
            <Text fw={600} data-testid="preview-count">
              {preview.data.dates.length === 1
                ? "1 session"
                : `${preview.data.dates.length} sessions`}
            </Text>
            <List size="sm" spacing={2}>
              {preview.data.dates.map((date) => (
                <List.Item key={date}>{formatLongDate(date)}</List.Item>
              ))}
            </List>
            {preview.data.skipped.length > 0 && (
              <>
                <Text fw={600} mt="sm">
                  Left out
                </Text>
                <List size="sm" spacing={2} data-testid="preview-skipped">
                  {preview.data.skipped.map((s) => (
                    <List.Item key={s.date}>
                      {formatLongDate(s.date)}{" "}
                      <Badge size="sm" variant="light" color="gray">
                        {s.reason}
                      </Badge>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ProgrammeSelect(props: {
  value: string;
  onChange: (id: string) => void;
  onBlur: () => void;
  error: string | undefined;
}) {
  const trpc = useTRPC();
  const list = useQuery(trpc.programmes.list.queryOptions());
  return (
    <NativeSelect
      label="Programme"
      required
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      onBlur={props.onBlur}
      error={
        props.error ??
        (list.isError ? "The programmes could not be loaded. Reload the page." : undefined)
      }
      data={[
        {
          value: "",
          label: list.isPending ? "Loading programmes…" : "Choose a programme",
          disabled: true,
        },
        ...(list.data ?? []).map((p) => ({ value: p.id, label: p.name })),
      ]}
    />
  );
}

function PlanForm({ search }: { search: PlanSearch }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.sessions.createSeries.mutationOptions());
  const element = useRef<HTMLFormElement>(null);
  const [endKind, setEndKind] = useState<"occurrences" | "untilDate">("occurrences");
  const defaultValues: SeriesFormInput = {
    programmeId: search.programme ?? "",
    siteId: search.site ?? "",
    venueSiteId: null,
    frequency: "weekly",
    startsOn: search.date ?? londonToday(),
    occurrences: 10,
    untilDate: null,
    startTime: "10:00",
    endTime: "11:30",
    capacity: null,
    heldPlaces: 0,
    holdReleaseHours: 24,
    facilitators: [],
  };
  const form = useForm({
    defaultValues,
    validationLogic: revalidateLogic(),
    validators: { onDynamic: seriesInput },
    onSubmit: async ({ value }) => {
      const parsed = seriesInput.safeParse(value);
      if (!parsed.success) return;
      await create.mutateAsync(value);
      await queryClient.invalidateQueries({ queryKey: trpc.planner.pathKey() });
    },
    onSubmitInvalid: () => {
      requestAnimationFrame(() => {
        element.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
    },
  });
  const rule = useStore(form.store, (state) => ({
    siteId: state.values.siteId,
    frequency: state.values.frequency,
    startsOn: state.values.startsOn,
    occurrences: state.values.occurrences,
    untilDate: state.values.untilDate,
  }));

  const planned = create.data && (
    <Alert color="teal" title="Planned" role="status" data-testid="planned">
      <Stack gap="xs">
        <Text size="sm">
          {create.data.sessions.length === 1
            ? "1 session was planned"
            : `${create.data.sessions.length} sessions were planned`}
          {create.data.skipped.length > 0 &&
            `; ${create.data.skipped.length} closure or out-of-term ${create.data.skipped.length === 1 ? "date was" : "dates were"} left out`}
          . Change the centre or the date below to plan the same again elsewhere.
        </Text>
        <Group>
          <ButtonLink to="/planner" size="xs">
            Back to the planner
          </ButtonLink>
          <AnchorLink to="/courses/$seriesId" params={{ seriesId: create.data.seriesId }} size="sm">
            Its course page
          </AnchorLink>
        </Group>
      </Stack>
    </Alert>
  );

  return (
    <form
      ref={element}
      noValidate
      aria-label="Plan a session"
      onSubmit={(event) => {
        event.preventDefault();
        void form.handleSubmit();
      }}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="lg">
          <Paper withBorder p="lg" radius="md">
            <Stack>
              <form.Field name="programmeId">
                {(field) => (
                  <ProgrammeSelect
                    value={field.state.value}
                    onChange={field.handleChange}
                    onBlur={field.handleBlur}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
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
              <form.Field name="venueSiteId">
                {(field) => (
                  <SiteSelect
                    label="Where it happens"
                    description="Leave as the centre, or choose the outreach venue"
                    emptyLabel="At the centre itself"
                    emptySelectable
                    value={field.state.value ?? ""}
                    onChange={(id) => field.handleChange(id || null)}
                  />
                )}
              </form.Field>
            </Stack>
          </Paper>
          <Paper withBorder p="lg" radius="md">
            <Stack>
              <form.Field name="frequency">
                {(field) => (
                  <Radio.Group
                    label="How often"
                    value={field.state.value}
                    onChange={(value) =>
                      field.handleChange(
                        value === "once"
                          ? "once"
                          : value === "fortnightly"
                            ? "fortnightly"
                            : "weekly",
                      )
                    }
                  >
                    <Group mt="xs">
                      <Radio value="once" label="Once" />
                      <Radio value="weekly" label="Every week" />
                      <Radio value="fortnightly" label="Every fortnight" />
                    </Group>
                  </Radio.Group>
                )}
              </form.Field>
              <form.Field name="startsOn">
                {(field) => (
                  <TextInput type="date" label="First date" required {...inputProps(field)} />
                )}
              </form.Field>
              <form.Subscribe selector={(state) => state.values.frequency}>
                {(frequency) =>
                  frequency !== "once" && (
                    <Stack gap="xs">
                      <Radio.Group
                        label="Until"
                        value={endKind}
                        onChange={(value) => {
                          const kind = value === "untilDate" ? "untilDate" : "occurrences";
                          setEndKind(kind);
                          // One end only: the other is cleared so the server is not told both.
                          if (kind === "untilDate") form.setFieldValue("occurrences", null);
                          else form.setFieldValue("untilDate", null);
                        }}
                      >
                        <Group mt="xs">
                          <Radio value="occurrences" label="A number of sessions" />
                          <Radio value="untilDate" label="A last date" />
                        </Group>
                      </Radio.Group>
                      {endKind === "occurrences" ? (
                        <form.Field name="occurrences">
                          {(field) => (
                            <NumberInput
                              label="Number of sessions"
                              name={field.name}
                              min={1}
                              max={104}
                              value={field.state.value ?? ""}
                              onChange={(v) => field.handleChange(numberOrNull(v))}
                              onBlur={field.handleBlur}
                              error={fieldError(field.state.meta.errors)}
                            />
                          )}
                        </form.Field>
                      ) : (
                        <form.Field name="untilDate">
                          {(field) => (
                            <TextInput
                              type="date"
                              label="Last date"
                              name={field.name}
                              value={field.state.value ?? ""}
                              onChange={(e) => field.handleChange(e.currentTarget.value || null)}
                              onBlur={field.handleBlur}
                              error={fieldError(field.state.meta.errors)}
                            />
                          )}
                        </form.Field>
                      )}
                    </Stack>
                  )
                }
              </form.Subscribe>
              <SimpleGrid cols={2}>
                <form.Field name="startTime">
                  {(field) => (
                    <TextInput type="time" label="Starts at" required {...inputProps(field)} />
                  )}
                </form.Field>
                <form.Field name="endTime">
                  {(field) => (
                    <TextInput type="time" label="Ends at" required {...inputProps(field)} />
                  )}
                </form.Field>
              </SimpleGrid>
            </Stack>
          </Paper>
          <Paper withBorder p="lg" radius="md">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <form.Field name="capacity">
                  {(field) => (
                    <NumberInput
                      label="Places"
                      description="Empty: the programme's"
                      name={field.name}
                      min={1}
                      value={field.state.value ?? ""}
                      onChange={(v) => field.handleChange(numberOrNull(v))}
                      onBlur={field.handleBlur}
                      error={fieldError(field.state.meta.errors)}
                    />
                  )}
                </form.Field>
                <form.Field name="heldPlaces">
                  {(field) => (
                    <NumberInput
                      label="Held for priority families"
                      name={field.name}
                      min={0}
                      value={field.state.value ?? 0}
                      onChange={(v) => field.handleChange(numberOrNull(v) ?? 0)}
                      onBlur={field.handleBlur}
                      error={fieldError(field.state.meta.errors)}
                    />
                  )}
                </form.Field>
                <form.Field name="holdReleaseHours">
                  {(field) => (
                    <NumberInput
                      label="Released, hours before"
                      name={field.name}
                      min={0}
                      value={field.state.value ?? 24}
                      onChange={(v) => field.handleChange(numberOrNull(v) ?? 0)}
                      onBlur={field.handleBlur}
                      error={fieldError(field.state.meta.errors)}
                    />
                  )}
                </form.Field>
              </SimpleGrid>
              <form.Field name="facilitators">
                {(field) => (
                  <TagsInput
                    label="Facilitators"
                    description="Type a name and press Enter"
                    value={field.state.value ?? []}
                    onChange={field.handleChange}
                    error={fieldError(field.state.meta.errors)}
                  />
                )}
              </form.Field>
            </Stack>
          </Paper>
        </Stack>
        <Stack gap="lg">
          {planned}
          <DatesPreview rule={rule} />
          {create.error && <ErrorAlert error={create.error} title="Nothing was planned" />}
          <Group>
            <form.Subscribe selector={(state) => state.isSubmitting}>
              {(submitting) => (
                <Button type="submit" loading={submitting}>
                  Plan these sessions
                </Button>
              )}
            </form.Subscribe>
            <AnchorLink to="/planner" size="sm">
              Cancel
            </AnchorLink>
          </Group>
        </Stack>
      </SimpleGrid>
    </form>
  );
}

function PlanPage() {
  const search = sessionPlanRoute.useSearch();
  return (
    <RequirePermission permission="programme:write">
      <Page
        title="Plan sessions"
        description="A one-off session, or a course that repeats every week or fortnight. Closure days and dates outside the term are left out."
      >
        <PlanForm search={search} />
      </Page>
    </RequirePermission>
  );
}

export const sessionPlanRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/planner/new",
  validateSearch: (search: Record<string, unknown>): PlanSearch => ({
    site: typeof search.site === "string" && uuid.test(search.site) ? search.site : undefined,
    programme:
      typeof search.programme === "string" && uuid.test(search.programme)
        ? search.programme
        : undefined,
    date: typeof search.date === "string" && isIsoDate(search.date) ? search.date : undefined,
  }),
  component: PlanPage,
});
