import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // fault/: PostgreSQL servers the tests start themselves, to restart and break (no DATABASE_URL).
    include: ["src/**/*.test.ts", "fault/**/*.fault.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
