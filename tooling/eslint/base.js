import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The house rules. Each deployable reads its settings in one validated env.ts, so
 * `process.env` anywhere else is an error (tests, configs and env.ts files excepted).
 */
export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "drizzle/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through the deployable's env.ts." },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/*.test.ts", "**/*.test-utils.ts", "**/*.e2e.ts", "**/e2e/**", "**/testing.ts", "*.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
