import { Alert, Button, Code, Image, List, Stack, Text, TextInput } from "@mantine/core";
import QRCode from "qrcode";
import { type FormEvent, useState } from "react";
import { authClient } from "../auth-client";

type Setup = { qr: string; key: string; backupCodes: string[] };

const OFFLINE = "FamilyHub could not be reached. Check the connection and try again.";

/** The Base32 key inside an otpauth:// address, for apps that cannot scan, in groups of four. */
function manualKey(totpURI: string): string {
  try {
    const key = new URL(totpURI).searchParams.get("secret") ?? "";
    return key.match(/.{1,4}/g)?.join(" ") ?? "";
  } catch {
    return "";
  }
}

/**
 * Sets up TOTP for the signed-in account: a QR code of the otpauth address (and its key, for
 * typing), ten backup codes to keep, then one code from the app to prove it works. `password`
 * is the one just typed at sign-in, when there is one; otherwise it is asked for here.
 */
export function TotpEnrolment({
  password: knownPassword,
  onDone,
}: {
  password: string;
  onDone: () => Promise<void>;
}) {
  const [password, setPassword] = useState(knownPassword);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    try {
      const result = await authClient.twoFactor.enable({ password, issuer: "FamilyHub" });
      if (result.error) {
        setError(
          result.error.status === 400
            ? "That password is not right. Type the password you signed in with."
            : (result.error.message ?? "Setting up did not work. Please try again."),
        );
        return;
      }
      if (result.data.method !== "totp") {
        setError("Setting up did not work. Please try again.");
        return;
      }
      const { totpURI, backupCodes } = result.data;
      const qr = await QRCode.toDataURL(totpURI, { margin: 2, width: 220 });
      setSetup({ qr, key: manualKey(totpURI), backupCodes });
    } catch {
      setError(OFFLINE);
    } finally {
      setPending(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const typed = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(typed)) {
      setError("Type the 6-digit code your app shows for FamilyHub.");
      return;
    }
    setPending(true);
    try {
      const result = await authClient.twoFactor.verifyTotp({ code: typed });
      if (result.error) {
        setError(
          "That code is not right. Check the app shows FamilyHub with your email, and type the code it shows now.",
        );
        return;
      }
      await onDone();
    } catch {
      setError(OFFLINE);
    } finally {
      setPending(false);
    }
  }

  const alert = error && (
    <Alert color="red" role="alert" title="Not set up yet">
      {error}
    </Alert>
  );

  if (!setup) {
    return (
      <form onSubmit={(event) => void start(event)} noValidate>
        <Stack>
          {alert}
          {!knownPassword && (
            <TextInput
              label="Your FamilyHub password"
              description="Leave it empty if you only ever sign in with your council account."
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
          )}
          <Button type="submit" loading={pending}>
            Show my QR code
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={(event) => void confirm(event)} noValidate>
      <Stack>
        <Text size="sm" fw={600}>
          1. Scan this with your authenticator app
        </Text>
        <Image
          src={setup.qr}
          alt="QR code to add FamilyHub to your authenticator app"
          w={220}
          h={220}
        />
        <Stack gap={4}>
          <Text size="sm">Cannot scan? Add a time-based account by hand with this key:</Text>
          <Code block data-testid="totp-key" fz="sm" style={{ whiteSpace: "pre-wrap" }}>
            {setup.key}
          </Code>
        </Stack>
        <Text size="sm" fw={600}>
          2. Keep these backup codes somewhere safe
        </Text>
        <Text size="sm">
          Each one signs you in once if you lose your phone. They are shown only now.
        </Text>
        <List size="sm" data-testid="backup-codes" ff="monospace">
          {setup.backupCodes.map((backupCode) => (
            <List.Item key={backupCode}>{backupCode}</List.Item>
          ))}
        </List>
        <Text size="sm" fw={600}>
          3. Type the code your app now shows
        </Text>
        {alert}
        <TextInput
          label="Code from your authenticator app"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <Button type="submit" loading={pending}>
          Finish setting up
        </Button>
      </Stack>
    </form>
  );
}
