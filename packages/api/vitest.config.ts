import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // PGlite's first query takes seconds: one database per file, opened in beforeAll.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
