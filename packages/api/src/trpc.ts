import {
  AppError,
  appErrorCodes,
  messages,
  type Actor,
  type Database,
  type KioskIdentity,
  type Scope,
} from "@familyhub/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { authorityWideRoles, can, type Permission, type StaffRole } from "./permissions";

export type StaffUser = {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  localityId: string | null;
};

/**
 * Someone who has given the right password (or come through the identity provider) but whose
 * role sees social care data and whose session has not yet proved a second factor: `staff` stays
 * null for them, so every procedure refuses, and the sign-in page offers the code or enrolment.
 */
export type PendingSecondFactor = {
  name: string;
  email: string;
  /** TOTP is set up: enter a code. Otherwise: set it up now. */
  enrolled: boolean;
};

/** What the sign-in page offers besides a password. */
export type SignInOptions = {
  /** The council's identity provider, when configured: its Better Auth id and its name. */
  oidc: { id: string; name: string } | null;
};

/**
 * What a procedure knows about its caller. Made without the HTTP request, so tests build it
 * directly and call the router through `createCaller` against a real database.
 */
export type Context = {
  db: Database;
  staff: StaffUser | null;
  kiosk: KioskIdentity | null;
  ip: string | null;
  pendingSecondFactor: PendingSecondFactor | null;
  signInOptions: SignInOptions;
};

export function createContextInner(opts: {
  db: Database;
  staff?: StaffUser | null;
  kiosk?: KioskIdentity | null;
  ip?: string | null;
  pendingSecondFactor?: PendingSecondFactor | null;
  signInOptions?: SignInOptions;
}): Context {
  return {
    db: opts.db,
    staff: opts.staff ?? null,
    kiosk: opts.kiosk ?? null,
    ip: opts.ip ?? null,
    pendingSecondFactor: opts.pendingSecondFactor ?? null,
    signInOptions: opts.signInOptions ?? { oidc: null },
  };
}

/**
 * Roles that see named children on the social care caseload must prove a second factor (TOTP)
 * at sign-in; the rule follows the permission, so a role given it later needs it too.
 */
export function requiresSecondFactor(role: StaffRole): boolean {
  return can(role, "socialcare:read");
}

export const INTERNAL_MESSAGE =
  "Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Nothing below reaches a client: no stack, no SQL, no driver message.
    const { stack: _stack, ...data } = shape.data;
    if (error.cause instanceof ZodError) {
      return { ...shape, data: { ...data, issues: zodIssues(error.cause) } };
    }
    if (error.code === "INTERNAL_SERVER_ERROR") {
      return { ...shape, message: INTERNAL_MESSAGE, data };
    }
    return { ...shape, data };
  },
});

function zodIssues(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** "members.0.dateOfBirth: '31/02/2019' is not a date (use YYYY-MM-DD)" — one line a person can act on. */
function describeZodError(error: ZodError): string {
  return zodIssues(error)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join("; ");
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// Domain code throws AppError and input parsing a ZodError; each becomes a tRPC error with a
// message a person can read here, once, for HTTP clients and createCaller alike.
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: appErrorCodes[cause.code], message: cause.message, cause });
  }
  if (cause instanceof ZodError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: describeZodError(cause), cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

/** Signed-in staff; the context narrows so nothing downstream needs a `!`. */
export const staffProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.staff) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: ctx.pendingSecondFactor
        ? "Finish signing in: enter the code from your authenticator app."
        : "Please sign in again.",
    });
  }
  const staff = ctx.staff;
  const scope: Scope = authorityWideRoles.includes(staff.role)
    ? { all: true }
    : { all: false, localityId: staff.localityId };
  const actor: Actor = { type: "staff", id: staff.id, ip: ctx.ip };
  return next({ ctx: { ...ctx, staff, scope, actor } });
});

/** Staff whose role grants `permission`; anyone else gets FORBIDDEN before anything runs. */
export function permittedProcedure(permission: Permission) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!can(ctx.staff.role, permission)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role cannot do this (it needs ${permission}). Ask an administrator if you should.`,
      });
    }
    return next();
  });
}

/** A paired kiosk: it can read today's sessions at its own site and check families in, nothing else. */
export const kioskProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.kiosk) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: messages.kioskNotPaired,
    });
  }
  const kiosk = ctx.kiosk;
  const actor: Actor = { type: "kiosk", id: kiosk.id, ip: ctx.ip };
  return next({ ctx: { ...ctx, kiosk, actor } });
});
