// FamilyHub's own Better Auth plugin: password back-off per account and address, every sign-in
// event in the audit log, and the mark on a session that has proved a second factor.
import { type Database, recordAudit } from "@familyhub/db";
import { session as sessionTable, user as userTable } from "@familyhub/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { eq, inArray } from "drizzle-orm";
import type { SignInBackoff } from "./backoff";

/** Set by the server from the connection (never trusted from the client): the caller's address. */
export const CLIENT_IP_HEADER = "x-familyhub-client-ip";

export const SECOND_FACTOR_PATHS = ["/two-factor/verify-totp", "/two-factor/verify-backup-code"];
const OIDC_CALLBACK = "/callback/:id";

type HookContext = {
  path?: string;
  body?: unknown;
  headers?: Headers;
  request?: Request;
  context: {
    returned?: unknown;
    newSession?: { session: { token: string; userId: string }; user: { id: string } } | null;
    session?: { session: { token: string }; user: { id: string } } | null;
  };
};

function clientIp(ctx: HookContext): string {
  return (
    ctx.headers?.get(CLIENT_IP_HEADER) ?? ctx.request?.headers.get(CLIENT_IP_HEADER) ?? "unknown"
  );
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || isAPIError(value)) return undefined;
  return Reflect.get(value, key);
}

function bodyString(body: unknown, key: string): string | undefined {
  const value = field(body, key);
  return typeof value === "string" ? value : undefined;
}

const returnedField = field;

/** The error code of a refusal, for the audit detail (never the password or the code typed). */
function refusalCode(returned: unknown): string | null {
  if (!isAPIError(returned)) return null;
  const code = returned.body?.code;
  return typeof code === "string" ? code : returned.status.toString();
}

/** Where an OIDC callback sends the browser on failure: `…?error=account_not_linked`. */
function redirectError(returned: unknown): string | null {
  if (!isAPIError(returned)) return null;
  const location = returned.headers?.get("location");
  if (!location) return null;
  try {
    return new URL(location, "http://x").searchParams.get("error");
  } catch {
    return null;
  }
}

export function trustPlugin(options: { db: Database; backoff: SignInBackoff }): BetterAuthPlugin {
  const { db, backoff } = options;

  const userIdByEmail = async (email: string | undefined) => {
    if (!email) return null;
    const [row] = await db
      .select({ id: userTable.id })
      .from(userTable)
      .where(eq(userTable.email, email.trim().toLowerCase()));
    return row?.id ?? null;
  };

  const audit = (
    ctx: HookContext,
    userId: string | null,
    action: string,
    detail: Record<string, unknown>,
  ) =>
    recordAudit(
      db,
      { type: "staff", id: userId, ip: clientIp(ctx) },
      { action, entityType: userId ? "staff" : undefined, entityId: userId ?? undefined, detail },
    );

  return {
    id: "familyhub-trust",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = bodyString(ctx.body, "email") ?? "";
            const check = backoff.check(email, clientIp(ctx));
            if (check.allowed) return;
            await audit(ctx, await userIdByEmail(email), "auth.sign_in.backoff", {
              method: "password",
              email: email.trim().toLowerCase(),
              retryAfterSeconds: check.retryAfterSeconds,
            });
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: "SIGN_IN_BACKOFF",
                message: `Too many wrong passwords from here. Wait ${check.retryAfterSeconds} seconds, then try again.`,
              },
              { "retry-after": String(check.retryAfterSeconds) },
            );
          }),
        },
        {
          // Before, while the session still exists to say who is leaving.
          matcher: (ctx) => ctx.path === "/sign-out",
          handler: createAuthMiddleware(async (ctx) => {
            const current = await getSessionFromCtx(ctx).catch(() => null);
            if (current) await audit(ctx, current.user.id, "auth.signed_out", {});
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const email = (bodyString(ctx.body, "email") ?? "").trim().toLowerCase();
            const ip = clientIp(ctx);
            const userId = await userIdByEmail(email);
            if (isAPIError(returned)) {
              if (returned.body?.code === "SIGN_IN_BACKOFF") return;
              const waitSeconds = backoff.recordFailure(email, ip);
              await audit(ctx, userId, "auth.sign_in.failed", {
                method: "password",
                email,
                reason: refusalCode(returned),
                ...(waitSeconds > 0 ? { backoffSeconds: waitSeconds } : {}),
              });
              return;
            }
            backoff.recordSuccess(email, ip);
            if (returnedField(returned, "twoFactorRedirect") === true) {
              await audit(ctx, userId, "auth.second_factor.required", { method: "password" });
              return;
            }
            await audit(ctx, userId, "auth.sign_in.succeeded", { method: "password" });
          }),
        },
        {
          matcher: (ctx) => SECOND_FACTOR_PATHS.includes(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const method = ctx.path === "/two-factor/verify-totp" ? "totp" : "backup_code";
            if (isAPIError(returned)) {
              await audit(ctx, ctx.context.session?.user.id ?? null, "auth.second_factor.failed", {
                method,
                reason: refusalCode(returned),
              });
              return;
            }
            // The session this code proved: a new one (at sign-in, or on finishing enrolment,
            // when Better Auth replaces the session) or the one it was sent with.
            const tokens = [
              ctx.context.newSession?.session.token,
              returnedField(returned, "token"),
              ctx.context.session?.session.token,
            ].filter((t): t is string => typeof t === "string");
            const userId = ctx.context.newSession?.user.id ?? ctx.context.session?.user.id ?? null;
            if (tokens.length) {
              await db
                .update(sessionTable)
                .set({ twoFactorVerifiedAt: new Date() })
                .where(inArray(sessionTable.token, tokens));
            }
            await audit(ctx, userId, "auth.second_factor.succeeded", { method });
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/two-factor/enable",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            await audit(
              ctx,
              ctx.context.session?.user.id ?? null,
              isAPIError(returned)
                ? "auth.second_factor.enrolment_refused"
                : "auth.second_factor.enrolment_started",
              isAPIError(returned) ? { reason: refusalCode(returned) } : {},
            );
          }),
        },
        {
          matcher: (ctx) => ctx.path === OIDC_CALLBACK,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const newSession = ctx.context.newSession;
            if (newSession) {
              await audit(ctx, newSession.user.id, "auth.sign_in.succeeded", { method: "oidc" });
              return;
            }
            await audit(ctx, null, "auth.sign_in.failed", {
              method: "oidc",
              reason: redirectError(returned) ?? refusalCode(returned) ?? "unknown",
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
