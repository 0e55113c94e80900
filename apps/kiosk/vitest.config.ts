import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // The outbox's model test runs the real server code on a real database (PGlite opens slowly).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
