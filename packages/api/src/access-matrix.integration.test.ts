// The access matrix: every procedure of the app router called as every caller of the table in
// access-matrix.ts, with a valid input naming rows of the fixture, and the answer held against
// the table. Each call runs in a transaction rolled back afterwards, so every caller meets the
// same fixture (an erase as one role does not turn the next role's call into NOT_FOUND).
import { type Database, type DatabaseHandle } from "@familyhub/db";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { randomUUID } from "node:crypto";
import {
  type AccessFixture,
  callPath,
  contextFor,
  databaseDigest,
  sampleInputs,
  seedAccessFixture,
} from "./access-samples.test-utils";
import { type AccessCaller, accessCallers, accessMatrix, type AccessRow } from "./access-matrix";
import { callerAs, failure } from "./helpers.test-utils";
import { can, type StaffRole } from "./permissions";
import { appRouter } from "./root";
import { createCallerFactory, createContextInner, type StaffUser } from "./trpc";

type Outcome = { ok: true } | { ok: false; code: string; invalidInput: boolean; message: string };

class Rollback extends Error {}

/** Runs the call in a transaction and rolls it back, whatever happened. */
async function outcomeOf(db: Database, call: (tx: Database) => Promise<unknown>): Promise<Outcome> {
  let outcome: Outcome = { ok: true };
  try {
    await db.transaction(async (tx) => {
      try {
        await call(tx);
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        outcome = {
          ok: false,
          code: error.code,
          invalidInput: error.cause instanceof ZodError,
          message: error.message,
        };
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return outcome;
}

const staffRoleOf = (caller: AccessCaller): StaffRole | null =>
  caller === "signedOut" || caller === "kiosk" || caller === "otherKiosk" ? null : caller;

/** What the tiers of trpc.ts allow, from the permission a row names; null where scope decides. */
function derivedAllow(row: AccessRow, caller: AccessCaller): boolean | null {
  if (row.needs === "public") return true;
  const role = staffRoleOf(caller);
  if (row.needs === "kiosk") {
    if (caller === "kiosk") return true;
    return caller === "otherKiosk" ? null : false;
  }
  const needs = row.needs;
  return role !== null && needs.every((p) => can(role, p));
}

/** The refusal a caller gets: no identity, wrong kind of caller, missing permission, other site. */
function expectedDenial(row: AccessRow, caller: AccessCaller): string {
  if (caller === "signedOut") return "UNAUTHORIZED";
  const role = staffRoleOf(caller);
  if (row.needs === "kiosk") return role === null ? (row.otherSite ?? "NOT_FOUND") : "UNAUTHORIZED";
  return role === null ? "UNAUTHORIZED" : "FORBIDDEN";
}

const DENIALS = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]);

describe.each(testDatabaseKinds())("the access matrix on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: AccessFixture;
  let samples: Record<string, unknown>;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    fx = await seedAccessFixture(handle.db);
    samples = sampleInputs(fx);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("has a row and a sample input for every procedure of the router, and nothing else", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(accessMatrix).sort()).toEqual(procedures);
    expect(Object.keys(samples).sort()).toEqual(procedures);
  });

  it("agrees with the permission map for every row", () => {
    const disagreements: string[] = [];
    for (const [path, row] of Object.entries(accessMatrix)) {
      for (const caller of accessCallers) {
        const derived = derivedAllow(row, caller);
        if (derived !== null && derived !== row.allow.includes(caller)) {
          disagreements.push(
            `${path} as ${caller}: the permission map says ${derived ? "allow" : "deny"}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each(Object.keys(accessMatrix))("%s allows and refuses as the table says", async (path) => {
    const row = accessMatrix[path];
    if (!row) throw new Error(`no row for ${path}`);
    const wrong: string[] = [];
    for (const caller of accessCallers) {
      const outcome = await outcomeOf(handle.db, (tx) =>
        callPath(callerAs(tx, contextFor(fx, caller)), path, samples[path]),
      );
      const said = outcome.ok ? "ok" : `${outcome.code} ${outcome.message}`;
      if (row.allow.includes(caller)) {
        // Allowed: the permission check passed and the sample is valid. A domain refusal (a
        // BAD_REQUEST or CONFLICT a person reads) still counts; a refusal of access or a 500 does not.
        if (
          !outcome.ok &&
          (DENIALS.has(outcome.code) ||
            outcome.code === "INTERNAL_SERVER_ERROR" ||
            outcome.invalidInput)
        ) {
          wrong.push(`${caller} should be allowed, got ${said}`);
        }
      } else {
        const expected = expectedDenial(row, caller);
        if (outcome.ok || outcome.code !== expected) {
          wrong.push(`${caller} should get ${expected}, got ${said}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses every staff procedure to an administrator whose session has not proved its second factor", async () => {
    // Half-way through sign-in the context carries no staff (apps/api/src/context.ts), only what
    // the sign-in page needs: every procedure but the public ones must say "sign in".
    const halfSignedIn = (tx: Database) =>
      createCallerFactory(appRouter)(
        createContextInner({
          db: tx,
          ip: "127.0.0.1",
          pendingSecondFactor: { name: "Ada Admin", email: "ada@staff.test", enrolled: true },
        }),
      );
    const wrong: string[] = [];
    for (const [path, row] of Object.entries(accessMatrix)) {
      const outcome = await outcomeOf(handle.db, (tx) =>
        callPath(halfSignedIn(tx), path, samples[path]),
      );
      const expected = row.needs === "public" ? "allowed" : "UNAUTHORIZED";
      const got = outcome.ok ? "allowed" : DENIALS.has(outcome.code) ? outcome.code : "allowed";
      if (got !== expected) wrong.push(`${path}: expected ${expected}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  describe("a write refused by scope changes nothing, and reads as a row that does not exist", () => {
    // Each case names a family (or its member) of another locality than the caller's; `id` is
    // that row's id, or an id that exists nowhere, and both must get the same answer.
    type Case = {
      path: string;
      who: () => StaffUser;
      input: (id: string) => unknown;
      /** The row of another locality; a family unless said otherwise. */
      outsideId?: () => string;
    };
    const cases: Record<string, Case> = {
      "edit another locality's family": {
        path: "families.update",
        who: () => fx.staff.locality_lead,
        input: (id) => ({
          id,
          siteId: fx.siteB.id,
          postcode: "UB8 2AA",
          members: [
            { firstName: "Grace", lastName: "Banda", dateOfBirth: "1988-01-02", role: "adult" },
          ],
          consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
        }),
      },
      "flag another locality's family": {
        path: "targeting.recordFlag",
        who: () => fx.staff.centre_staff,
        input: (id) => ({
          familyId: id,
          groupCode: "armed_forces_family",
          source: "self_declared",
        }),
      },
      "merge another locality's family into one's own": {
        path: "families.merge",
        who: () => fx.staff.locality_lead,
        input: (id) => ({ keepFamilyId: fx.familyId, mergeFamilyId: id }),
      },
      "print a card for another locality's family": {
        path: "families.issueCard",
        who: () => fx.staff.centre_staff,
        input: (id) => ({ id }),
      },
      "book a child on another locality's session": {
        path: "bookings.book",
        who: () => fx.staff.centre_staff,
        input: (id) => ({ sessionId: id, personId: fx.childId }),
        outsideId: () => fx.southSessionId,
      },
      "book another locality's person on one's own session": {
        path: "bookings.book",
        who: () => fx.staff.centre_staff,
        input: (id) => ({ sessionId: fx.sessionId, personId: id, overrideReason: "Came along" }),
        outsideId: () => fx.southPersonId,
      },
      "mark another locality's person present on one's own session": {
        path: "sessions.markAttendance",
        who: () => fx.staff.centre_staff,
        input: (id) => ({ sessionId: fx.sessionId, personIds: [id] }),
        outsideId: () => fx.southPersonId,
      },
    };

    it.each(Object.keys(cases))("%s", async (name) => {
      const c = cases[name];
      if (!c) throw new Error(name);
      const caller = callerAs(handle.db, { staff: c.who() });
      const before = await databaseDigest(handle.db);
      const outsideId = c.outsideId ? c.outsideId() : fx.southFamilyId;
      const outside = await failure(callPath(caller, c.path, c.input(outsideId)));
      expect(await databaseDigest(handle.db)).toEqual(before);
      expect(outside.code).toBe("NOT_FOUND");
      const missing = await failure(callPath(caller, c.path, c.input(randomUUID())));
      expect(missing).toEqual(outside);
    });

    it("erase is refused to all but administrators (who see every locality), and changes nothing", async () => {
      const before = await databaseDigest(handle.db);
      for (const role of ["locality_lead", "centre_staff", "data_officer"] as const) {
        const refused = await failure(
          callerAs(handle.db, { staff: fx.staff[role] }).rights.erase({
            familyId: fx.southFamilyId,
            confirmSurname: "Banda",
            reason: "Asked to be forgotten",
          }),
        );
        expect(refused.code).toBe("FORBIDDEN");
      }
      expect(await databaseDigest(handle.db)).toEqual(before);
    });
  });
});
