import { drizzleAdapter } from "@better-auth/drizzle-adapter";
import type { Database } from "@familyhub/db";
import * as schema from "@familyhub/db/schema";
import { betterAuth } from "better-auth";
import { eq } from "drizzle-orm";

export type AuthOptions = {
  db: Database;
  /** At least 32 characters; signs session cookies. */
  secret: string;
  /** Where the API is reached, e.g. http://localhost:3000; its origin is the one trusted origin. */
  baseURL: string;
  production: boolean;
};

export const STAFF_PASSWORD_MIN_LENGTH = 12;
const IDLE_SESSION_SECONDS = 8 * 60 * 60;

/**
 * Staff sign-in: email and password through Better Auth, sessions kept in the database.
 * Staff accounts are made by administrators (or the demo seed), never by public sign-up.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    database: drizzleAdapter(options.db, { provider: "pg", schema }),
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: "/api/auth",
    trustedOrigins: [new URL(options.baseURL).origin],
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: STAFF_PASSWORD_MIN_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false },
        localityId: { type: "string", input: false, required: false },
      },
    },
    session: {
      expiresIn: IDLE_SESSION_SECONDS,
      // Each use of a session older than this pushes its expiry on: it ends after 8 idle hours.
      updateAge: 15 * 60,
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot start a session.
          before: async (session) => {
            const [row] = await options.db
              .select({ disabledAt: schema.user.disabledAt })
              .from(schema.user)
              .where(eq(schema.user.id, session.userId));
            return row?.disabledAt ? false : { data: session };
          },
        },
      },
    },
    advanced: {
      useSecureCookies: options.production,
      cookiePrefix: "familyhub",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: options.production },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export type NewStaffUser = {
  email: string;
  name: string;
  password: string;
  role: (typeof schema.staffRoles)[number];
  localityId?: string | null;
};

/** Creates a staff account with a password, hashed by Better Auth. */
export async function createStaffUser(auth: Auth, input: NewStaffUser): Promise<{ id: string }> {
  const ctx = await auth.$context;
  const email = input.email.toLowerCase();
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new Error(`A staff account for ${email} already exists.`);
  }
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser(
    {
      email,
      name: input.name,
      emailVerified: true,
      role: input.role,
      localityId: input.localityId ?? null,
    },
    { method: "admin" },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  return { id: user.id };
}
