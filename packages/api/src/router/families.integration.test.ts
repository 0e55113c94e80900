// Registration, tell us once, editing and merging, through the router against real databases.
import type { DatabaseHandle } from "@familyhub/db";
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
  people,
  targetFlags,
  targetGroups,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { type FamilyRegistrationInput, PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

type Member = FamilyRegistrationInput["members"][number];

const adult = (
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  extra: Partial<Member> = {},
) => ({ firstName, lastName, dateOfBirth, role: "adult", ...extra }) satisfies Member;
const child = (
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  extra: Partial<Member> = {},
) => ({ firstName, lastName, dateOfBirth, role: "child", ...extra }) satisfies Member;

const dueIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(testDatabaseKinds())("registration, duplicates and merging on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteA: { id: string; name: string };
    siteA2: { id: string; name: string };
    siteB: { id: string; name: string };
    sessions: { id: string }[];
    admin: StaffUser;
    staffA: StaffUser;
    staffB: StaffUser;
    leadA: StaffUser;
    leadB: StaffUser;
  };

  const registration = (
    postcode: string,
    members: Member[],
    extra: Partial<FamilyRegistrationInput> = {},
  ): FamilyRegistrationInput => ({
    siteId: fx.siteA.id,
    postcode,
    members,
    consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
    ...extra,
  });

  const register = async (
    postcode: string,
    members: Member[],
    extra: Partial<FamilyRegistrationInput> = {},
    who: StaffUser = fx.staffA,
  ) =>
    (
      await callerAs(handle.db, { staff: who }).families.create(
        registration(postcode, members, { duplicatesReviewed: true, ...extra }),
      )
    ).id;

  const check = (
    postcode: string,
    members: { firstName: string; lastName: string; dateOfBirth?: string | null }[],
    who: StaffUser = fx.staffA,
    excludeFamilyId?: string,
  ) =>
    callerAs(handle.db, { staff: who }).families.findDuplicates({
      postcode,
      members,
      excludeFamilyId,
    });

  const countOf = async (table: typeof families | typeof attendances | typeof people) => {
    const [row] = await handle.db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };

  const personId = async (familyId: string, firstName: string) => {
    const [row] = await handle.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.familyId, familyId), eq(people.firstName, firstName)));
    if (!row) throw new Error(`no ${firstName} in ${familyId}`);
    return row.id;
  };

  const attend = async (person: string, session: { id: string }, at: string) => {
    await handle.db.insert(attendances).values({
      personId: person,
      sessionId: session.id,
      method: "staff",
      checkedInAt: new Date(at),
    });
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    const siteA = await makeSite(db, { localityId: north.id, name: "Oak Tree Children's Centre" });
    const siteA2 = await makeSite(db, { localityId: north.id, name: "Willow Family Hub" });
    const siteB = await makeSite(db, { localityId: south.id, name: "Riverside Family Hub" });
    const programme = await makeProgramme(db, "Stay and Play");
    const sessions = [];
    for (const date of ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]) {
      sessions.push(await makeSession(db, { siteId: siteA.id, programmeId: programme.id, date }));
    }
    fx = {
      siteA,
      siteA2,
      siteB,
      sessions,
      admin: await makeStaff(db, { role: "administrator" }),
      staffA: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      staffB: await makeStaff(db, { role: "centre_staff", localityId: south.id }),
      leadA: await makeStaff(db, { role: "locality_lead", localityId: north.id }),
      leadB: await makeStaff(db, { role: "locality_lead", localityId: south.id }),
    };
  });

  afterAll(async () => {
    await handle?.close();
  });

  describe("staff registration", () => {
    it("records a full family: contact, members' details, an unborn child and each consent", async () => {
      const due = dueIn(60);
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const { id } = await staff.families.create(
        registration(
          "ub8 1uw",
          [
            adult("Amina", "Okafor", "1990-04-12", {
              relationship: "mother",
              sex: "female",
              ethnicity: "BAFR",
              firstLanguage: "Yoruba",
            }),
            child("Zara", "Okafor", "2022-06-30", {
              relationship: "child",
              sex: "female",
              ethnicity: "BAFR",
              disability: true,
              sen: "sen_support",
            }),
            { firstName: "Baby", lastName: "Okafor", role: "child", expectedDueDate: due },
          ],
          {
            addressLine1: "12 Station Road",
            town: "Uxbridge",
            phone: "07700 900123",
            email: "amina@example.test",
            howHeard: "health_visitor",
            consents: {
              privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true },
              dataSharing: true,
              photographs: false,
            },
          },
        ),
      );

      const family = await staff.families.get({ id });
      expect(family).toMatchObject({
        surname: "Okafor",
        postcode: "UB8 1UW",
        addressLine1: "12 Station Road",
        addressLine2: null,
        town: "Uxbridge",
        phone: "07700900123",
        email: "amina@example.test",
        howHeard: "health_visitor",
        status: "active",
        siteName: "Oak Tree Children's Centre",
      });
      const byName = Object.fromEntries(family.members.map((m) => [m.firstName, m]));
      expect(byName.Amina).toMatchObject({
        relationship: "mother",
        sex: "female",
        ethnicity: "BAFR",
        firstLanguage: "Yoruba",
        disability: false,
      });
      expect(byName.Zara).toMatchObject({ disability: true, sen: "sen_support" });
      expect(byName.Baby).toMatchObject({ dateOfBirth: null, expectedDueDate: due });

      const rows = await handle.db
        .select({ kind: consents.kind, version: consents.version })
        .from(consents)
        .where(eq(consents.familyId, id));
      expect(rows.map((r) => r.kind).sort()).toEqual(["data_sharing", "privacy_notice"]);
      expect(rows.every((r) => r.version === PRIVACY_NOTICE_VERSION)).toBe(true);

      const [audit] = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "family.create")));
      expect(audit?.detail).toMatchObject({
        members: 3,
        consents: ["privacy_notice", "data_sharing"],
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      });
    });

    it("refuses a family that may already be registered until staff have reviewed the matches", async () => {
      const members = [
        adult("Grace", "Mensah", "1985-02-03"),
        child("Kofi", "Mensah", "2021-09-15"),
      ];
      await register("AB1 2CD", members);
      const before = await countOf(families);
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const error = await failure(staff.families.create(registration("ab12cd", members)));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/may already be registered \(1 possible match/);
      expect(await countOf(families)).toBe(before);

      await staff.families.create(registration("AB1 2CD", members, { duplicatesReviewed: true }));
      expect(await countOf(families)).toBe(before + 1);
    });

    it("refuses another locality's centre, and a role that cannot write families", async () => {
      const input = registration("AB1 2CD", [adult("Ola", "Nowak", "1991-01-01")], {
        siteId: fx.siteB.id,
      });
      expect(
        (await failure(callerAs(handle.db, { staff: fx.staffA }).families.create(input))).code,
      ).toBe("NOT_FOUND");
    });
  });

  describe("tell us once", () => {
    it("finds a family whatever the case, accents, spacing, hyphens and apostrophes", async () => {
      const id = await register("EF1 1AA", [
        adult("Zoë", "Smith-Jones", "1992-08-21"),
        child("Mary Ann", "O'Brien", "2022-01-30"),
      ]);
      const found = await check("ef11aa", [
        { firstName: "ZOE", lastName: "smith jones", dateOfBirth: "1992-08-21" },
        { firstName: "maryann", lastName: "OBRIEN", dateOfBirth: "2022-01-30" },
      ]);
      expect(found.map((f) => f.familyId)).toEqual([id]);
      expect(found[0]?.score).toBe(100);
      expect(found[0]?.reasons).toEqual([
        "Same postcode",
        "Zoë Smith-Jones: same name; same date of birth",
        "Mary Ann O'Brien: same name; same date of birth",
      ]);
      expect(found[0]?.members.map((m) => m.firstName)).toEqual(["Zoë", "Mary Ann"]);
    });

    it("finds a family with a one-letter typo and a day/month swap, even at another postcode", async () => {
      const id = await register("EF2 2BB", [
        adult("Jonathan", "Adeyemi", "1988-03-07"),
        child("Tobi", "Adeyemi", "2023-05-04"),
      ]);
      const found = await check("GH9 9ZZ", [
        { firstName: "Jonathon", lastName: "Adeyemi", dateOfBirth: "1988-07-03" },
        { firstName: "Tobi", lastName: "Adeyemi", dateOfBirth: "2023-04-05" },
      ]);
      expect(found.map((f) => f.familyId)).toEqual([id]);
      expect(found[0]?.reasons).toEqual([
        "Jonathan Adeyemi: first name one letter different (you typed Jonathon); same last name; same date of birth with day and month swapped",
        "Tobi Adeyemi: same name; same date of birth with day and month swapped",
      ]);
    });

    it("does not take a twin for their brother or sister", async () => {
      await register("EF3 3CC", [
        adult("Hannah", "Walker", "1990-01-01"),
        child("Ava", "Walker", "2023-02-14"),
        child("Ella", "Walker", "2023-02-14"),
      ]);
      // The other parent registers a twin separately: same surname, date of birth and postcode.
      expect(
        await check("EF3 3CC", [
          { firstName: "Liam", lastName: "Walker", dateOfBirth: "1989-05-05" },
          { firstName: "Eva", lastName: "Walker", dateOfBirth: "2023-02-14" },
        ]),
      ).toEqual([]);
      // And a twin is matched to themself, not to the other.
      const found = await check("EF3 3CC", [
        { firstName: "Ella", lastName: "Walker", dateOfBirth: "2023-02-14" },
      ]);
      expect(found[0]?.reasons).toEqual([
        "Same postcode",
        "Ella Walker: same name; same date of birth",
      ]);
    });

    it("does not match different children who share a name and a birthday in other postcodes", async () => {
      await register("EF4 4DD", [
        adult("Sana", "Khan", "1994-06-01"),
        child("Muhammad", "Khan", "2024-03-20"),
      ]);
      await register("EF5 5EE", [
        adult("Ayesha", "Khan", "1996-11-11"),
        child("Muhammad", "Khan", "2024-03-20"),
      ]);
      expect(
        await check("EF6 6FF", [
          { firstName: "Nadia", lastName: "Khan", dateOfBirth: "1993-02-02" },
          { firstName: "Muhammad", lastName: "Khan", dateOfBirth: "2024-03-20" },
        ]),
      ).toEqual([]);
    });

    it("shows a family of another locality only enough to recognise it, and audits the check", async () => {
      const id = await register("EF7 7GG", [
        adult("Piotr", "Kowalski", "1987-12-24"),
        child("Zuzanna", "Kowalski", "2021-07-07"),
      ]);
      const query = [
        { firstName: "Piotr", lastName: "Kowalski", dateOfBirth: "1987-12-24" },
        { firstName: "Zuzanna", lastName: "Kowalski", dateOfBirth: "2021-07-07" },
      ];
      const own = await check("EF7 7GG", query);
      expect(own[0]).toMatchObject({ familyId: id, canOpen: true, postcode: "EF7 7GG" });
      expect(own[0]?.members[0]).toMatchObject({ dateOfBirth: "1987-12-24", yearOfBirth: 1987 });

      const other = await check("EF7 7GG", query, fx.staffB);
      expect(other).toHaveLength(1);
      expect(other[0]).toMatchObject({
        familyId: null,
        canOpen: false,
        postcode: null,
        surname: "Kowalski",
        siteName: "Oak Tree Children's Centre",
      });
      expect(other[0]?.members).toEqual([
        {
          firstName: "Piotr",
          lastName: "Kowalski",
          dateOfBirth: null,
          yearOfBirth: 1987,
          role: "adult",
        },
        {
          firstName: "Zuzanna",
          lastName: "Kowalski",
          dateOfBirth: null,
          yearOfBirth: 2021,
          role: "child",
        },
      ]);
      expect(JSON.stringify(other)).not.toContain(id);
      expect(other[0]?.reasons).not.toContain("Same postcode");
      expect(
        (await failure(callerAs(handle.db, { staff: fx.staffB }).families.get({ id }))).code,
      ).toBe("NOT_FOUND");

      const checks = await handle.db
        .select({ actorId: auditEvents.actorId, detail: auditEvents.detail })
        .from(auditEvents)
        .where(eq(auditEvents.action, "family.duplicates.check"));
      expect(checks.find((c) => c.actorId === fx.staffB.id)?.detail).toMatchObject({
        shown: [id],
        outsideScope: 1,
      });
    });

    it("leaves out the family being edited, and needs family:write", async () => {
      const id = await register("EF8 8HH", [adult("Rhys", "Owen", "1980-10-10")]);
      const query = [{ firstName: "Rhys", lastName: "Owen", dateOfBirth: "1980-10-10" }];
      expect((await check("EF8 8HH", query)).map((f) => f.familyId)).toEqual([id]);
      expect(await check("EF8 8HH", query, fx.staffA, id)).toEqual([]);
      const viewer = await makeStaff(handle.db, { role: "viewer" });
      expect((await failure(check("EF8 8HH", query, viewer))).code).toBe("FORBIDDEN");
    });
  });

  describe("editing a family", () => {
    it("changes details and members, adds and removes a member, and audits it", async () => {
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const id = await register("HJ1 1AA", [
        adult("Laura", "Price", "1991-03-03"),
        child("Theo", "Price", "2022-04-04"),
        child("Wrong", "Entry", "2023-05-05"),
      ]);
      const family = await staff.families.get({ id });
      const laura = family.members.find((m) => m.firstName === "Laura");
      const theo = family.members.find((m) => m.firstName === "Theo");
      if (!laura || !theo) throw new Error("members missing");

      await staff.families.update({
        id,
        siteId: fx.siteA2.id,
        postcode: "hj1 2bb",
        phone: "01895 250111",
        addressLine1: "3 Mill Lane",
        howHeard: "friend_or_family",
        members: [
          { ...adult("Laura", "Price-Hughes", "1991-03-03"), id: laura.id, ethnicity: "WBRI" },
          { ...child("Theo", "Price", "2022-04-04"), id: theo.id, sen: "ehc_plan" },
          adult("Tom", "Hughes", "1989-09-09", { relationship: "step_parent" }),
        ],
        consents: { dataSharing: true, photographs: true },
      });

      const after = await staff.families.get({ id });
      expect(after).toMatchObject({
        surname: "Price-Hughes",
        postcode: "HJ1 2BB",
        phone: "01895250111",
        addressLine1: "3 Mill Lane",
        siteName: "Willow Family Hub",
      });
      expect(after.members.map((m) => m.firstName).sort()).toEqual(["Laura", "Theo", "Tom"]);
      expect(after.members.find((m) => m.firstName === "Theo")?.sen).toBe("ehc_plan");
      expect(
        after.consents
          .filter((c) => !c.withdrawnAt)
          .map((c) => c.kind)
          .sort(),
      ).toEqual(["data_sharing", "photographs", "privacy_notice"]);

      const [audit] = await handle.db
        .select({ detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "family.update")));
      expect(audit?.detail).toMatchObject({
        fields: expect.arrayContaining(["postcode", "phone", "addressLine1", "registeredSiteId"]),
        membersUpdated: 2,
        membersAdded: 1,
        consents: ["data_sharing: given", "photographs: given"],
      });

      // Withdrawing a consent keeps it, with the date it was withdrawn.
      await staff.families.update({
        id,
        siteId: fx.siteA2.id,
        postcode: "HJ1 2BB",
        members: after.members.map((m) => ({
          id: m.id,
          firstName: m.firstName,
          lastName: m.lastName,
          role: m.role,
          dateOfBirth: m.dateOfBirth,
        })),
        consents: { dataSharing: false, photographs: true },
      });
      const [withdrawn] = await handle.db
        .select({ withdrawnAt: consents.withdrawnAt })
        .from(consents)
        .where(and(eq(consents.familyId, id), eq(consents.kind, "data_sharing")));
      expect(withdrawn?.withdrawnAt).toBeInstanceOf(Date);
    });

    it("refuses to remove a member who has attended, and changes nothing", async () => {
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const id = await register("HJ3 3CC", [
        adult("Megan", "Lloyd", "1993-07-07"),
        child("Arlo", "Lloyd", "2023-08-08"),
      ]);
      const arlo = await personId(id, "Arlo");
      const [session] = fx.sessions;
      if (!session) throw new Error("no session");
      await attend(arlo, session, "2026-01-05T10:05:00Z");
      const megan = await personId(id, "Megan");

      const error = await failure(
        staff.families.update({
          id,
          siteId: fx.siteA.id,
          postcode: "ZZ9 9ZZ",
          members: [{ ...adult("Megan", "Lloyd", "1993-07-07"), id: megan }],
          consents: { dataSharing: false, photographs: false },
        }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("Arlo Lloyd has attended a session, so cannot be removed");
      const family = await staff.families.get({ id });
      expect(family.postcode).toBe("HJ3 3CC");
      expect(family.members).toHaveLength(2);
    });

    it("reads another locality's family as not found", async () => {
      const id = await register("HJ4 4DD", [adult("Owen", "Rees", "1979-01-09")]);
      const error = await failure(
        callerAs(handle.db, { staff: fx.staffB }).families.update({
          id,
          siteId: fx.siteB.id,
          postcode: "HJ4 4DD",
          members: [adult("Owen", "Rees", "1979-01-09")],
          consents: { dataSharing: false, photographs: false },
        }),
      );
      expect(error.code).toBe("NOT_FOUND");
    });
  });

  describe("merging two records of one family", () => {
    let keepId: string;
    let mergeId: string;
    let sessionIds: string[];

    const attendanceRows = () =>
      handle.db
        .select({
          personId: attendances.personId,
          sessionId: attendances.sessionId,
          checkedInAt: attendances.checkedInAt,
        })
        .from(attendances)
        .orderBy(asc(attendances.checkedInAt));

    beforeAll(async () => {
      sessionIds = fx.sessions.map((s) => s.id);
      await handle.db
        .insert(targetGroups)
        .values([
          { code: "domestic_abuse", category: "parental", label: "Domestic abuse in the family" },
          { code: "young_carer", category: "child_young_person", label: "Young carer" },
        ])
        .onConflictDoNothing();

      keepId = await register("KL1 1AA", [
        adult("Amina", "Osei", "1990-04-12"),
        child("Ava", "Osei", "2022-02-02"),
        child("Kwame", "Osei", "2020-01-01"),
      ]);
      // The same family registered again at another centre, with the other twin.
      mergeId = await register(
        "KL1 1AA",
        [
          adult("AMINA", "osei", "1990-04-12"),
          child("Ella", "Osei", "2022-02-02"),
          child("Kwame", "Osei", "2020-01-01"),
        ],
        { siteId: fx.siteA2.id },
      );
      const [s1, s2, s3, s4] = fx.sessions;
      if (!s1 || !s2 || !s3 || !s4) throw new Error("sessions missing");
      const keepAmina = await personId(keepId, "Amina");
      const mergeAmina = await personId(mergeId, "AMINA");
      await attend(keepAmina, s1, "2026-01-05T10:10:00Z");
      await attend(keepAmina, s2, "2026-01-12T10:20:00Z");
      // The same session under the duplicate record, checked in earlier: this one is kept.
      await attend(mergeAmina, s2, "2026-01-12T10:02:00Z");
      await attend(mergeAmina, s3, "2026-01-19T10:03:00Z");
      await attend(await personId(mergeId, "Ella"), s3, "2026-01-19T10:03:00Z");
      await attend(await personId(keepId, "Ava"), s3, "2026-01-19T10:04:00Z");
      await attend(await personId(mergeId, "Kwame"), s4, "2026-01-26T10:00:00Z");

      const admin = callerAs(handle.db, { staff: fx.admin });
      await admin.families.issueCard({ id: mergeId });
      await handle.db.insert(targetFlags).values([
        // The same family-level flag on both records: one stays open.
        { familyId: keepId, groupCode: "domestic_abuse", source: "staff", startedOn: "2025-12-01" },
        {
          familyId: mergeId,
          groupCode: "domestic_abuse",
          source: "staff",
          startedOn: "2025-12-02",
        },
        {
          familyId: mergeId,
          personId: await personId(mergeId, "Ella"),
          groupCode: "young_carer",
          source: "staff",
          startedOn: "2025-12-03",
        },
      ]);
    });

    it("is refused to a role without family:merge, and the database is unchanged", async () => {
      const before = await attendanceRows();
      const error = await failure(
        callerAs(handle.db, { staff: fx.staffA }).families.merge({
          keepFamilyId: keepId,
          mergeFamilyId: mergeId,
        }),
      );
      expect(error.code).toBe("FORBIDDEN");
      const [merged] = await handle.db
        .select({ status: families.status, mergedIntoId: families.mergedIntoId })
        .from(families)
        .where(eq(families.id, mergeId));
      expect(merged).toEqual({ status: "active", mergedIntoId: null });
      expect(await attendanceRows()).toEqual(before);
      const mergeMembers = await handle.db
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.familyId, mergeId), isNull(people.mergedIntoId)));
      expect(mergeMembers).toHaveLength(3);
    });

    it("is refused to a locality lead of another locality as not found", async () => {
      const error = await failure(
        callerAs(handle.db, { staff: fx.leadB }).families.merge({
          keepFamilyId: keepId,
          mergeFamilyId: mergeId,
        }),
      );
      expect(error.code).toBe("NOT_FOUND");
    });

    it("shows what will happen before merging", async () => {
      const plan = await callerAs(handle.db, { staff: fx.leadA }).families.mergePreview({
        keepFamilyId: keepId,
        mergeFamilyId: mergeId,
      });
      expect(
        plan.peopleToMerge.map((p) => `${p.from.firstName}→${p.into.firstName}`).sort(),
      ).toEqual(["AMINA→Amina", "Kwame→Kwame"]);
      expect(plan.peopleToMove.map((p) => p.firstName)).toEqual(["Ella"]);
      expect(plan).toMatchObject({ attendances: 4, sameSessionClashes: 1, cards: 1, consents: 1 });
      // Two flags recorded by staff, and whatever the rules derived (a lone parent here).
      expect(plan.flags).toBeGreaterThanOrEqual(2);
    });

    it("keeps every attendance, one per session, the earliest; twins stay two people", async () => {
      const before = await attendanceRows();
      const result = await callerAs(handle.db, { staff: fx.leadA }).families.merge({
        keepFamilyId: keepId,
        mergeFamilyId: mergeId,
      });
      expect(result).toMatchObject({ keptFamilyId: keepId, removedAttendances: 1 });
      expect(result.flagsEnded).toBeGreaterThanOrEqual(1);

      const after = await attendanceRows();
      // One clash (Amina twice at session 2): everything else is still there.
      expect(after).toHaveLength(before.length - 1);
      const keepAmina = await personId(keepId, "Amina");
      const aminaSessions = after.filter((a) => a.personId === keepAmina);
      expect(aminaSessions.map((a) => sessionIds.indexOf(a.sessionId))).toEqual([0, 1, 2]);
      expect(aminaSessions[1]?.checkedInAt.toISOString()).toBe("2026-01-12T10:02:00.000Z");

      const members = await handle.db
        .select({ firstName: people.firstName, dateOfBirth: people.dateOfBirth })
        .from(people)
        .where(and(eq(people.familyId, keepId), isNull(people.mergedIntoId)))
        .orderBy(asc(people.firstName));
      expect(members.map((m) => m.firstName)).toEqual(["Amina", "Ava", "Ella", "Kwame"]);
      // Ella's and Ava's attendances are each their own.
      const ella = await personId(keepId, "Ella");
      const ava = await personId(keepId, "Ava");
      expect(after.filter((a) => a.personId === ella)).toHaveLength(1);
      expect(after.filter((a) => a.personId === ava)).toHaveLength(1);
      const kwame = await personId(keepId, "Kwame");
      expect(
        after.filter((a) => a.personId === kwame).map((a) => sessionIds.indexOf(a.sessionId)),
      ).toEqual([3]);

      const [merged] = await handle.db
        .select({ status: families.status, mergedIntoId: families.mergedIntoId })
        .from(families)
        .where(eq(families.id, mergeId));
      expect(merged).toEqual({ status: "merged", mergedIntoId: keepId });
      const [dupAmina] = await handle.db
        .select({ mergedIntoId: people.mergedIntoId })
        .from(people)
        .where(and(eq(people.familyId, mergeId), eq(people.firstName, "AMINA")));
      expect(dupAmina?.mergedIntoId).toBe(keepAmina);

      const cards = await handle.db
        .select()
        .from(familyCards)
        .where(eq(familyCards.familyId, keepId));
      expect(cards).toHaveLength(1);
      const movedConsents = await handle.db
        .select()
        .from(consents)
        .where(eq(consents.familyId, keepId));
      expect(movedConsents).toHaveLength(2);
      const flags = await handle.db
        .select({
          personId: targetFlags.personId,
          groupCode: targetFlags.groupCode,
          endedAt: targetFlags.endedAt,
          familyId: targetFlags.familyId,
        })
        .from(targetFlags)
        .where(inArray(targetFlags.groupCode, ["domestic_abuse", "young_carer"]));
      expect(flags.every((f) => f.familyId === keepId)).toBe(true);
      expect(flags.filter((f) => f.groupCode === "domestic_abuse" && !f.endedAt)).toHaveLength(1);
      expect(flags.find((f) => f.groupCode === "young_carer")?.personId).toBe(ella);

      const [audit] = await handle.db
        .select({ detail: auditEvents.detail, actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, keepId), eq(auditEvents.action, "family.merge")));
      expect(audit?.actorId).toBe(fx.leadA.id);
      expect(audit?.detail).toMatchObject({
        mergedFamilyId: mergeId,
        attendancesMoved: 3,
        peopleMoved: [ella],
      });

      // The merged record is no longer found, offered as a duplicate, or mergeable again.
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const listed = await staff.families.search({ query: "Osei" });
      expect(listed.map((f) => f.id)).toEqual([keepId]);
      expect((await staff.families.get({ id: mergeId })).status).toBe("merged");
      const dupes = await check("KL1 1AA", [
        { firstName: "Amina", lastName: "Osei", dateOfBirth: "1990-04-12" },
      ]);
      expect(dupes.map((d) => d.familyId)).toEqual([keepId]);
      const again = await failure(
        callerAs(handle.db, { staff: fx.leadA }).families.merge({
          keepFamilyId: keepId,
          mergeFamilyId: mergeId,
        }),
      );
      expect(again.code).toBe("CONFLICT");
    });

    it("folds a person written with a slip into their record, but never a twin", async () => {
      const keep = await register("KL3 3CC", [
        adult("Jonathan", "Bell", "1988-03-07"),
        child("Aiden", "Bell", "2022-01-01"),
        child("Ella", "Bell", "2022-01-01"),
      ]);
      const merge = await register("KL3 3CC", [
        adult("Jonathon", "Bell", "1988-07-03"),
        // One letter from Aiden, but Aiden has a twin: it may be the twin, so it is not merged.
        child("Aidan", "Bell", "2022-01-01"),
      ]);
      const lead = callerAs(handle.db, { staff: fx.leadA });
      const plan = await lead.families.mergePreview({ keepFamilyId: keep, mergeFamilyId: merge });
      expect(plan.peopleToMerge.map((p) => `${p.from.firstName}→${p.into.firstName}`)).toEqual([
        "Jonathon→Jonathan",
      ]);
      expect(plan.peopleToMove.map((p) => p.firstName)).toEqual(["Aidan"]);
      await lead.families.merge({ keepFamilyId: keep, mergeFamilyId: merge });
      const members = await handle.db
        .select({ firstName: people.firstName })
        .from(people)
        .where(and(eq(people.familyId, keep), isNull(people.mergedIntoId)))
        .orderBy(asc(people.firstName));
      expect(members.map((m) => m.firstName)).toEqual(["Aidan", "Aiden", "Ella", "Jonathan"]);
    });

    it("keeps the count of attendances when no session clashes", async () => {
      const a = await register("KL2 2BB", [
        adult("Dean", "Marsh", "1985-05-15"),
        child("Otis", "Marsh", "2021-06-16"),
      ]);
      const b = await register("KL2 2BB", [
        adult("Dean", "Marsh", "1985-05-15"),
        child("Otis", "Marsh", "2021-06-16"),
      ]);
      const [s1, s2] = fx.sessions;
      if (!s1 || !s2) throw new Error("sessions missing");
      await attend(await personId(a, "Otis"), s1, "2026-01-05T11:00:00Z");
      await attend(await personId(b, "Otis"), s2, "2026-01-12T11:00:00Z");
      await attend(await personId(b, "Dean"), s2, "2026-01-12T11:00:00Z");
      const before = await countOf(attendances);
      await callerAs(handle.db, { staff: fx.admin }).families.merge({
        keepFamilyId: a,
        mergeFamilyId: b,
      });
      expect(await countOf(attendances)).toBe(before);
      const otis = await personId(a, "Otis");
      const [row] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.personId, otis));
      expect(row?.n).toBe(2);
    });
  });
});
