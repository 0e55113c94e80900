// The API as plain JavaScript for `pnpm start`: src/main.ts and the workspace packages it uses
// (whose package.json exports point at TypeScript) bundled into dist/, every other package left
// in node_modules and imported from there as Node itself would resolve it.
//
// Why: run through tsx, the server kept the loader's own thread, the transpiled sources and
// their source maps resident, about 100 MB of its 250–310 MB at rest (BENCHMARKS.md, issue 8).
// Compiled, it starts in about 135 MB. Tests and `pnpm dev` still run the TypeScript directly.
//
// `pnpm start` also runs it with V8's --heap-growing-percent=50: the old generation may grow to
// 1.5 times what is live before a full collection, not up to 4 times. Under 100 kiosks the
// check-ins' short-lived objects are promoted and left there as garbage; with the flag the
// server's peak was 173–175 MB instead of 291–299 MB at the same check-in rate. It paces the
// collector and caps nothing: a large import still gets all the heap it needs.
//
//   tsx build.ts                 writes dist/main.mjs (and the demo's chunk, loaded only in demo mode)
//   tsx build.ts --outdir DIR    somewhere else (the build's own test)
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const apiDir = fileURLToPath(new URL(".", import.meta.url));
const outdirFlag = process.argv.indexOf("--outdir");
const outdir = resolve(outdirFlag >= 0 ? (process.argv[outdirFlag + 1] ?? "dist") : "dist");

/** A path from the output folder, as an import specifier ("./x" or "../x"). */
function fromOutdir(path: string): string {
  const rel = relative(outdir, path).split("\\").join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

const layout: Plugin = {
  name: "familyhub-layout",
  setup(b) {
    // Other packages stay external: imported by path to the very file Node would load from
    // where the importing source lives (pnpm gives each package its own dependencies, so a
    // bare name would not resolve from dist/). PGlite finds its WebAssembly beside itself,
    // fastify's plugins their files, and nothing is loaded twice.
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("node:") || args.path.startsWith("@familyhub/")) return undefined;
      if (args.pluginData === "resolving") return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "resolving",
      });
      if (found.errors.length > 0) {
        // An optional package a library tries with a dynamic import() and a fallback: left
        // for Node to try at run time, as it did before.
        if (args.kind === "dynamic-import") return { path: args.path, external: true };
        return { errors: found.errors };
      }
      if (found.external) return found;
      return { path: fromOutdir(found.path), external: true };
    });
    // Sources that find files beside themselves (the migrations, the built admin and kiosk
    // apps) keep finding them from where they were, not from dist/.
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const here = `new URL(${JSON.stringify(fromOutdir(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", here), loader: "ts" };
    });
  },
};

const started = performance.now();
await build({
  absWorkingDir: apiDir,
  entryPoints: ["src/main.ts"],
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Resolve as Node does: no "module" condition or field.
  conditions: [],
  mainFields: ["main"],
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  plugins: [layout],
});
process.stdout.write(
  `FamilyHub: API built to ${relative(apiDir, outdir) || "."} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
