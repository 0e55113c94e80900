import type { RouterOutputs } from "@familyhub/api";
import { kioskCreateInput } from "@familyhub/validators";
import { staffPinSetInput } from "@familyhub/validators";
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { revalidateLogic, useForm } from "@tanstack/react-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute } from "@tanstack/react-router";
import { useState } from "react";
import { ConfirmButton } from "../components/confirm-button";
import { EmptyState } from "../components/empty-state";
import { ErrorAlert } from "../components/error-alert";
import { Loading } from "../components/loading";
import { Page } from "../components/page";
import { type PairingCode, PairingCodePanel } from "../components/pairing-code";
import { RequirePermission } from "../components/require-permission";
import { useCan } from "../staff";
import { SiteSelect } from "../components/site-select";
import { formatDateTime, formatRelative } from "../lib/dates";
import { inputProps, valueProps } from "../lib/form";
import { useTRPC } from "../trpc";
import { appRoute } from "./app-layout";

type Kiosk = RouterOutputs["kiosks"]["list"][number];

function Status({ kiosk }: { kiosk: Kiosk }) {
  if (kiosk.revokedAt) {
    return (
      <Badge color="gray" variant="light" miw="max-content">
        Revoked
      </Badge>
    );
  }
  if (kiosk.pairedAt) {
    return kiosk.online ? (
      <Badge color="green" variant="light" miw="max-content">
        Online
      </Badge>
    ) : (
      <Badge color="orange" variant="light" miw="max-content">
        Offline
      </Badge>
    );
  }
  const expired = !kiosk.pairingExpiresAt || kiosk.pairingExpiresAt.getTime() < Date.now();
  return (
    <Stack gap={2} align="flex-start">
      <Badge color="yellow" variant="light" miw="max-content">
        Waiting to pair
      </Badge>
      {expired && (
        <Text size="xs" c="dimmed">
          The code has expired: make a new one
        </Text>
      )}
    </Stack>
  );
}

function SetUpKiosk({ onCreated }: { onCreated: (code: PairingCode) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.kiosks.create.mutationOptions());
  const form = useForm({
    defaultValues: { siteId: "", name: "" },
    validationLogic: revalidateLogic(),
    validators: { onDynamic: kioskCreateInput },
    onSubmit: async ({ value, formApi }) => {
      const parsed = kioskCreateInput.safeParse(value);
      if (!parsed.success) return;
      try {
        const created = await create.mutateAsync(parsed.data);
        onCreated({ ...created, kioskName: parsed.data.name });
        formApi.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.kiosks.list.queryKey() });
      } catch {
        // Shown from the mutation's state.
      }
    },
  });

  return (
    <Paper withBorder p="lg" radius="md">
      <form
        noValidate
        aria-labelledby="set-up-kiosk"
        onSubmit={(event) => {
          event.preventDefault();
          void form.handleSubmit();
        }}
      >
        <Stack>
          <Title order={2} size="h3" id="set-up-kiosk">
            Set up a kiosk
          </Title>
          <Text size="sm" c="dimmed">
            A kiosk is a tablet by a centre's door where families check in. Name it so staff can
            tell it apart, e.g. "Front door".
          </Text>
          <Group align="flex-start" gap="md">
            <form.Field name="siteId">
              {(field) => (
                <SiteSelect
                  label="Site"
                  emptyLabel="Choose a site"
                  required
                  w={300}
                  maw="100%"
                  {...valueProps(field)}
                />
              )}
            </form.Field>
            <form.Field name="name">
              {(field) => (
                <TextInput
                  label="Kiosk name"
                  required
                  w={260}
                  maw="100%"
                  maxLength={60}
                  autoComplete="off"
                  {...inputProps(field)}
                />
              )}
            </form.Field>
            <form.Subscribe selector={(state) => state.isSubmitting}>
              {(isSubmitting) => (
                <Button type="submit" mt={25} loading={isSubmitting}>
                  Create kiosk
                </Button>
              )}
            </form.Subscribe>
          </Group>
          {create.isError && <ErrorAlert error={create.error} title="The kiosk was not set up" />}
        </Stack>
      </form>
    </Paper>
  );
}

type RowProps = {
  kiosk: Kiosk;
  onCode: (code: PairingCode) => void;
  onRevoked: (kioskId: string) => void;
};

function KioskRow({ kiosk, onCode, onRevoked }: RowProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.kiosks.list.queryKey() });
  const renew = useMutation(
    trpc.kiosks.renewPairingCode.mutationOptions({
      onSuccess: (code) => {
        onCode({ ...code, kioskName: kiosk.name });
        void refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.kiosks.revoke.mutationOptions({
      onSuccess: () => {
        onRevoked(kiosk.id);
        void refresh();
      },
    }),
  );
  const error = renew.error ?? revoke.error;

  return (
    <Table.Tr>
      <Table.Td fw={600}>{kiosk.name}</Table.Td>
      <Table.Td>{kiosk.siteName}</Table.Td>
      <Table.Td>
        <Status kiosk={kiosk} />
      </Table.Td>
      <Table.Td>
        {kiosk.lastSeenAt ? (
          <Text size="sm" title={formatDateTime(kiosk.lastSeenAt)}>
            {formatRelative(kiosk.lastSeenAt)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Never
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {kiosk.queuedCheckIns > 0 ? (
          <Text size="sm" fw={600} c="orange.9">
            {kiosk.queuedCheckIns} waiting
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={kiosk.appVersion ? undefined : "dimmed"}>
          {kiosk.appVersion ?? "Not reported"}
        </Text>
      </Table.Td>
      <Table.Td>
        {!kiosk.revokedAt && (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button
              size="xs"
              variant="light"
              loading={renew.isPending}
              aria-label={`New pairing code for ${kiosk.name}`}
              onClick={() => renew.mutate({ id: kiosk.id })}
            >
              New pairing code
            </Button>
            <ConfirmButton
              size="xs"
              ariaLabel={`Revoke ${kiosk.name}`}
              title={`Revoke ${kiosk.name}?`}
              message={`The tablet at ${kiosk.siteName} will stop working at once and cannot be paired again. Set up a new kiosk to replace it.`}
              confirmLabel="Revoke kiosk"
              loading={revoke.isPending}
              onConfirm={() => revoke.mutate({ id: kiosk.id })}
            >
              Revoke
            </ConfirmButton>
          </Group>
        )}
        {error && (
          <Text size="xs" c="red" role="alert" mt={4}>
            {error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function KioskList({ onCode, onRevoked }: Omit<RowProps, "kiosk">) {
  const trpc = useTRPC();
  // Often enough to watch a kiosk's queue drain after it comes back online.
  const kiosks = useQuery(trpc.kiosks.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  if (kiosks.isPending) return <Loading label="Loading kiosks" />;
  if (kiosks.isError) {
    return <ErrorAlert error={kiosks.error} onRetry={() => void kiosks.refetch()} />;
  }
  if (kiosks.data.length === 0) {
    return (
      <EmptyState title="No kiosks yet">
        Set up a kiosk above, then pair the tablet at the centre's door with its code.
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="sm" data-testid="kiosks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Site</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Last seen</Table.Th>
            <Table.Th scope="col">Check-ins to sync</Table.Th>
            <Table.Th scope="col">Version</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {kiosks.data.map((kiosk) => (
            <KioskRow key={kiosk.id} kiosk={kiosk} onCode={onCode} onRevoked={onRevoked} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A member of staff's own kiosk PIN: it pins a session for the morning and opens "I've forgotten
 * my card" at the kiosks of their locality. Only a slow hash is kept; it is never shown again.
 */
function MyKioskPin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.kiosks.myPin.queryOptions());
  const save = useMutation(trpc.kiosks.setMyPin.mutationOptions());
  const [saved, setSaved] = useState(false);
  const form = useForm({
    defaultValues: { pin: "" },
    validationLogic: revalidateLogic(),
    validators: { onDynamic: staffPinSetInput },
    onSubmit: async ({ value, formApi }) => {
      const parsed = staffPinSetInput.safeParse(value);
      if (!parsed.success) return;
      try {
        await save.mutateAsync(parsed.data);
        setSaved(true);
        formApi.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.kiosks.myPin.queryKey() });
      } catch {
        // Shown from the mutation's state; what was typed stays.
      }
    },
  });

  return (
    <Paper withBorder p="lg" radius="md">
      <form
        noValidate
        aria-labelledby="my-kiosk-pin"
        onSubmit={(event) => {
          event.preventDefault();
          void form.handleSubmit();
        }}
      >
        <Stack>
          <Title order={2} size="h3" id="my-kiosk-pin">
            Your kiosk PIN
          </Title>
          <Text size="sm" c="dimmed">
            Type it on a kiosk's Staff button to keep one session chosen for the morning, or to find
            a family who has forgotten their card. It works at the kiosks of your locality. Six
            digits; keep it to yourself.
          </Text>
          {status.data && (
            <Text size="sm" data-testid="pin-status">
              {status.data.hasPin && status.data.updatedAt
                ? `You set your PIN ${formatRelative(status.data.updatedAt)}.`
                : "You have not set a PIN yet."}
            </Text>
          )}
          <Group align="flex-start" gap="md">
            <form.Field name="pin">
              {(field) => (
                <PasswordInput
                  label={status.data?.hasPin ? "New PIN" : "PIN"}
                  required
                  w={220}
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={6}
                  {...inputProps(field)}
                />
              )}
            </form.Field>
            <form.Subscribe selector={(state) => state.isSubmitting}>
              {(isSubmitting) => (
                <Button type="submit" mt={25} loading={isSubmitting}>
                  Save PIN
                </Button>
              )}
            </form.Subscribe>
          </Group>
          {saved && !save.isError && (
            <Alert color="green" role="status">
              Your kiosk PIN is saved.
            </Alert>
          )}
          {save.isError && <ErrorAlert error={save.error} title="Your PIN was not saved" />}
        </Stack>
      </form>
    </Paper>
  );
}

function KiosksPage() {
  // The pairing code is a secret that works once: kept in memory only, never in the URL.
  const [code, setCode] = useState<PairingCode | null>(null);
  const canManage = useCan("kiosk:manage");
  const canUse = useCan("register:write");
  return (
    <Page title="Kiosks" description="The tablets at the centres' doors where families check in.">
      {canUse && <MyKioskPin />}
      {(canManage || !canUse) && (
        <RequirePermission permission="kiosk:manage">
          {code && <PairingCodePanel code={code} onDone={() => setCode(null)} />}
          <SetUpKiosk onCreated={setCode} />
          <Stack gap="xs">
            <Title order={2} size="h3">
              All kiosks
            </Title>
            <KioskList
              onCode={setCode}
              onRevoked={(kioskId) => setCode((shown) => (shown?.id === kioskId ? null : shown))}
            />
          </Stack>
        </RequirePermission>
      )}
    </Page>
  );
}

export const kiosksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/kiosks",
  component: KiosksPage,
});
