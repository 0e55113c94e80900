import { Button, CopyButton, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { formatTime } from "../lib/dates";

export type PairingCode = {
  id: string;
  kioskName: string;
  pairingCode: string;
  pairingExpiresAt: Date;
};

export function PairingCodePanel({ code, onDone }: { code: PairingCode; onDone: () => void }) {
  const kioskUrl = `${window.location.origin}/kiosk/`;
  const ref = useRef<HTMLDivElement>(null);
  // A new code appears at the top of the page: bring it into view and to screen readers.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
    ref.current?.focus();
  }, [code]);
  return (
    <Paper
      ref={ref}
      tabIndex={-1}
      withBorder
      p="lg"
      radius="md"
      bg="teal.0"
      data-testid="pairing-panel"
    >
      <Stack gap="sm">
        <Title order={2} size="h3">
          Pairing code for {code.kioskName}
        </Title>
        <Text
          data-testid="pairing-code"
          ff="monospace"
          fz={44}
          fw={700}
          lh={1.1}
          style={{ letterSpacing: "0.18em" }}
        >
          {code.pairingCode}
        </Text>
        <Text>
          On the tablet, open <strong>{kioskUrl}</strong> and enter this code. It works once, for 15
          minutes.
        </Text>
        <Text size="sm" c="dimmed" data-testid="pairing-expiry">
          Expires at {formatTime(code.pairingExpiresAt)}. If it runs out, make a new pairing code
          for this kiosk.
        </Text>
        <Group>
          <CopyButton value={code.pairingCode}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? "Copied" : "Copy code"}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
