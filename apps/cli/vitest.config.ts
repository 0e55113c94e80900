import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Each test starts the CLI, which opens and migrates an embedded database on disk.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
