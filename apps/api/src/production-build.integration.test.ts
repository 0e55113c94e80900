// `pnpm start` runs the API compiled by build.ts (dist/main.mjs), not src/main.ts through tsx:
// the compiled server must find what the sources find (the migrations, PGlite's WebAssembly, the
// built apps, every package under node_modules) and must not load the demo's faker when it is
// not in demo mode (issue 8: the API's memory).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type DatabaseKind } from "@familyhub/db";
import { createScratchDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../e2e/server-process";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
const adminIndex = fileURLToPath(new URL("../../admin/dist/index.html", import.meta.url));

let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "familyhub-api-build-"));
  const built = spawnSync(process.execPath, ["--import", "tsx", "build.ts", "--outdir", outdir], {
    cwd: apiDir,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`build.ts failed:\n${built.stdout}${built.stderr}`);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** The files a module imports statically (`import … from "x"`, `import "x"`), as written. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gms),
  ]
    .map((m) => m[1] ?? m[2] ?? "")
    .filter(Boolean);
}

describe("the compiled API (build.ts)", () => {
  it("loads the demo, and with it faker, only through a dynamic import", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of staticImports(file)) {
        if (spec.startsWith("./")) visit(join(outdir, spec));
        else seen.add(spec);
      }
    };
    visit(join(outdir, "main.mjs"));
    const loadedAtStart = [...seen];
    expect(loadedAtStart.some((s) => s.includes("fastify/fastify.js"))).toBe(true);
    expect(loadedAtStart.filter((s) => s.includes("@faker-js/faker"))).toEqual([]);
    const demoChunk = readdirSync(outdir).find((f) => /^demo-[\w-]+\.mjs$/.test(f));
    expect(demoChunk).toBeDefined();
    expect(readFileSync(join(outdir, "main.mjs"), "utf8")).toContain(`import("./${demoChunk}")`);
  });

  it("resolves the demo chunk's packages from where the sources are", () => {
    const demoChunk = readdirSync(outdir).find((f) => /^demo-[\w-]+\.mjs$/.test(f)) ?? "missing";
    const loaded = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(pathToFileURL(join(outdir, demoChunk)).href)});
         process.stdout.write(typeof m.seedDemoIfEmpty + " " + typeof m.demoLogins);`,
      ],
      { encoding: "utf8" },
    );
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout).toBe("function function");
  });
});

describe.each(testDatabaseKinds())("the compiled API on %s", (kind: DatabaseKind) => {
  let server: RunningServer;
  let workDir: string;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "familyhub-api-dist-"));
    const env: Record<string, string | undefined> = {
      DATABASE_URL: undefined,
      HOST: "127.0.0.1",
      FAMILYHUB_DEMO: "false",
      FAMILYHUB_DATA_DIR: join(workDir, "data"),
      NODE_ENV: "production",
      BETTER_AUTH_SECRET: "production-build-test-secret-0123456789",
    };
    if (kind === "postgres") {
      const scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    }
    server = await startServer(env, [join(outdir, "main.mjs")]);
  });

  afterAll(async () => {
    await server?.stop();
    await drop?.();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("starts, migrates the database from the committed migrations and answers", async () => {
    expect(server.output()).toContain(
      kind === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL at",
    );
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: true });
  });

  it("serves the admin app from apps/admin/dist, as the sources would", async () => {
    const page = await fetch(`${server.url}/admin/`);
    // Built (turbo builds it before these tests), it is the app; not built, the server says so.
    expect(page.status).toBe(existsSync(adminIndex) ? 200 : 503);
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await server.stop()).toBe(0);
  });
});
