// Subject access, erasure, legal holds and retention, through the router against real databases.
import { type DatabaseHandle, createPendingFamily, runRetention } from "@familyhub/db";
import {
  makeLocality,
  makeProgramme,
  makeSession,
  makeSite,
  makeStaff,
} from "@familyhub/db/factories";
import {
  attendances,
  auditEvents,
  consents,
  families,
  familyCards,
  legalHolds,
  people,
  retentionRuns,
  targetFlags,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { type FamilyRegistrationInput, PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

type Member = FamilyRegistrationInput["members"][number];
const YEAR = 365 * 86_400_000;

describe.each(testDatabaseKinds())("families' rights on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteId: string;
    admin: StaffUser;
    staff: StaffUser;
    officer: StaffUser;
    smith: string;
    brown: string;
    sessions: { id: string }[];
  };

  const register = async (surname: string, postcode: string, members: Member[]) =>
    (
      await callerAs(handle.db, { staff: fx.staff }).families.create({
        siteId: fx.siteId,
        postcode,
        addressLine1: `1 ${surname} Road`,
        phone: "07700 900123",
        members,
        consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
        duplicatesReviewed: true,
      })
    ).id;

  const membersOf = (familyId: string) =>
    handle.db
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
      })
      .from(people)
      .where(eq(people.familyId, familyId))
      .orderBy(asc(people.createdAt));

  const familyRow = async (id: string) => {
    const [row] = await handle.db
      .select({ surname: families.surname, status: families.status, phone: families.phone })
      .from(families)
      .where(eq(families.id, id));
    return row;
  };

  const countWhere = async (
    table: typeof attendances | typeof consents | typeof familyCards,
    ids: string[],
  ) => {
    const column = "personId" in table ? table.personId : table.familyId;
    const [row] = await handle.db.select({ n: count() }).from(table).where(inArray(column, ids));
    return row?.n ?? 0;
  };

  const reports = async () => {
    const caller = callerAs(handle.db, { staff: fx.admin });
    const range = { from: "2025-01-01", to: "2025-12-31" };
    return {
      share: await caller.reports.priorityShare(range),
      ages: await caller.reports.reachByAgeBand(range),
      registrations: await caller.reports.registrations({ from: "2000-01-01", to: "2100-12-31" }),
    };
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const north = await makeLocality(db, "North");
    const site = await makeSite(db, { localityId: north.id, name: "Fernleigh Children's Centre" });
    const programme = await makeProgramme(db, "Stay and Play");
    const sessions = [
      await makeSession(db, { siteId: site.id, programmeId: programme.id, date: "2025-03-10" }),
      await makeSession(db, { siteId: site.id, programmeId: programme.id, date: "2025-09-15" }),
    ];
    fx = {
      siteId: site.id,
      admin: await makeStaff(db, { role: "administrator" }),
      staff: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      officer: await makeStaff(db, { role: "data_officer" }),
      smith: "",
      brown: "",
      sessions,
    };
    fx.smith = await register("Smith", "UB8 1UW", [
      { firstName: "Jane", lastName: "Smith", dateOfBirth: "1990-05-20", role: "adult" },
      // Turns 5 on 20 March 2025: on 10 March she was 4; the 1st of her month would make her 5.
      { firstName: "Lily", lastName: "Smith", dateOfBirth: "2020-03-20", role: "child" },
      { firstName: "Tom", lastName: "Smith", dateOfBirth: "2021-03-15", role: "child" },
    ]);
    fx.brown = await register("Brown", "UB8 2AA", [
      { firstName: "Ann", lastName: "Brown", dateOfBirth: "1985-01-02", role: "adult" },
      { firstName: "Ben", lastName: "Brown", dateOfBirth: "2022-07-07", role: "child" },
    ]);
    await callerAs(db, { staff: fx.staff }).families.issueCard({ id: fx.smith });
    await callerAs(db, { staff: fx.staff }).targeting.recordFlag({
      familyId: fx.smith,
      groupCode: "domestic_abuse",
      source: "staff",
      note: "Told us by her neighbour Mrs Okafor at number 3",
      startedOn: "2025-01-01",
    });
    for (const familyId of [fx.smith, fx.brown]) {
      for (const member of await membersOf(familyId)) {
        for (const session of sessions) {
          await db.insert(attendances).values({
            personId: member.id,
            sessionId: session.id,
            method: "staff",
            recordedBy: fx.staff.id,
            checkedInAt: new Date(),
          });
        }
      }
    }
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("exports everything held about a family, with third parties redacted, and audits it", async () => {
    const sar = await callerAs(handle.db, { staff: fx.officer }).rights.subjectAccess({
      familyId: fx.smith,
    });
    expect(sar.family.surname).toBe("Smith");
    expect(sar.family.address).toEqual(["1 Smith Road", "UB8 1UW"]);
    expect(sar.people.map((p) => p.name)).toEqual(["Jane Smith", "Lily Smith", "Tom Smith"]);
    expect(sar.attendances).toHaveLength(6);
    expect(sar.attendances[0]).toMatchObject({
      programme: "Stay and Play",
      centre: "Fernleigh Children's Centre",
      how: "by a member of centre staff",
    });
    expect(sar.priorityGroups).toEqual([
      expect.objectContaining({
        group: "Domestic abuse in the family",
        about: "the whole family",
        recordedBy: "a member of centre staff",
        note: "[withheld: see redactions]",
      }),
      // One adult: the rule's flag, recorded by FamilyHub itself.
      expect.objectContaining({ group: "Lone parent", source: "rule", recordedBy: null }),
    ]);
    expect(sar.consents.map((c) => c.kind)).toEqual(["privacy_notice"]);
    expect(sar.cards).toHaveLength(1);
    expect(sar.accessLog.some((e) => e.action === "family.create")).toBe(true);
    const text = JSON.stringify(sar);
    // Staff names, the note that names a neighbour, and the other family are not in it.
    for (const hidden of [fx.staff.name, fx.staff.email, "Okafor", "Brown", fx.staff.id]) {
      expect(text).not.toContain(hidden);
    }
    expect(sar.redactions.map((r) => r.what)).toContain(
      "1 note written by staff about a priority group",
    );
    const [event] = await handle.db
      .select({ actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "subject_access.export"), eq(auditEvents.entityId, fx.smith)),
      );
    expect(event?.actorId).toBe(fx.officer.id);
  });

  it("exports one person's data only when asked for a person", async () => {
    const [lily] = (await membersOf(fx.smith)).filter((m) => m.firstName === "Lily");
    const sar = await callerAs(handle.db, { staff: fx.officer }).rights.subjectAccess({
      familyId: fx.smith,
      personId: lily?.id ?? "",
    });
    expect(sar.scope).toBe("person");
    expect(sar.people.map((p) => p.name)).toEqual(["Lily Smith"]);
    expect(sar.attendances.every((a) => a.person === "Lily Smith")).toBe(true);
    expect(sar.attendances).toHaveLength(2);
  });

  it("refuses subject access to roles without the permission, and writes nothing", async () => {
    const before = await handle.db.select({ n: count() }).from(auditEvents);
    const refused = await failure(
      callerAs(handle.db, { staff: fx.staff }).rights.subjectAccess({ familyId: fx.smith }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    const after = await handle.db.select({ n: count() }).from(auditEvents);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("refuses erasure to anyone but an administrator, and with the wrong surname", async () => {
    for (const who of [fx.staff, fx.officer]) {
      const refused = await failure(
        callerAs(handle.db, { staff: who }).rights.erase({
          familyId: fx.smith,
          confirmSurname: "Smith",
          reason: "Asked to be forgotten",
        }),
      );
      expect(refused.code).toBe("FORBIDDEN");
    }
    const wrong = await failure(
      callerAs(handle.db, { staff: fx.admin }).rights.erase({
        familyId: fx.smith,
        confirmSurname: "Smyth",
        reason: "Asked to be forgotten",
      }),
    );
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(await familyRow(fx.smith)).toMatchObject({ surname: "Smith", status: "active" });
  });

  it("erases a family: nothing identifies them, the figures of the past do not change", async () => {
    const before = await reports();
    expect(before.share.total.attendances).toBe(10);
    const smithIds = (await membersOf(fx.smith)).map((m) => m.id);
    const result = await callerAs(handle.db, { staff: fx.admin }).rights.erase({
      familyId: fx.smith,
      confirmSurname: "smith",
      reason: "The family asked to be forgotten",
    });
    expect(result).toMatchObject({ families: 1, people: 3, attendancesKept: 6 });

    expect(await reports()).toEqual(before);
    expect(await familyRow(fx.smith)).toEqual({ surname: "Erased", status: "erased", phone: null });
    const members = await membersOf(fx.smith);
    expect(members.map((m) => `${m.firstName} ${m.lastName}`)).toEqual([
      "Erased Erased",
      "Erased Erased",
      "Erased Erased",
    ]);
    // Jane and Tom to the month; Lily's exact date stays, or a past attendance would change band.
    expect(members.map((m) => m.dateOfBirth)).toEqual(["1990-05-01", "2020-03-20", "2021-03-01"]);
    expect(await countWhere(attendances, smithIds)).toBe(6);
    expect(await countWhere(consents, [fx.smith])).toBe(0);
    expect(await countWhere(familyCards, [fx.smith])).toBe(0);
    const flags = await handle.db
      .select({ note: targetFlags.note, endedAt: targetFlags.endedAt })
      .from(targetFlags)
      .where(eq(targetFlags.familyId, fx.smith));
    expect(flags.every((f) => f.note === null && f.endedAt !== null)).toBe(true);

    const caller = callerAs(handle.db, { staff: fx.admin });
    expect((await failure(caller.families.get({ id: fx.smith }))).code).toBe("NOT_FOUND");
    expect(await caller.families.search({ query: "" })).toEqual([
      expect.objectContaining({ id: fx.brown }),
    ]);
    const [event] = await handle.db
      .select({ detail: auditEvents.detail, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "family.erase"), eq(auditEvents.entityId, fx.smith)));
    expect(event).toMatchObject({
      actorId: fx.admin.id,
      detail: { reason: "The family asked to be forgotten", people: 3 },
    });
    // Erased reads as not existing: a second erasure finds nothing.
    const again = await failure(
      caller.rights.erase({ familyId: fx.smith, confirmSurname: "Erased", reason: "Again please" }),
    );
    expect(again.code).toBe("NOT_FOUND");
  });

  it("keeps a family under a legal hold from erasure, and audits the hold", async () => {
    const caller = callerAs(handle.db, { staff: fx.admin });
    await caller.rights.placeLegalHold({
      familyId: fx.brown,
      reason: "Family court case 2026/117",
    });
    expect(await caller.rights.legalHold({ familyId: fx.brown })).toMatchObject({
      reason: "Family court case 2026/117",
    });
    const refused = await failure(
      caller.rights.erase({ familyId: fx.brown, confirmSurname: "Brown", reason: "Asked to" }),
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("legal hold");
    expect(await familyRow(fx.brown)).toMatchObject({ surname: "Brown", status: "active" });
    const second = await failure(
      caller.rights.placeLegalHold({ familyId: fx.brown, reason: "Another reason" }),
    );
    expect(second.code).toBe("CONFLICT");
    const staffRefused = await failure(
      callerAs(handle.db, { staff: fx.staff }).rights.liftLegalHold({
        familyId: fx.brown,
        reason: "Not my call",
      }),
    );
    expect(staffRefused.code).toBe("FORBIDDEN");
    const [open] = await handle.db
      .select({ n: count() })
      .from(legalHolds)
      .where(eq(legalHolds.familyId, fx.brown));
    expect(open?.n).toBe(1);
    const events = await handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityId, fx.brown),
          inArray(auditEvents.action, ["legal_hold.place", "legal_hold.lift"]),
        ),
      );
    expect(events.map((e) => e.action)).toEqual(["legal_hold.place"]);
  });

  it("applies the retention rules, except to a family under a legal hold, and logs the run", async () => {
    const db = handle.db;
    const green = await register("Green", "UB8 3BB", [
      { firstName: "Gail", lastName: "Green", dateOfBirth: "1980-02-02", role: "adult" },
    ]);
    const pending = await createPendingFamily(
      db,
      {
        siteId: fx.siteId,
        channel: "phone",
        registration: {
          postcode: "UB8 4CC",
          phone: null,
          email: null,
          members: [
            { firstName: "Pat", lastName: "Grey", role: "adult", dateOfBirth: "1991-01-01" },
          ],
          consents: {
            privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true },
            dataSharing: false,
            photographs: false,
          },
        },
      },
      { type: "system", id: null },
    );
    await db.insert(auditEvents).values([
      { actorType: "system", action: "test.ancient", at: new Date(Date.now() - 10 * YEAR) },
      {
        actorType: "system",
        action: "test.ancient",
        entityType: "family",
        entityId: fx.brown,
        at: new Date(Date.now() - 10 * YEAR),
      },
    ]);
    const before = await reports();
    // Seven years on, with audit events kept eight years: Green is inactive, Brown is held.
    const options = {
      trigger: "cli" as const,
      actor: { type: "cli" as const, id: "tester" },
      now: new Date(Date.now() + 7 * YEAR),
      policy: { inactiveFamilyYears: 6, unverifiedSelfRegistrationDays: 30, auditEventYears: 15 },
    };
    const dry = await runRetention(db, { ...options, dryRun: true });
    expect(dry).toEqual({
      dryRun: true,
      removed: { inactive_families: 1, unverified_self_registrations: 1, audit_events: 1 },
      held: { inactive_families: 1, unverified_self_registrations: 0, audit_events: 1 },
    });
    expect(await familyRow(green)).toMatchObject({ surname: "Green", status: "active" });
    expect(await familyRow(pending.id)).toMatchObject({ status: "pending" });

    const done = await runRetention(db, { ...options, dryRun: false });
    expect(done.removed).toEqual(dry.removed);
    expect(await familyRow(green)).toMatchObject({ surname: "Erased", status: "erased" });
    expect(await familyRow(pending.id)).toBeUndefined();
    expect(await familyRow(fx.brown)).toMatchObject({ surname: "Brown", status: "active" });
    const ancient = await db
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(eq(auditEvents.action, "test.ancient"));
    expect(ancient).toEqual([{ entityId: fx.brown }]);
    // Green registered today and is still counted among the registrations, as an erased family.
    expect(await reports()).toEqual(before);
    const runs = await db
      .select({ dryRun: retentionRuns.dryRun, removed: retentionRuns.removed })
      .from(retentionRuns)
      .orderBy(asc(retentionRuns.startedAt));
    expect(runs).toEqual([
      { dryRun: true, removed: dry.removed },
      { dryRun: false, removed: done.removed },
    ]);
    const logged = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ["retention.run", "retention.dry_run", "audit.purge"]));
    expect(logged.map((l) => l.action).sort()).toEqual([
      "audit.purge",
      "retention.dry_run",
      "retention.run",
    ]);
  });

  it("lets administrators search and export the audit log, reports included, and no one else", async () => {
    const admin = callerAs(handle.db, { staff: fx.admin });
    const found = await admin.audit.search({
      filter: { action: "report.view", actor: fx.admin.email },
      page: 1,
      pageSize: 10,
    });
    expect(found.total).toBeGreaterThan(0);
    expect(found.rows[0]).toMatchObject({ actorName: fx.admin.name, action: "report.view" });
    const byRecord = await admin.audit.search({
      filter: { entityId: fx.smith },
      page: 1,
      pageSize: 200,
    });
    expect(byRecord.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["family.create", "subject_access.export", "family.erase"]),
    );
    const csv = await admin.audit.exportCsv({ filter: { entityId: fx.smith } });
    expect(csv.rows).toBe(byRecord.total);
    expect(csv.csv).toContain("family.erase");

    const before = await handle.db.select({ n: count() }).from(auditEvents);
    for (const who of [fx.staff, fx.officer]) {
      const refused = await failure(
        callerAs(handle.db, { staff: who }).audit.search({ filter: {}, page: 1, pageSize: 10 }),
      );
      expect(refused.code).toBe("FORBIDDEN");
      const exportRefused = await failure(
        callerAs(handle.db, { staff: who }).audit.exportCsv({ filter: {} }),
      );
      expect(exportRefused.code).toBe("FORBIDDEN");
    }
    const after = await handle.db.select({ n: count() }).from(auditEvents);
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});
