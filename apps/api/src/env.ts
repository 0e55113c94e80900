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
  /** A staff session not used for this long ends (minutes). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** A staff session ends this long after sign-in however busy (hours). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /**
   * Behind a reverse proxy, the proxy's addresses (comma-separated, CIDR allowed) or "true", so
   * each person's own address counts for rate limits and sign-in back-off. Off by default.
   */
  TRUST_PROXY: z.string().trim().min(1).optional(),
  /** The council's identity provider (OpenID Connect), all three or none. */
  OIDC_DISCOVERY_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Shown on the button: "Sign in with …". */
  OIDC_NAME: z.string().trim().min(1).max(60).default("your council account"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema> & {
  PUBLIC_URL: string;
  oidc: { discoveryUrl: string; clientId: string; clientSecret: string; name: string } | null;
  trustProxy: boolean | string[];
};

/** "true", or a list of addresses, as Fastify's trustProxy takes them. */
function trustProxy(value: string | undefined): boolean | string[] {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

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
  const oidcSet = [env.OIDC_DISCOVERY_URL, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(
    (v) => v !== undefined,
  ).length;
  if (oidcSet !== 0 && oidcSet !== 3) {
    throw new Error(
      "FamilyHub cannot start: set all of OIDC_DISCOVERY_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to sign in through the council's identity provider, or none of them.",
    );
  }
  const oidc =
    env.OIDC_DISCOVERY_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          discoveryUrl: env.OIDC_DISCOVERY_URL,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          name: env.OIDC_NAME,
        }
      : null;
  return {
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    oidc,
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
}
