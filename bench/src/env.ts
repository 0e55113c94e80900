// The bench's one reader of the environment: the processes it starts (the server, the CLI)
// inherit it, as they would from a shell, with their own settings on top.
export function inheritedEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
