import { type DatabaseHandle, getRegister } from "@familyhub/db";
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
  deprivationLookup,
  families,
  people,
  targetFlags,
  targetGroups,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import {
  applySocialCareFlags,
  catalogue,
  refreshAllDerivedFlags,
  refreshDerivedFlags,
  syncCatalogue,
} from "@familyhub/targeting";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

type Member = { firstName: string; role: "adult" | "child"; dateOfBirth: string | null };

describe.each(testDatabaseKinds())("priority target groups on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteNorth: { id: string };
    siteSouth: { id: string };
    admin: StaffUser;
    staffNorth: StaffUser;
    staffSouth: StaffUser;
    manager: StaffUser;
    viewer: StaffUser;
  };

  /** A family at a site with the members given; returns its id and its members' ids by first name. */
  async function makeFamily(
    siteId: string,
    members: Member[],
    extra: { postcode?: string; registeredOn?: string } = {},
  ) {
    const db = handle.db;
    const [family] = await db
      .insert(families)
      .values({
        surname: "Test",
        postcode: extra.postcode ?? "FL1 1AA",
        registeredSiteId: siteId,
        registeredOn: extra.registeredOn ?? "2025-01-01",
      })
      .returning({ id: families.id });
    if (!family) throw new Error("no family");
    const rows = await db
      .insert(people)
      .values(members.map((m) => ({ ...m, lastName: "Test", familyId: family.id })))
      .returning({ id: people.id, firstName: people.firstName });
    const ids = new Map(rows.map((r) => [r.firstName, r.id]));
    const person = (name: string) => {
      const id = ids.get(name);
      if (!id) throw new Error(`no member ${name}`);
      return id;
    };
    return { id: family.id, person };
  }

  async function openRuleFlags(familyId: string) {
    const rows = await handle.db
      .select({
        groupCode: targetFlags.groupCode,
        personId: targetFlags.personId,
        startedOn: targetFlags.startedOn,
      })
      .from(targetFlags)
      .where(
        and(
          eq(targetFlags.familyId, familyId),
          eq(targetFlags.source, "rule"),
          isNull(targetFlags.endedAt),
        ),
      );
    return rows.sort((a, b) => a.groupCode.localeCompare(b.groupCode));
  }

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    await syncCatalogue(db);
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    fx = {
      siteNorth: await makeSite(db, { localityId: north.id }),
      siteSouth: await makeSite(db, { localityId: south.id }),
      admin: await makeStaff(db, { role: "administrator" }),
      staffNorth: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      staffSouth: await makeStaff(db, { role: "centre_staff", localityId: south.id }),
      manager: await makeStaff(db, { role: "manager" }),
      viewer: await makeStaff(db, { role: "viewer" }),
    };
    await db.insert(deprivationLookup).values([
      { postcode: "FL1 1AA", lsoaCode: "E01000001", imdDecile: 1 },
      { postcode: "FL2 2BB", lsoaCode: "E01000002", imdDecile: 7 },
    ]);
  });

  afterAll(async () => {
    await handle?.close();
  });

  describe("the catalogue", () => {
    it("has every group of seed 001 once, and syncing twice changes nothing", async () => {
      await syncCatalogue(handle.db);
      const rows = await handle.db.select().from(targetGroups);
      expect(rows.length).toBe(catalogue.length);
      expect(new Set(catalogue.map((g) => g.code)).size).toBe(catalogue.length);
      for (const code of [
        "teenage_parent",
        "lone_parent",
        "parent_disability",
        "three_under_five",
        "domestic_abuse",
        "substance_misuse",
        "child_in_care",
        "child_protection",
        "child_in_need",
        "developmental_delay",
        "child_disability",
        "temporary_accommodation",
        "deprived_area",
        "young_carer",
        "neet",
      ]) {
        expect(rows.find((r) => r.code === code)?.isPriority, code).toBe(true);
      }
    });

    it("keeps an authority's priority choices and local groups through a sync", async () => {
      const admin = callerAs(handle.db, { staff: fx.admin });
      await admin.targeting.setPriority({
        priority: [
          { code: "lone_parent", isPriority: false },
          { code: "poverty", isPriority: true },
        ],
      });
      await admin.targeting.addGroup({
        code: "asylum_seeker",
        label: "Seeking asylum",
        category: "family",
        isPriority: true,
      });
      await syncCatalogue(handle.db);
      const groups = await admin.targeting.catalogue();
      expect(groups.find((g) => g.code === "lone_parent")?.isPriority).toBe(false);
      expect(groups.find((g) => g.code === "poverty")?.isPriority).toBe(true);
      expect(groups.find((g) => g.code === "asylum_seeker")).toMatchObject({
        isLocal: true,
        isPriority: true,
        label: "Seeking asylum",
      });
      // Put the authority back as it was for the other tests.
      await admin.targeting.setPriority({
        priority: [
          { code: "lone_parent", isPriority: true },
          { code: "poverty", isPriority: false },
        ],
      });
    });

    it("refuses a duplicate or badly-formed local code, and non-administrators", async () => {
      const admin = callerAs(handle.db, { staff: fx.admin });
      expect(
        (
          await failure(
            admin.targeting.addGroup({
              code: "teenage_parent",
              label: "Again",
              category: "parental",
              isPriority: true,
            }),
          )
        ).code,
      ).toBe("CONFLICT");
      const bad = await failure(
        admin.targeting.addGroup({
          code: "Bad Code",
          label: "Bad",
          category: "family",
          isPriority: true,
        }),
      );
      expect(bad.code).toBe("BAD_REQUEST");
      expect(bad.message).toContain("lower-case letters");
      for (const staff of [fx.staffNorth, fx.manager]) {
        expect(
          (
            await failure(
              callerAs(handle.db, { staff }).targeting.setPriority({
                priority: [{ code: "neet", isPriority: false }],
              }),
            )
          ).code,
        ).toBe("FORBIDDEN");
      }
    });

    it("retires a local group: no longer offered to staff; built-in groups are not changed here", async () => {
      const admin = callerAs(handle.db, { staff: fx.admin });
      await admin.targeting.addGroup({
        code: "gypsy_roma_traveller",
        label: "Gypsy, Roma or Traveller family",
        category: "family",
        isPriority: true,
      });
      await admin.targeting.updateGroup({
        code: "gypsy_roma_traveller",
        label: "Gypsy, Roma or Traveller family",
        active: false,
      });
      const offered = await callerAs(handle.db, { staff: fx.staffNorth }).targeting.groups();
      expect(offered.some((g) => g.code === "gypsy_roma_traveller")).toBe(false);
      expect(
        (
          await failure(
            admin.targeting.updateGroup({
              code: "teenage_parent",
              label: "Teen parent",
              active: false,
            }),
          )
        ).code,
      ).toBe("NOT_FOUND");
    });
  });

  describe("rules", () => {
    it("derives every rule for a family, then ends those that no longer apply", async () => {
      const f = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "Mum", role: "adult", dateOfBirth: "2004-05-01" },
          { firstName: "Ava", role: "child", dateOfBirth: "2022-03-10" },
          { firstName: "Ben", role: "child", dateOfBirth: "2023-06-01" },
          { firstName: "Cal", role: "child", dateOfBirth: "2025-01-20" },
        ],
        { postcode: "FL1 1AA", registeredOn: "2024-02-01" },
      );
      await refreshDerivedFlags(handle.db, f.id, "2026-06-01");
      expect(await openRuleFlags(f.id)).toEqual([
        { groupCode: "deprived_area", personId: null, startedOn: "2024-02-01" },
        { groupCode: "lone_parent", personId: null, startedOn: "2024-02-01" },
        { groupCode: "teenage_parent", personId: f.person("Mum"), startedOn: "2022-03-10" },
        { groupCode: "three_under_five", personId: null, startedOn: "2025-01-20" },
      ]);

      // Again the same day: nothing changes and nothing is audited.
      const before = await handle.db.select().from(targetFlags);
      await refreshDerivedFlags(handle.db, f.id, "2026-06-01");
      expect(await handle.db.select().from(targetFlags)).toHaveLength(before.length);

      // A partner joins, they move out of the deprived area, and Ava turns five.
      await handle.db.insert(people).values({
        familyId: f.id,
        firstName: "Dad",
        lastName: "Test",
        role: "adult",
        dateOfBirth: "2000-01-01",
      });
      await handle.db.update(families).set({ postcode: "FL2 2BB" }).where(eq(families.id, f.id));
      await refreshDerivedFlags(handle.db, f.id, "2027-03-10");
      expect((await openRuleFlags(f.id)).map((r) => r.groupCode)).toEqual(["teenage_parent"]);
      const ended = await handle.db
        .select({ groupCode: targetFlags.groupCode, endReason: targetFlags.endReason })
        .from(targetFlags)
        .where(and(eq(targetFlags.familyId, f.id), eq(targetFlags.source, "rule")));
      expect(
        ended
          .filter((e) => e.endReason === "no longer applies")
          .map((e) => e.groupCode)
          .sort(),
      ).toEqual(["deprived_area", "lone_parent", "three_under_five"]);
      const audit = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, f.id), eq(auditEvents.action, "flags.derive")));
      expect(audit).toHaveLength(2);
    });

    it("ends three-under-five on the eldest's fifth birthday, not the day before", async () => {
      const f = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "P1", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "P2", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "A", role: "child", dateOfBirth: "2021-09-15" },
          { firstName: "B", role: "child", dateOfBirth: "2023-01-01" },
          { firstName: "C", role: "child", dateOfBirth: "2024-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      await refreshDerivedFlags(handle.db, f.id, "2026-09-14");
      expect((await openRuleFlags(f.id)).map((r) => r.groupCode)).toEqual(["three_under_five"]);
      await refreshDerivedFlags(handle.db, f.id, "2026-09-15");
      expect(await openRuleFlags(f.id)).toEqual([]);
    });

    it("refreshes every family at once, and a second run changes nothing", async () => {
      const f = await makeFamily(
        fx.siteSouth.id,
        [
          { firstName: "Solo", role: "adult", dateOfBirth: "1985-01-01" },
          { firstName: "Kid", role: "child", dateOfBirth: "2019-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      const first = await refreshAllDerivedFlags(handle.db, "2026-06-01");
      expect(first.opened).toBeGreaterThanOrEqual(1);
      expect((await openRuleFlags(f.id)).map((r) => r.groupCode)).toEqual(["lone_parent"]);
      const second = await refreshAllDerivedFlags(handle.db, "2026-06-01");
      expect(second).toMatchObject({ opened: 0, ended: 0 });
    });

    it("takes social care flags from the latest match and ends those it drops", async () => {
      const f = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "Carer", role: "adult", dateOfBirth: "1980-01-01" },
          { firstName: "Other", role: "adult", dateOfBirth: "1980-01-01" },
          { firstName: "Looked", role: "child", dateOfBirth: "2015-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      const child = f.person("Looked");
      expect(
        await applySocialCareFlags(
          handle.db,
          [{ personId: child, cohorts: ["LAC", "CP"] }],
          "2026-05-01",
        ),
      ).toEqual({ opened: 2, ended: 0 });
      expect(
        await applySocialCareFlags(
          handle.db,
          [{ personId: child, cohorts: ["CIN"] }],
          "2026-06-01",
        ),
      ).toEqual({ opened: 1, ended: 2 });
      const open = await handle.db
        .select({ groupCode: targetFlags.groupCode })
        .from(targetFlags)
        .where(and(eq(targetFlags.personId, child), isNull(targetFlags.endedAt)));
      expect(open.map((o) => o.groupCode)).toEqual(["child_in_need"]);
    });
  });

  describe("flags recorded by staff", () => {
    let family: Awaited<ReturnType<typeof makeFamily>>;
    beforeAll(async () => {
      family = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "Rita", role: "adult", dateOfBirth: "1988-01-01" },
          { firstName: "Sam", role: "adult", dateOfBirth: "1987-01-01" },
          { firstName: "Tia", role: "child", dateOfBirth: "2022-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
    });

    it("needs a note from staff, and records who and when", async () => {
      const staff = callerAs(handle.db, { staff: fx.staffNorth });
      const noNote = await failure(
        staff.targeting.recordFlag({
          familyId: family.id,
          groupCode: "domestic_abuse",
          source: "staff",
        }),
      );
      expect(noNote.code).toBe("BAD_REQUEST");
      expect(noNote.message).toContain("note");

      await staff.targeting.recordFlag({
        familyId: family.id,
        groupCode: "domestic_abuse",
        source: "staff",
        note: "Rita told us at Stay and Play; referred to the IDVA.",
        reviewOn: "2099-01-01",
      });
      await staff.targeting.recordFlag({
        familyId: family.id,
        personId: family.person("Tia"),
        groupCode: "developmental_delay",
        source: "self_declared",
      });
      const again = await failure(
        staff.targeting.recordFlag({
          familyId: family.id,
          groupCode: "domestic_abuse",
          source: "staff",
          note: "again",
        }),
      );
      expect(again.code).toBe("CONFLICT");

      const read = await staff.targeting.familyFlags({ familyId: family.id });
      expect(read.priority).toBe(true);
      expect(read.priorityGroups.map((g) => g.code)).toEqual([
        "developmental_delay",
        "domestic_abuse",
      ]);
      const abuse = read.flags.find((f) => f.groupCode === "domestic_abuse");
      expect(abuse).toMatchObject({
        source: "staff",
        personName: null,
        recordedByName: fx.staffNorth.name,
        reviewOn: "2099-01-01",
        endedAt: null,
      });
      expect(read.flags.find((f) => f.groupCode === "developmental_delay")?.personName).toBe(
        "Tia Test",
      );
      expect(read.members.map((m) => m.name).sort()).toEqual(["Rita Test", "Sam Test", "Tia Test"]);
    });

    it("ends a flag rather than deleting it, with who, when and why", async () => {
      const staff = callerAs(handle.db, { staff: fx.staffNorth });
      const before = await staff.targeting.familyFlags({ familyId: family.id });
      const abuse = before.flags.find((f) => f.groupCode === "domestic_abuse");
      if (!abuse) throw new Error("no flag");
      await staff.targeting.endFlag({
        flagId: abuse.id,
        reason: "Moved to a refuge out of borough",
      });
      const [row] = await handle.db.select().from(targetFlags).where(eq(targetFlags.id, abuse.id));
      expect(row?.endedAt).toBeInstanceOf(Date);
      expect(row?.endedBy).toBe(fx.staffNorth.id);
      expect(row?.endReason).toBe("Moved to a refuge out of borough");
      expect(
        (await failure(staff.targeting.endFlag({ flagId: abuse.id, reason: "twice" }))).code,
      ).toBe("CONFLICT");
      const after = await staff.targeting.familyFlags({ familyId: family.id });
      expect(after.priorityGroups.map((g) => g.code)).toEqual(["developmental_delay"]);
      expect(after.flags).toHaveLength(before.flags.length);
    });

    it("will not end a rule flag by hand", async () => {
      const lone = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "One", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "Kid", role: "child", dateOfBirth: "2020-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      await refreshDerivedFlags(handle.db, lone.id, "2026-06-01");
      const staff = callerAs(handle.db, { staff: fx.staffNorth });
      const { flags } = await staff.targeting.familyFlags({ familyId: lone.id });
      const rule = flags.find((f) => f.source === "rule");
      if (!rule) throw new Error("no rule flag");
      const error = await failure(staff.targeting.endFlag({ flagId: rule.id, reason: "no" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain("correct them");
    });

    it("shows flags only to flag:read roles in the family's locality, and audits each read", async () => {
      const southError = await failure(
        callerAs(handle.db, { staff: fx.staffSouth }).targeting.familyFlags({
          familyId: family.id,
        }),
      );
      expect(southError.code).toBe("NOT_FOUND");
      expect(
        (
          await failure(
            callerAs(handle.db, { staff: fx.staffSouth }).targeting.recordFlag({
              familyId: family.id,
              groupCode: "neet",
              source: "self_declared",
            }),
          )
        ).code,
      ).toBe("NOT_FOUND");
      for (const staff of [fx.manager, fx.viewer]) {
        expect(
          (
            await failure(
              callerAs(handle.db, { staff }).targeting.familyFlags({ familyId: family.id }),
            )
          ).code,
        ).toBe("FORBIDDEN");
      }
      const kiosk = { id: randomUUID(), siteId: fx.siteNorth.id, name: "Door" };
      expect(
        (
          await failure(
            callerAs(handle.db, { kiosk }).targeting.familyFlags({ familyId: family.id }),
          )
        ).code,
      ).toBe("UNAUTHORIZED");
      // Administrators see every locality.
      await callerAs(handle.db, { staff: fx.admin }).targeting.familyFlags({ familyId: family.id });

      const reads = await handle.db
        .select({ actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "flags.read"), eq(auditEvents.entityId, family.id)));
      expect(reads.map((r) => r.actorId)).toEqual(
        expect.arrayContaining([fx.staffNorth.id, fx.admin.id]),
      );
      expect(reads.map((r) => r.actorId)).not.toContain(fx.staffSouth.id);
    });
  });

  describe("the register", () => {
    it("marks priority attendees of their own locality for staff with flag:read", async () => {
      const db = handle.db;
      const programme = await makeProgramme(db);
      const session = await makeSession(db, { siteId: fx.siteNorth.id, programmeId: programme.id });
      const flagged = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "Fay", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "Gus", role: "adult", dateOfBirth: "1990-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      const plain = await makeFamily(
        fx.siteNorth.id,
        [
          { firstName: "Hal", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "Ivy", role: "adult", dateOfBirth: "1990-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      const staff = callerAs(db, { staff: fx.staffNorth });
      await staff.targeting.recordFlag({
        familyId: flagged.id,
        personId: flagged.person("Gus"),
        groupCode: "substance_misuse",
        source: "staff",
        note: "Known to the drug and alcohol service",
      });
      // A flag in a group the authority does not count as priority marks nobody.
      await staff.targeting.recordFlag({
        familyId: plain.id,
        groupCode: "bereavement",
        source: "self_declared",
      });
      // A family of the South locality, in a priority group, comes to a session in the North.
      const visitor = await makeFamily(
        fx.siteSouth.id,
        [
          { firstName: "Vic", role: "adult", dateOfBirth: "1990-01-01" },
          { firstName: "Wyn", role: "adult", dateOfBirth: "1990-01-01" },
        ],
        { postcode: "FL2 2BB" },
      );
      await callerAs(db, { staff: fx.staffSouth }).targeting.recordFlag({
        familyId: visitor.id,
        groupCode: "domestic_abuse",
        source: "staff",
        note: "Known to the South team",
      });
      await db.insert(attendances).values([
        { sessionId: session.id, personId: flagged.person("Fay"), method: "staff" },
        { sessionId: session.id, personId: plain.person("Hal"), method: "staff" },
        { sessionId: session.id, personId: visitor.person("Vic"), method: "staff" },
      ]);

      const register = await staff.sessions.register({ id: session.id });
      const byName = new Map(register.attendances.map((a) => [a.firstName, a.priority]));
      expect(byName.get("Fay")).toBe(true);
      expect(byName.get("Hal")).toBe(false);
      // Whether another locality's family is priority is not for this locality's staff.
      expect(byName.get("Vic")).toBeNull();
      const asAdmin = await callerAs(db, { staff: fx.admin }).sessions.register({ id: session.id });
      expect(asAdmin.attendances.find((a) => a.firstName === "Vic")?.priority).toBe(true);

      const withoutFlags = await getRegister(
        db,
        session.id,
        { all: true },
        { type: "staff", id: fx.admin.id },
      );
      expect(withoutFlags.attendances.every((a) => a.priority === null)).toBe(true);
    });
  });
});
