import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { createAuth, createStaffUser, STAFF_PASSWORD_MIN_LENGTH } from "@familyhub/auth";
import { localities, staffRoles } from "@familyhub/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { openCliDatabase } from "../database";
import type { Env } from "../env";
import { CliFailure, EXIT } from "../failure";

const LOCAL_ROLES = ["locality_lead", "centre_staff"];

export const addStaffOptions = z
  .object({
    email: z.email("--email must be an email address"),
    name: z.string().trim().min(1, "--name is required").max(120),
    role: z.enum(staffRoles, { message: `--role must be one of ${staffRoles.join(", ")}` }),
    locality: z.string().trim().min(1).optional(),
  })
  .refine((o) => !LOCAL_ROLES.includes(o.role) || o.locality, {
    message:
      "--locality is required for locality_lead and centre_staff: they see one locality's families",
  });

/**
 * Reads the password without echoing it when a person is at the terminal, or the first line of
 * standard input when it is piped (for scripts); never from the command line, where it would
 * stay in the shell's history.
 */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return "";
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (prompt: string) => {
    process.stderr.write(prompt);
    muted = true;
    const answer = await rl.question("");
    muted = false;
    process.stderr.write("\n");
    return answer;
  };
  try {
    const first = await ask(`Password (${STAFF_PASSWORD_MIN_LENGTH}+ characters): `);
    const second = await ask("Same password again: ");
    if (first !== second) throw new CliFailure("The two passwords differ. Nothing was created.");
    return first;
  } finally {
    rl.close();
  }
}

export async function addStaffCommand(raw: Record<string, unknown>, env: Env): Promise<number> {
  const parsed = addStaffOptions.safeParse(raw);
  if (!parsed.success) {
    throw new CliFailure(parsed.error.issues.map((i) => i.message).join("\n"), EXIT.usage);
  }
  const options = parsed.data;
  const password = await readPassword();
  if (password.length < STAFF_PASSWORD_MIN_LENGTH) {
    throw new CliFailure(
      `The password must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters. Nothing was created.`,
    );
  }
  const handle = await openCliDatabase(env);
  try {
    let localityId: string | null = null;
    if (options.locality) {
      const [locality] = await handle.db
        .select({ id: localities.id })
        .from(localities)
        .where(eq(localities.name, options.locality));
      if (!locality) {
        throw new CliFailure(
          `There is no locality called '${options.locality}'. Import the sites first.`,
        );
      }
      localityId = locality.id;
    }
    // Only Better Auth's password hashing is used here; no session is signed.
    const auth = createAuth({
      db: handle.db,
      secret: randomBytes(32).toString("base64url"),
      baseURL: "http://localhost",
      production: false,
    });
    try {
      await createStaffUser(auth, { ...options, password, localityId });
    } catch (error) {
      throw new CliFailure(error instanceof Error ? error.message : String(error));
    }
    process.stdout.write(
      `Added ${options.name} <${options.email.toLowerCase()}> as ${options.role}.\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
