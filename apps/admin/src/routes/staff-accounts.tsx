import type { RouterOutputs } from "@familyhub/api";
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { ConfirmButton } from "../components/confirm-button";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { RequirePermission } from "../components/require-permission";
import { formatDateTime } from "../lib/dates";
import { roleNames, useStaff } from "../staff";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Account = RouterOutputs["staff"]["list"][number];

function AccountRow({ account }: { account: Account }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useStaff();
  const setDisabled = useMutation(
    trpc.staff.setDisabled.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() }),
    }),
  );
  const resetTwoFactor = useMutation(
    trpc.staff.resetTwoFactor.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() }),
    }),
  );
  const disabled = account.disabledAt !== null;
  const error = setDisabled.error ?? resetTwoFactor.error;
  return (
    <Table.Tr data-testid={`staff-row-${account.email}`}>
      <Table.Td>
        <Text fw={600} size="sm">
          {account.name}
        </Text>
        <Text size="xs" c="dimmed">
          {account.email}
        </Text>
      </Table.Td>
      <Table.Td>{roleNames[account.role]}</Table.Td>
      <Table.Td>{account.localityName ?? "Every locality"}</Table.Td>
      <Table.Td miw={110}>
        {account.twoFactorEnabled ? (
          <Badge color="green" variant="light">
            Set up
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Not set up
          </Badge>
        )}
      </Table.Td>
      <Table.Td miw={96}>
        {disabled && account.disabledAt ? (
          <Badge color="red" variant="light" title={`Since ${formatDateTime(account.disabledAt)}`}>
            Disabled
          </Badge>
        ) : (
          <Badge color="teal" variant="light">
            Active
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {account.id === me.id ? (
          <Text size="xs" c="dimmed" ta="right">
            You
          </Text>
        ) : (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {account.twoFactorEnabled && (
              <ConfirmButton
                size="xs"
                color="orange"
                ariaLabel={`Reset the authenticator app of ${account.name}`}
                title={`Reset ${account.name}'s authenticator app?`}
                message={`For someone who has lost their phone and their backup codes. ${account.name} is signed out, and sets up an authenticator app again at the next sign-in.`}
                confirmLabel="Reset authenticator"
                loading={resetTwoFactor.isPending}
                onConfirm={() => resetTwoFactor.mutate({ userId: account.id })}
              >
                Reset authenticator
              </ConfirmButton>
            )}
            {disabled ? (
              <Button
                size="xs"
                variant="light"
                loading={setDisabled.isPending}
                aria-label={`Enable ${account.name}`}
                onClick={() => setDisabled.mutate({ userId: account.id, disabled: false })}
              >
                Enable
              </Button>
            ) : (
              <ConfirmButton
                size="xs"
                ariaLabel={`Disable ${account.name}`}
                title={`Disable ${account.name}?`}
                message={`${account.name} is signed out everywhere at once and cannot sign in until the account is enabled again. Nothing they recorded is removed.`}
                confirmLabel="Disable account"
                loading={setDisabled.isPending}
                onConfirm={() => setDisabled.mutate({ userId: account.id, disabled: true })}
              >
                Disable
              </ConfirmButton>
            )}
          </Group>
        )}
        {error && (
          <Text size="xs" c="red" role="alert" mt={4} ta="right">
            {error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function StaffList() {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.staff.list.queryOptions());
  if (accounts.isPending) return <Loading label="Loading staff accounts" />;
  if (accounts.isError) {
    return <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />;
  }
  if (accounts.data.length === 0) {
    return (
      <EmptyState title="No staff accounts yet">
        Add one with <code>pnpm cli staff add</code>.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="sm" data-testid="staff-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Locality</Table.Th>
            <Table.Th scope="col">Authenticator app</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.data.map((account) => (
            <AccountRow key={account.id} account={account} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StaffAccountsPage() {
  return (
    <Page
      title="Staff accounts"
      description="Everyone who can sign in to FamilyHub. Disabling an account signs it out at once."
    >
      <RequirePermission permission="staff:manage">
        <StaffList />
      </RequirePermission>
    </Page>
  );
}

export const staffAccountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/staff",
  component: StaffAccountsPage,
});
