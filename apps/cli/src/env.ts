import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

const blankIsUnset = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform(blankIsUnset)
    .pipe(
      z
        .string()
        .regex(
          /^postgres(ql)?:\/\//,
          "must be a postgres:// URL, or unset to use the embedded database",
        )
        .optional(),
    ),
  FAMILYHUB_DATA_DIR: z.string().optional().transform(blankIsUnset),
  // pnpm runs the CLI in apps/cli and leaves the directory the person typed the command in here.
  INIT_CWD: z.string().optional().transform(blankIsUnset),
});

export type Env = {
  DATABASE_URL: string | undefined;
  FAMILYHUB_DATA_DIR: string | undefined;
  /** Where the person ran the command: file arguments are relative to it. */
  invocationDir: string;
};

export type EnvResult = { ok: true; env: Env } | { ok: false; errors: string[] };

/** The CLI's settings, from the environment. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): EnvResult {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    };
  }
  const invocationDir = parsed.data.INIT_CWD ?? process.cwd();
  const dataDir = parsed.data.FAMILYHUB_DATA_DIR;
  return {
    ok: true,
    env: {
      DATABASE_URL: parsed.data.DATABASE_URL,
      FAMILYHUB_DATA_DIR:
        dataDir && !isAbsolute(dataDir) ? resolve(invocationDir, dataDir) : dataDir,
      invocationDir,
    },
  };
}
