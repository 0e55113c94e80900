import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseKind } from "@familyhub/db";
import { createScratchDatabase } from "@familyhub/db/testing";

const apiDir = fileURLToPath(new URL("..", import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export type RunningServer = {
  url: string;
  output: () => string;
  /** Sends SIGTERM and waits: the server's exit code. */
  stop: () => Promise<number | null>;
};

/**
 * Starts FamilyHub from its TypeScript sources (what `pnpm start` builds), or with `args` from
 * elsewhere (the compiled dist/main.mjs), and waits until it listens.
 */
export async function startServer(
  env: Record<string, string | undefined>,
  args: string[] = ["--import", "tsx", "src/main.ts"],
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    ...env,
    PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: "warn",
  })) {
    if (v !== undefined) childEnv[k] = v;
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: apiDir,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 240_000;
  while (!output.includes("FamilyHub is running")) {
    if (child.exitCode !== null)
      throw new Error(`FamilyHub exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`FamilyHub did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
  };
}

/**
 * FamilyHub with demo data on the given engine: an embedded database in `workDir`, or a scratch
 * database of its own on the PostgreSQL server in DATABASE_URL, dropped again by `stop`.
 */
export async function startFamilyHub(kind: DatabaseKind, workDir: string): Promise<RunningServer> {
  const env: Record<string, string | undefined> = {
    FAMILYHUB_DATA_DIR: join(workDir, "data"),
    DATABASE_URL: undefined,
  };
  let drop: (() => Promise<void>) | undefined;
  if (kind === "postgres") {
    const scratch = await createScratchDatabase();
    env.DATABASE_URL = scratch.url;
    drop = scratch.drop;
  }
  const server = await startServer(env);
  return {
    ...server,
    stop: async () => {
      const code = await server.stop();
      await drop?.();
      return code;
    },
  };
}
