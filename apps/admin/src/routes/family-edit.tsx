import type { RouterOutputs } from "@familyhub/api";
import type { FamilyRegistration } from "@familyhub/validators";
import { Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { ErrorAlert } from "../components/error-alert";
import { FamilyForm, type FamilyFormValues, type MemberValues } from "../components/family-form";
import { AnchorLink } from "../components/links";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDate } from "../lib/dates";
import { isEthnicityCode, isHowHeard, isRelationship } from "../lib/registration-labels";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Family = RouterOutputs["families"]["get"];

function toFormValues(family: Family): FamilyFormValues {
  const given = (kind: "data_sharing" | "photographs") =>
    family.consents.some((c) => c.kind === kind && !c.withdrawnAt);
  return {
    siteId: family.siteId,
    postcode: family.postcode,
    addressLine1: family.addressLine1 ?? "",
    addressLine2: family.addressLine2 ?? "",
    town: family.town ?? "",
    phone: family.phone ?? "",
    email: family.email ?? "",
    howHeard: family.howHeard && isHowHeard(family.howHeard) ? family.howHeard : null,
    members: family.members.map((m): MemberValues => ({
      id: m.id,
      firstName: m.firstName,
      lastName: m.lastName,
      role: m.role,
      dateOfBirth: m.dateOfBirth,
      expectedDueDate: m.dateOfBirth ? null : (m.expectedDueDate ?? ""),
      sex: m.sex,
      ethnicity: m.ethnicity && isEthnicityCode(m.ethnicity) ? m.ethnicity : null,
      firstLanguage: m.firstLanguage ?? "",
      relationship: m.relationship && isRelationship(m.relationship) ? m.relationship : null,
      disability: m.disability,
      sen: m.sen,
    })),
    // The family agreed when they registered; editing never asks again.
    consents: {
      privacyNotice: { accepted: true },
      dataSharing: given("data_sharing"),
      photographs: given("photographs"),
    },
    duplicatesReviewed: true,
  };
}

function EditFamilyForm({ family }: { family: Family }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const update = useMutation(trpc.families.update.mutationOptions());
  const privacy = family.consents.find((c) => c.kind === "privacy_notice");

  const save = async (values: FamilyRegistration, raw: FamilyFormValues) => {
    try {
      await update.mutateAsync({
        id: family.id,
        siteId: values.siteId,
        postcode: values.postcode,
        addressLine1: values.addressLine1,
        addressLine2: values.addressLine2,
        town: values.town,
        phone: values.phone,
        email: values.email,
        howHeard: values.howHeard,
        // The checked values have no ids: take them, in the same order, from the form.
        members: values.members.map((m, index) => ({ ...m, id: raw.members[index]?.id ?? null })),
        consents: {
          dataSharing: values.consents.dataSharing,
          photographs: values.consents.photographs,
        },
      });
      await queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey });
      await queryClient.invalidateQueries({ queryKey: trpc.targeting.pathFilter().queryKey });
      await navigate({ to: "/families/$familyId", params: { familyId: family.id } });
    } catch {
      // The error is shown from the mutation's state; every change stays in the form.
    }
  };

  return (
    <FamilyForm
      mode="edit"
      defaultValues={toFormValues(family)}
      saved={family.members.map((m) => ({ id: m.id, attendances: m.attendances }))}
      privacyAgreed={
        <Text size="sm">
          {privacy
            ? `The family agreed to the privacy notice (version ${privacy.version}) on ${formatDate(privacy.givenAt)}.`
            : "No agreement to the privacy notice is recorded: ask the family to read it."}
        </Text>
      }
      submitLabel="Save changes"
      onSubmit={save}
      cancel={
        <AnchorLink to="/families/$familyId" params={{ familyId: family.id }}>
          Cancel
        </AnchorLink>
      }
      beforeSubmit={() =>
        update.isError && <ErrorAlert error={update.error} title="The changes were not saved" />
      }
    />
  );
}

function FamilyEditPage() {
  const { familyId } = familyEditRoute.useParams();
  const trpc = useTRPC();
  const family = useQuery(trpc.families.get.queryOptions({ id: familyId }));
  if (family.isPending) return <Loading label="Loading the family" />;
  if (family.isError) {
    return (
      <Page title="Edit family">
        <ErrorAlert error={family.error} onRetry={() => void family.refetch()} />
        <AnchorLink to="/families">Back to families</AnchorLink>
      </Page>
    );
  }
  return (
    <Page
      title={`Edit the ${family.data.surname} family`}
      description="A member who has attended a session stays in the family: attendances are kept."
    >
      <EditFamilyForm family={family.data} />
    </Page>
  );
}

export const familyEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/families/$familyId/edit",
  component: () => (
    <RequirePermission permission="family:write">
      <FamilyEditPage />
    </RequirePermission>
  ),
});
