import { z } from "zod";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where people reach FamilyHub; its origin is the only one allowed to make changes. */
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  FAMILYHUB_DATA_DIR: z.string().optional(),
  /** Signs staff sessions; at least 32 characters. Required in production. */
  BETTER_AUTH_SECRET: z
    .string()
    .min(32, "BETTER_AUTH_SECRET must be at least 32 characters")
    .optional(),
  FAMILYHUB_DEMO: flag.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema> & { PUBLIC_URL: string };

/** The server's settings, from the environment, checked once at start. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`FamilyHub cannot start: the environment is not valid.\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.BETTER_AUTH_SECRET) {
    throw new Error(
      "FamilyHub cannot start: set BETTER_AUTH_SECRET (32+ characters) in production.",
    );
  }
  return { ...env, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` };
}
