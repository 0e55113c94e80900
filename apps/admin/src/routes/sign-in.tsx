import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, Navigate, useNavigate } from "@tanstack/react-router";
import { type FormEvent, type ReactNode, useState } from "react";
import { authClient } from "../auth-client";
import { Loading } from "../components/loading";
import { TotpEnrolment } from "../components/totp-enrolment";
import { useTRPC } from "../trpc";
import { rootRoute } from "./root";

const WRONG_DETAILS = "That email and password do not match. Check them and try again.";
const OFFLINE = "FamilyHub could not be reached. Check the connection and try again.";

type AuthError = { status: number; message?: string };

function signInMessage(error: AuthError): string {
  if (error.status === 401 || error.status === 400) return WRONG_DETAILS;
  if (error.status === 429) {
    return error.message?.startsWith("Too many wrong passwords")
      ? error.message
      : "Too many attempts. Wait a minute, then try again.";
  }
  return error.message ?? "Signing in did not work. Please try again.";
}

function codeMessage(error: AuthError, backup: boolean): string {
  if (error.status === 429) return "Too many codes tried. Wait a minute, then try again.";
  if (error.status === 401 && /cookie|expired/i.test(error.message ?? "")) {
    return "That took too long. Sign in again with your password.";
  }
  return backup
    ? "That backup code is not right, or it has been used. Check it and try again."
    : "That code is not right. Codes change every 30 seconds: type the one your app shows now.";
}

/** Where an identity provider's sign-in came back with a refusal (Better Auth adds ?error=…). */
function oidcError(providerName: string): string | null {
  const error = new URLSearchParams(window.location.search).get("error");
  if (!error) return null;
  if (/not.linked|signup|sign_up|user_not_found/i.test(error)) {
    return `Your ${providerName} has no FamilyHub account. Ask your FamilyHub administrator to add you with the same email address.`;
  }
  return `Signing in with ${providerName} did not work. Try again, or sign in with your password.`;
}

function SignInCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={480}>
        <Stack>
          <div>
            <Text c="teal.8" fw={700}>
              FamilyHub
            </Text>
            <Title order={1} size="h2">
              {title}
            </Title>
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** The six-digit code (or a backup code) that finishes a sign-in. */
function CodeStep({ onDone, onRestart }: { onDone: () => Promise<void>; onRestart: () => void }) {
  const [code, setCode] = useState("");
  const [backup, setBackup] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const typed = code.replace(/\s+/g, "");
    if (!typed) {
      setError(backup ? "Enter one of your backup codes." : "Enter the code your app shows.");
      return;
    }
    setPending(true);
    try {
      const result = backup
        ? await authClient.twoFactor.verifyBackupCode({ code: typed })
        : await authClient.twoFactor.verifyTotp({ code: typed });
      if (result.error) {
        setError(codeMessage(result.error, backup));
        return;
      }
      await onDone();
    } catch {
      setError(OFFLINE);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack>
        <Text size="sm">
          {backup
            ? "Type one of the backup codes you saved when you set up your authenticator app. Each works once."
            : "Open your authenticator app and type the 6-digit code it shows for FamilyHub."}
        </Text>
        {error && (
          <Alert color="red" role="alert" title="You are not signed in yet">
            {error}
          </Alert>
        )}
        <TextInput
          label={backup ? "Backup code" : "Code from your authenticator app"}
          autoComplete="one-time-code"
          inputMode={backup ? "text" : "numeric"}
          required
          autoFocus
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <Button type="submit" loading={pending} fullWidth>
          Continue
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setBackup(!backup);
            setCode("");
            setError(null);
          }}
        >
          {backup ? "Use a code from my authenticator app" : "I cannot use my authenticator app"}
        </Anchor>
        <Anchor component="button" type="button" size="sm" onClick={onRestart}>
          Start again with my email and password
        </Anchor>
      </Stack>
    </form>
  );
}

function SignInPage() {
  useDocumentTitle("Sign in · FamilyHub");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(trpc.auth.me.queryOptions());
  const state = useQuery(trpc.auth.signInState.queryOptions());
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Password accepted for an account with TOTP: the code comes next, before any session exists.
  const [challenge, setChallenge] = useState(false);

  if (me.isPending || state.isPending)
    return <Loading label="Checking whether you are signed in" />;
  if (me.data) return <Navigate to="/" />;

  async function finish() {
    await queryClient.resetQueries();
    await navigate({ to: "/" });
  }

  async function restart() {
    await authClient.signOut().catch(() => undefined);
    setChallenge(false);
    setPassword("");
    setError(null);
    await queryClient.resetQueries();
  }

  const oidc = state.data?.oidc ?? null;
  const waiting = state.data?.pendingSecondFactor ?? null;

  if (challenge || waiting?.enrolled) {
    return (
      <SignInCard title="Enter your code">
        <CodeStep onDone={finish} onRestart={() => void restart()} />
      </SignInCard>
    );
  }
  if (waiting) {
    return (
      <SignInCard title="Set up two-step sign-in">
        <Text size="sm">
          {waiting.name}, your role can see children on the social care caseload, so FamilyHub asks
          for a code from an authenticator app (such as Microsoft Authenticator) each time you sign
          in. Set it up now; it takes a minute.
        </Text>
        <TotpEnrolment password={password} onDone={finish} />
        <Anchor component="button" type="button" size="sm" onClick={() => void restart()}>
          Not now: sign out
        </Anchor>
      </SignInCard>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    try {
      const result = await authClient.signIn.email({ email: email.trim(), password });
      if (result.error) {
        setError(signInMessage(result.error));
        return;
      }
      if ("twoFactorRedirect" in result.data && result.data.twoFactorRedirect) {
        setChallenge(true);
        return;
      }
      // Signed in; a role that needs a second factor and has none set up is shown how next.
      await queryClient.resetQueries();
      const next = await queryClient.fetchQuery(trpc.auth.signInState.queryOptions());
      if (!next.pendingSecondFactor) await navigate({ to: "/" });
    } catch {
      setError(OFFLINE);
    } finally {
      setPending(false);
    }
  }

  const refused = oidc ? oidcError(oidc.name) : null;

  return (
    <SignInCard title="Sign in">
      <Text c="dimmed" size="sm">
        For staff of the council's children's centres, family hubs and youth hubs.
      </Text>
      {(error ?? refused) && (
        <Alert color="red" role="alert" title="You are not signed in">
          {error ?? refused}
        </Alert>
      )}
      {oidc && (
        <>
          <Button
            variant="default"
            fullWidth
            onClick={() =>
              void authClient.signIn.social({
                provider: oidc.id,
                callbackURL: "/admin/",
                errorCallbackURL: "/admin/sign-in",
              })
            }
          >
            Sign in with {oidc.name}
          </Button>
          <Divider label="or with your FamilyHub password" labelPosition="center" />
        </>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <TextInput
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={pending} fullWidth>
            Sign in
          </Button>
          <Text size="xs" c="dimmed">
            Forgotten your password? Ask your FamilyHub administrator to reset it.
          </Text>
        </Stack>
      </form>
    </SignInCard>
  );
}

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  component: SignInPage,
});
