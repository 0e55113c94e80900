// A PostgreSQL server of the test's own, in a temporary folder, so a fault test may stop,
// restart and kill it without touching anyone else's. Uses Debian's PostgreSQL 15 binaries
// (apt-get install postgresql-15); as root (CI, containers) it runs them as the postgres user.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../e2e/server-process";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export type PostgresServer = {
  /** postgres://… of the `postgres` database on this server. */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is cut, the server comes back on the same port. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  /** Stops the server (if running) and removes its folder. */
  remove: () => Promise<void>;
};

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the postgres user when the test runs as root. */
async function pg(binary: string, args: string[]): Promise<string> {
  const [command, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", join(BIN, binary), ...args]]
    : [join(BIN, binary), args];
  try {
    const { stdout } = await run(command, argv, { timeout: 60_000 });
    return stdout;
  } catch (error) {
    const detail =
      error && typeof error === "object" && "stderr" in error ? String(error.stderr) : "";
    throw new Error(`${binary} ${args.join(" ")} failed: ${detail || String(error)}`);
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(BIN, "initdb"))) {
    throw new Error(`No PostgreSQL 15 in ${BIN}: install it (apt-get install -y postgresql-15).`);
  }
  const root = await mkdtemp(join(tmpdir(), "familyhub-fault-pg-"));
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(root, "data");
  const port = await freePort();
  await pg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (action: string, extra: string[] = []) =>
    pg("pg_ctl", [action, "-D", data, "-w", "-t", "60", "-l", join(root, "log"), ...extra]);
  await ctl("start", ["-o", options]);
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async () => {
      await ctl("restart", ["-m", "fast", "-o", options]);
    },
    stop: async () => {
      if (!running) return;
      await ctl("stop", ["-m", "fast"]);
      running = false;
    },
    remove: async () => {
      if (running) await ctl("stop", ["-m", "immediate"]).catch(() => {});
      running = false;
      await rm(root, { recursive: true, force: true });
    },
  };
}
