import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Integration tests open real databases; PGlite's first query and a demo seed take seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
