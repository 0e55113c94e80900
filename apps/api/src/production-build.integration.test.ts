// `pnpm start` runs the API compiled by build.ts (dist/main.mjs), not src/main.ts through tsx:
// the compiled server must find what the sources find (the migrations, PGlite's WebAssembly, the
// built apps, every package under node_modules) and must not load the demo's faker when it is
// not in demo mode (issue 8: the API's memory).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type DatabaseKind } from "@familyhub/db";
import { createScratchDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe.each(testDatabaseKinds())("the compiled API on %s", (kind: DatabaseKind) => {
  let child: ChildProcess;
  let output = "";
  let url: string;
  let workDir: string;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "familyhub-api-dist-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    delete env.DATABASE_URL;
    Object.assign(env, {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      FAMILYHUB_DEMO: "false",
      FAMILYHUB_DATA_DIR: join(workDir, "data"),
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      BETTER_AUTH_SECRET: "production-build-test-secret-0123456789",
    });
    if (kind === "postgres") {
      const scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    }
    child = spawn(process.execPath, [join(outdir, "main.mjs")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 110_000;
    while (!output.includes("FamilyHub is running")) {
      if (child.exitCode !== null)
        throw new Error(`FamilyHub exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`FamilyHub did not start in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
    await drop?.();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("starts, migrates the database from the committed migrations and answers", async () => {
    expect(output).toContain(kind === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL at");
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: true });
  });

  it("serves the admin app from apps/admin/dist, as the sources would", async () => {
    const page = await fetch(`${url}/admin/`);
    // Built (turbo builds it before these tests), it is the app; not built, the server says so.
    expect(page.status).toBe(existsSync(adminIndex) ? 200 : 503);
  });

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
