import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { createAuth } from "@familyhub/auth";
import {
  databaseOptionsFrom,
  defaultDataDir,
  keepRetentionApplied,
  openDatabase,
  surviveDatabaseRestarts,
} from "@familyhub/db";
import { user } from "@familyhub/db/schema";
import {
  keepDerivedFlagsCurrent,
  refreshAllDerivedFlags,
  syncCatalogue,
} from "@familyhub/targeting";
import { count } from "drizzle-orm";
import { type Env, readEnv } from "./env";
import { buildServer } from "./server";

const out = (line = "") => process.stdout.write(`${line}\n`);

/**
 * Outside production a secret is made once and kept beside the embedded database, so staff
 * stay signed in across restarts without anyone having to set one.
 */
function authSecret(env: Env): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = join(dirname(env.FAMILYHUB_DATA_DIR ?? defaultDataDir), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  // A PostgreSQL restart cuts connections; the API answers errors meanwhile and carries on.
  surviveDatabaseRestarts((line) => process.stderr.write(`${line}\n`));
  const args = new Set(process.argv.slice(2));
  if (args.has("--help")) {
    out(
      "Usage: pnpm start [--no-demo]\n  --no-demo  start with an empty database (or set FAMILYHUB_DEMO=false)",
    );
    return;
  }
  const env = readEnv();
  const demo = env.FAMILYHUB_DEMO && !args.has("--no-demo");
  const handle = openDatabase(databaseOptionsFrom(env));
  out(
    `FamilyHub: database ${handle.kind === "pglite" ? "embedded PostgreSQL (PGlite) in" : "PostgreSQL at"} ${handle.location}`,
  );
  await handle.migrate();
  // The built-in priority target groups, kept in step with this version (an authority's own
  // choices of which count as priority are left alone).
  await syncCatalogue(handle.db);

  const production = env.NODE_ENV === "production";
  const auth = createAuth({
    db: handle.db,
    secret: authSecret(env),
    baseURL: env.PUBLIC_URL,
    production,
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
    oidc: env.oidc,
  });
  // The demo (its seed brings faker and all its locales, about 35 MB resident) is loaded only
  // in demo mode: a real authority's server never needs it.
  const demoModule = demo ? await import("./demo") : null;
  if (demoModule) await demoModule.seedDemoIfEmpty(handle.db, auth, out);
  const demoTotp = demo ? await (await import("./demo-totp")).enrolDemoTotp(handle.db, auth) : null;
  // Rule flags follow the calendar (a parent turns 20, a child turns 5) and the data: bring
  // them up to date now (for a new demo, this derives them all), then once a day.
  const refreshStarted = Date.now();
  const refreshed = await refreshAllDerivedFlags(handle.db);
  if (refreshed.opened + refreshed.ended > 0) {
    out(
      `  priority target groups: ${refreshed.opened} rule flags opened, ${refreshed.ended} ended, ` +
        `in ${((Date.now() - refreshStarted) / 1000).toFixed(1)} s`,
    );
  }
  const stopRefreshing = keepDerivedFlagsCurrent(handle.db, (error) =>
    process.stderr.write(
      `Refreshing the priority target groups failed: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
  );

  // The retention rules (packages/db/src/queries/retention.ts), a minute after start and then daily.
  const stopRetention = keepRetentionApplied(handle.db, (error) =>
    process.stderr.write(
      `Applying the retention rules failed: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
  );

  const app = await buildServer({
    db: handle.db,
    auth,
    publicUrl: env.PUBLIC_URL,
    production,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.trustProxy,
  });
  const shutdown = async () => {
    stopRefreshing();
    stopRetention();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  try {
    await app.listen({ host: env.HOST, port: env.PORT });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new Error(
        `Port ${env.PORT} is in use: is FamilyHub already running? Stop it, or start on another port with PORT=3001.`,
      );
    }
    throw error;
  }

  out("");
  out(`FamilyHub is running.`);
  out(`  Admin:  ${env.PUBLIC_URL}/admin/`);
  out(`  Kiosk:  ${env.PUBLIC_URL}/kiosk/`);
  out(`  Health: ${env.PUBLIC_URL}/healthz`);
  const [staff] = await handle.db.select({ n: count() }).from(user);
  if (!staff?.n) {
    out("");
    out("No staff accounts yet, so nobody can sign in. Add the first administrator:");
    out('  pnpm cli staff add --email you@council.gov.uk --name "Your Name" --role administrator');
    if (handle.kind === "pglite")
      out("  (stop FamilyHub first: the embedded database serves one process at a time)");
  }
  if (demoModule) {
    const logins = await demoModule.demoLogins(handle.db);
    if (logins.length) {
      out("");
      out(`Demo logins (password "${demoModule.DEMO_PASSWORD}" for each; demo mode only):`);
      for (const login of logins) out(`  ${login.role.padEnd(14)} ${login.email}`);
    }
    if (demoTotp) {
      out("");
      out("Administrators and data officers also sign in with a code from an authenticator app");
      out("(demo mode only; add this key to one, as a time-based account):");
      out(`  key ${demoTotp.key}`);
      out(
        "  or run: pnpm --silent --filter @familyhub/server demo-code   (prints the current code)",
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
