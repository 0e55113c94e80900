import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const cliDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(cliDir, "node_modules", ".bin", "tsx");

export type Run = { code: number | null; stdout: string; stderr: string };

export type CliSandbox = {
  /** The embedded database's folder. */
  dataDir: string;
  /** Where the person "ran" the command: file arguments are relative to it. */
  workDir: string;
  /** Runs the CLI as a person would, with `input` (if any) on standard input. */
  run: (args: string[], input?: string) => Promise<Run>;
  cleanUp: () => Promise<void>;
};

/** A folder of its own with an embedded database, never the PostgreSQL server in DATABASE_URL. */
export async function cliSandbox(prefix: string): Promise<CliSandbox> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dataDir = join(root, "data");
  const workDir = join(root, "work");
  await mkdir(workDir);
  const run = (args: string[], input?: string) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FAMILYHUB_DATA_DIR: dataDir,
      INIT_CWD: workDir,
    };
    delete env.DATABASE_URL;
    return new Promise<Run>((resolve, reject) => {
      const child = spawn(tsx, ["src/main.ts", ...args], { cwd: cliDir, env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  };
  return { dataDir, workDir, run, cleanUp: () => rm(root, { recursive: true, force: true }) };
}
