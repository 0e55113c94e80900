import { Alert, Button, List, Stack, Text } from "@mantine/core";
import { readError } from "../lib/errors";

type Props = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
};

export function ErrorAlert({ error, title = "That did not work", onRetry }: Props) {
  const { message, issues } = readError(error);
  return (
    <Alert color="red" title={title} role="alert" className="no-print">
      <Stack gap="xs">
        {issues.length > 1 ? (
          <List size="sm">
            {issues.map((issue) => (
              <List.Item key={`${issue.path}:${issue.message}`}>
                {issue.path ? `${issue.path}: ${issue.message}` : issue.message}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{message}</Text>
        )}
        {onRetry && (
          <div>
            <Button variant="light" color="red" size="xs" onClick={onRetry}>
              Try again
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
