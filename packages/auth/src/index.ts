import { drizzleAdapter } from "@better-auth/drizzle-adapter";
import type { Database } from "@familyhub/db";
import * as schema from "@familyhub/db/schema";
import { betterAuth } from "better-auth";
import { genericOAuth, twoFactor } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { SignInBackoff } from "./backoff";
import { CLIENT_IP_HEADER, trustPlugin } from "./trust-plugin";

export { SignInBackoff, type BackoffOptions } from "./backoff";
export { CLIENT_IP_HEADER, SECOND_FACTOR_PATHS } from "./trust-plugin";
export {
  enrolTotp,
  totpCode,
  totpCodeFromKey,
  totpCodeFromUri,
  totpKeyForManualEntry,
} from "./totp";
export { staffSession, type StaffSession } from "./session";

/** The council's identity provider, signed in with through OpenID Connect (e.g. Entra ID). */
export type OidcProvider = {
  /** The issuer's discovery document, e.g. https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration */
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
};

export const OIDC_PROVIDER_ID = "council";

export type SessionPolicy = {
  /** A session not used for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in however busy it is. */
  maxHours: number;
};

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, maxHours: 12 };

export type AuthOptions = {
  db: Database;
  /** At least 32 characters; signs session cookies. */
  secret: string;
  /** Where the API is reached, e.g. http://localhost:3000; its origin is the one trusted origin. */
  baseURL: string;
  production: boolean;
  session?: SessionPolicy;
  oidc?: OidcProvider | null;
  /** Wrong-password back-off; one per server, shared by every request. */
  backoff?: SignInBackoff;
};

export const STAFF_PASSWORD_MIN_LENGTH = 12;
/** Shown in authenticator apps beside the account's email. */
export const TOTP_ISSUER = "FamilyHub";

/**
 * Staff sign-in: email and password (with a TOTP second factor once set up), or the council's
 * identity provider through OpenID Connect, through Better Auth; sessions kept in the database.
 * Staff accounts are made by administrators (or the demo seed), never by public sign-up, and
 * never by a first sign-in through the identity provider.
 */
export function createAuth(options: AuthOptions) {
  const policy = options.session ?? DEFAULT_SESSION_POLICY;
  const idleSeconds = Math.round(policy.idleMinutes * 60);
  const oidc = options.oidc ?? null;
  const auth = betterAuth({
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
      expiresIn: idleSeconds,
      // A use at least this long after the last push moves the expiry on again, so a session
      // ends between idleMinutes - 1 and idleMinutes after it was last used.
      updateAge: Math.min(60, Math.max(1, Math.floor(idleSeconds / 2))),
    },
    account: {
      // The identity provider may sign in a member of staff who already exists (same email);
      // it never creates one, and FamilyHub's role and locality are kept.
      accountLinking: { enabled: true, trustedProviders: oidc ? [OIDC_PROVIDER_ID] : [] },
    },
    plugins: [
      twoFactor({
        issuer: TOTP_ISSUER,
        // Someone signed in only through the identity provider has no password to confirm.
        allowPasswordless: true,
        backupCodeOptions: { amount: 10, length: 10 },
      }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: oidc.name,
                  discoveryUrl: oidc.discoveryUrl,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                  requireIdTokenVerification: true,
                  disableSignUp: true,
                  disableImplicitSignUp: true,
                  overrideUserInfo: false,
                },
              ],
            }),
          ]
        : []),
      trustPlugin({ db: options.db, backoff: options.backoff ?? new SignInBackoff() }),
    ],
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
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: options.production,
      cookiePrefix: "familyhub",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: options.production },
    },
    telemetry: { enabled: false },
    // Wrong passwords and codes are in the audit log with who and from where; the console
    // keeps only what needs someone's attention.
    logger: { level: "error" },
  });
  return Object.assign(auth, {
    familyhub: { policy, oidc: oidc ? { id: OIDC_PROVIDER_ID, name: oidc.name } : null },
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
