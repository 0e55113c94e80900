// The families' rights on a family's page: subject access, legal hold and erasure. Each shows
// only to the roles that may use it; erasure and holds ask for a reason, which is audited.
import { eraseFamilyInput, reasonInput } from "@familyhub/validators";
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { formatDate } from "../lib/dates";
import { inputProps } from "../lib/form";
import { useCan } from "../staff";
import { useTRPC } from "../trpc";
import { ErrorAlert } from "./error-alert";
import { ButtonLink } from "./links";

type Family = { id: string; surname: string; status: string };

/** A dialog with one reason field, for placing or lifting a legal hold. */
function ReasonDialog({
  opened,
  onClose,
  title,
  intro,
  submitLabel,
  color,
  onSubmit,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro: string;
  submitLabel: string;
  color: string;
  onSubmit: (reason: string) => Promise<void>;
  error: unknown;
}) {
  const form = useForm({
    defaultValues: { reason: "" },
    validationLogic: revalidateLogic(),
    validators: { onDynamic: reasonInput },
    onSubmit: async ({ value, formApi }) => {
      try {
        await onSubmit(value.reason.trim());
        formApi.reset();
        onClose();
      } catch {
        // Shown from the mutation's state; what was typed stays.
      }
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.handleSubmit();
        }}
      >
        <Stack>
          <Text size="sm">{intro}</Text>
          <form.Field name="reason">
            {(field) => (
              <Textarea
                label="Reason"
                description="Recorded in the audit log. Say why, e.g. a case reference."
                required
                autosize
                minRows={2}
                maxLength={500}
                data-autofocus
                {...inputProps(field, "Give the reason")}
              />
            )}
          </form.Field>
          {error ? <ErrorAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <form.Subscribe selector={(state) => state.isSubmitting}>
              {(isSubmitting) => (
                <Button type="submit" color={color} loading={isSubmitting}>
                  {submitLabel}
                </Button>
              )}
            </form.Subscribe>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function LegalHold({ family }: { family: Family }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const hold = useQuery(trpc.rights.legalHold.queryOptions({ familyId: family.id }));
  const place = useMutation(trpc.rights.placeLegalHold.mutationOptions());
  const lift = useMutation(trpc.rights.liftLegalHold.mutationOptions());
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.rights.legalHold.queryKey({ familyId: family.id }),
    });
  if (hold.isPending || hold.isError) return null;
  const held = hold.data;
  return (
    <>
      {held && (
        <Badge color="grape" variant="light" size="lg" title={held.reason}>
          Legal hold since {formatDate(held.placedAt)}
        </Badge>
      )}
      <Button variant="light" color="grape" onClick={open}>
        {held ? "Lift legal hold" : "Legal hold"}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={close}
        title={held ? "Lift the legal hold" : "Place a legal hold"}
        intro={
          held
            ? `The hold was placed for: "${held.reason}". Once lifted, the family can be erased and the retention rules apply to it again.`
            : "While a legal hold is on, the family cannot be erased and no retention rule removes anything about it."
        }
        submitLabel={held ? "Lift the hold" : "Place the hold"}
        color="grape"
        error={held ? lift.error : place.error}
        onSubmit={async (reason) => {
          if (held) await lift.mutateAsync({ familyId: family.id, reason });
          else await place.mutateAsync({ familyId: family.id, reason });
          await refresh();
        }}
      />
    </>
  );
}

function EraseFamily({ family }: { family: Family }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const erase = useMutation(trpc.rights.erase.mutationOptions());
  const form = useForm({
    defaultValues: { familyId: family.id, confirmSurname: "", reason: "" },
    validationLogic: revalidateLogic(),
    validators: { onDynamic: eraseFamilyInput },
    onSubmit: async ({ value }) => {
      try {
        await erase.mutateAsync(value);
        queryClient.removeQueries({ queryKey: trpc.families.get.queryKey({ id: family.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.families.search.queryKey() });
        close();
        await navigate({ to: "/families" });
      } catch {
        // Shown from the mutation's state; what was typed stays.
      }
    },
  });
  return (
    <>
      <Button variant="light" color="red" onClick={open}>
        Erase family
      </Button>
      <Modal opened={opened} onClose={close} title={`Erase the ${family.surname} family`} centered>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void form.handleSubmit();
          }}
        >
          <Stack>
            <Alert color="red" title="This cannot be undone">
              Names, dates of birth (kept to the month), address, contact details, consents, cards
              and notes are removed. Their attendances stay as anonymous counts, so reports of the
              past do not change.
            </Alert>
            <form.Field name="confirmSurname">
              {(field) => (
                <TextInput
                  label={`Type the surname "${family.surname}" to confirm`}
                  required
                  autoComplete="off"
                  data-autofocus
                  {...inputProps(field)}
                />
              )}
            </form.Field>
            <form.Field name="reason">
              {(field) => (
                <Textarea
                  label="Reason"
                  description="Recorded in the audit log, e.g. 'The family asked to be forgotten (email of 3 March)'."
                  required
                  autosize
                  minRows={2}
                  maxLength={500}
                  {...inputProps(field, "Give the reason")}
                />
              )}
            </form.Field>
            {erase.error ? <ErrorAlert error={erase.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <form.Subscribe selector={(state) => state.isSubmitting}>
                {(isSubmitting) => (
                  <Button type="submit" color="red" loading={isSubmitting}>
                    Erase the family
                  </Button>
                )}
              </form.Subscribe>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** The buttons beside a family's name, for the roles that may use them. */
export function FamilyRightsActions({ family }: { family: Family }) {
  const canExport = useCan("subject_access:export");
  const canErase = useCan("family:erase");
  if (family.status === "merged") return null;
  return (
    <>
      {canExport && (
        <ButtonLink
          to="/families/$familyId/subject-access"
          params={{ familyId: family.id }}
          variant="light"
          color="gray"
        >
          Subject access
        </ButtonLink>
      )}
      {canErase && <LegalHold family={family} />}
      {canErase && <EraseFamily family={family} />}
    </>
  );
}
