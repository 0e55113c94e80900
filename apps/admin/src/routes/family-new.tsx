import type { FamilyRegistration } from "@familyhub/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import {
  type DuplicateCandidate,
  DuplicateWarning,
  type TypedFamily,
} from "../components/duplicate-warning";
import { ErrorAlert } from "../components/error-alert";
import { emptyFamily, FamilyForm } from "../components/family-form";
import { AnchorLink } from "../components/links";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

function RegisterFamilyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation(trpc.families.create.mutationOptions());
  const [duplicates, setDuplicates] = useState<{
    typed: TypedFamily;
    candidates: DuplicateCandidate[];
  } | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);

  // Tell us once: before saving, look for the family anywhere in the authority. Only when staff
  // have seen the possible matches ("Register as a new family") is it saved regardless.
  const submit = async (values: FamilyRegistration) => {
    setCheckError(null);
    if (!values.duplicatesReviewed) {
      try {
        const candidates = await queryClient.fetchQuery({
          ...trpc.families.findDuplicates.queryOptions({
            postcode: values.postcode,
            members: values.members.map((m) => ({
              firstName: m.firstName,
              lastName: m.lastName,
              dateOfBirth: m.dateOfBirth ?? null,
            })),
          }),
          staleTime: 0,
        });
        if (candidates.length > 0) {
          setDuplicates({ typed: values, candidates });
          return;
        }
      } catch (error) {
        setCheckError(error);
        return;
      }
    }
    setDuplicates(null);
    try {
      const family = await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.families.pathFilter().queryKey });
      await navigate({ to: "/families/$familyId", params: { familyId: family.id } });
    } catch {
      // The error is shown from the mutation's state; everything typed stays in the form.
    }
  };

  return (
    <FamilyForm
      mode="new"
      defaultValues={emptyFamily()}
      submitLabel="Register family"
      onSubmit={submit}
      cancel={<AnchorLink to="/families">Cancel</AnchorLink>}
      beforeSubmit={({ submitReviewed }) => (
        <>
          {duplicates && (
            <DuplicateWarning
              typed={duplicates.typed}
              candidates={duplicates.candidates}
              registering={create.isPending}
              onRegisterNew={submitReviewed}
            />
          )}
          {checkError !== null && (
            <ErrorAlert
              error={checkError}
              title="FamilyHub could not check whether the family is already registered"
            />
          )}
          {create.isError && (
            <ErrorAlert error={create.error} title="The family was not registered" />
          )}
        </>
      )}
    />
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
