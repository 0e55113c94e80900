// FamilyHub's API as the fault tests run it: the same server (buildServer) on the PostgreSQL
// server in DATABASE_URL, with one fault to inject, named on the command line:
//   --kill-after-commit=<tRPC path>  the process kills itself (SIGKILL) when the reply to that
//                                    procedure is about to be written: after its transaction
//                                    committed, before a byte of the answer left.
import { createAuth } from "@familyhub/auth";
import { openDatabase, surviveDatabaseRestarts } from "@familyhub/db";
import { readEnv } from "../src/env";
import { buildServer } from "../src/server";

const killAfter = process.argv
  .find((arg) => arg.startsWith("--kill-after-commit="))
  ?.slice("--kill-after-commit=".length);

// As main.ts does: a database restart must not take the API down.
surviveDatabaseRestarts((line) => process.stderr.write(`${line}\n`));
const env = readEnv();
if (!env.DATABASE_URL) throw new Error("The fault server needs DATABASE_URL");
const handle = openDatabase({ url: env.DATABASE_URL, maxConnections: 10 });
await handle.migrate();
const auth = createAuth({
  db: handle.db,
  secret: "fault-tests-secret-fault-tests-secret-000",
  baseURL: env.PUBLIC_URL,
  production: false,
});
const app = await buildServer({
  db: handle.db,
  auth,
  publicUrl: env.PUBLIC_URL,
  production: false,
  logLevel: "fatal",
});
if (killAfter) {
  // Before Fastify sees the request: its answer's first write is the moment after the commit.
  app.server.prependListener("request", (req, res) => {
    if (!req.url?.startsWith(`/trpc/${killAfter}`)) return;
    res.writeHead = () => {
      process.kill(process.pid, "SIGKILL");
      return res;
    };
  });
}
await app.listen({ host: "127.0.0.1", port: env.PORT });
process.stdout.write("fault server listening\n");
