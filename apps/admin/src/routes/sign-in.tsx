import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createRoute, Navigate, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { authClient } from "../auth-client";
import { Loading } from "../components/loading";
import { useTRPC } from "../trpc";
import { rootRoute } from "./root";

const WRONG_DETAILS = "That email and password do not match. Check them and try again.";

function signInMessage(status: number, message: string | undefined): string {
  if (status === 401 || status === 400) return WRONG_DETAILS;
  if (status === 429) return "Too many attempts. Wait a minute, then try again.";
  return message ?? "Signing in did not work. Please try again.";
}

function SignInPage() {
  useDocumentTitle("Sign in · FamilyHub");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (me.isPending) return <Loading label="Checking whether you are signed in" />;
  if (me.data) return <Navigate to="/" />;

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
        setError(signInMessage(result.error.status, result.error.message));
        return;
      }
      await queryClient.resetQueries();
      await navigate({ to: "/" });
    } catch {
      setError("FamilyHub could not be reached. Check the connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <div>
              <Text c="teal.8" fw={700}>
                FamilyHub
              </Text>
              <Title order={1} size="h2">
                Sign in
              </Title>
              <Text c="dimmed" size="sm">
                For staff of the council's children's centres, family hubs and youth hubs.
              </Text>
            </div>
            {error && (
              <Alert color="red" role="alert" title="You are not signed in">
                {error}
              </Alert>
            )}
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
      </Paper>
    </Center>
  );
}

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  component: SignInPage,
});
