import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Integration tests open real databases; PGlite's first query takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
