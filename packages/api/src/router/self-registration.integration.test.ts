import { type DatabaseHandle, kioskForCredential } from "@familyhub/db";
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
  sites,
  targetFlags,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { PRIVACY_NOTICE_VERSION, type SelfRegistrationInput } from "@familyhub/validators";
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

const registration = (lastName: string, firstNames = ["Amina", "Zara"]): SelfRegistrationInput => ({
  postcode: "ub8 1uw",
  phone: "07700 900 123",
  email: "",
  members: [
    { firstName: firstNames[0] ?? "Amina", lastName, role: "adult", dateOfBirth: "1990-04-12" },
    { firstName: firstNames[1] ?? "Zara", lastName, role: "child", dateOfBirth: "30/06/2022" },
  ],
  consents: {
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true },
    dataSharing: true,
  },
});

describe.each(testDatabaseKinds())("self-registration on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteA: { id: string; code: string };
    siteB: { id: string; code: string };
    sessionA: { id: string };
    admin: StaffUser;
    staffA: StaffUser;
    staffB: StaffUser;
    viewer: StaffUser;
    credential: string;
  };

  const kioskCaller = async () => {
    const kiosk = await kioskForCredential(handle.db, fx.credential);
    if (!kiosk) throw new Error("kiosk not paired");
    return callerAs(handle.db, { kiosk });
  };
  const familyRow = async (id: string) => {
    const [row] = await handle.db.select().from(families).where(eq(families.id, id));
    if (!row) throw new Error("no family");
    return row;
  };
  const countFamilies = async () => {
    const [row] = await handle.db.select({ n: count() }).from(families);
    return row?.n ?? 0;
  };
  /** The newest pending family with this surname, as staff of site A's locality see it. */
  const pendingId = async (surname: string) => {
    const list = await callerAs(handle.db, { staff: fx.staffA }).selfRegistration.pending();
    const found = list.filter((f) => f.surname === surname).at(-1);
    if (!found) throw new Error(`no pending ${surname}`);
    return found.id;
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    const a = await makeSite(db, { localityId: north.id, name: "Oak Tree Children's Centre" });
    const b = await makeSite(db, { localityId: south.id, name: "Riverside Family Hub" });
    const codeOf = async (id: string) => {
      const [row] = await db.select({ code: sites.code }).from(sites).where(eq(sites.id, id));
      return row?.code ?? "";
    };
    const programme = await makeProgramme(db, "Stay and Play");
    const admin = await makeStaff(db, { role: "administrator" });
    const kiosk = await callerAs(db, { staff: admin }).kiosks.create({
      siteId: a.id,
      name: "Front door",
    });
    const paired = await callerAs(db).kiosk.pair({ code: kiosk.pairingCode });
    fx = {
      siteA: { id: a.id, code: await codeOf(a.id) },
      siteB: { id: b.id, code: await codeOf(b.id) },
      sessionA: await makeSession(db, { siteId: a.id, programmeId: programme.id }),
      admin,
      staffA: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      staffB: await makeStaff(db, { role: "centre_staff", localityId: south.id }),
      viewer: await makeStaff(db, { role: "viewer" }),
      credential: paired.credential,
    };
  });

  afterAll(async () => {
    await handle?.close();
  });

  describe("at the kiosk", () => {
    it("holds the family as pending at the kiosk's own site and answers nothing about it", async () => {
      const answer = await (await kioskCaller()).kiosk.selfRegister(registration("Okafor"));
      expect(answer).toEqual({ received: true });

      const id = await pendingId("Okafor");
      const row = await familyRow(id);
      expect(row).toMatchObject({
        status: "pending",
        registeredSiteId: fx.siteA.id,
        postcode: "UB8 1UW",
        phone: "07700900123",
        email: null,
        verifiedAt: null,
        registeredBy: null,
      });
      expect(row.selfRegisteredAt).toBeInstanceOf(Date);
      const members = await handle.db.select().from(people).where(eq(people.familyId, id));
      expect(members.map((m) => [m.firstName, m.dateOfBirth]).sort()).toEqual([
        ["Amina", "1990-04-12"],
        ["Zara", "2022-06-30"],
      ]);
      const given = await handle.db.select().from(consents).where(eq(consents.familyId, id));
      expect(given.map((c) => c.kind).sort()).toEqual(["data_sharing", "privacy_notice"]);
      expect(given.every((c) => c.version === PRIVACY_NOTICE_VERSION)).toBe(true);
      const [event] = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "family.self_register")));
      expect(event).toMatchObject({ actorType: "kiosk", detail: { via: "kiosk" } });
    });

    it("takes a baby on the way with a due date, and refuses a person with no date", async () => {
      const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
      const input = registration("Mensah");
      const kiosk = await kioskCaller();
      await kiosk.kiosk.selfRegister({
        ...input,
        members: [
          ...input.members,
          { firstName: "Baby", lastName: "Mensah", role: "child", expectedDueDate: due },
        ],
      });
      const [baby] = await handle.db
        .select()
        .from(people)
        .where(and(eq(people.firstName, "Baby"), eq(people.lastName, "Mensah")));
      expect(baby).toMatchObject({ dateOfBirth: null, expectedDueDate: due });

      const before = await countFamilies();
      const error = await failure(
        kiosk.kiosk.selfRegister({
          ...input,
          members: [...input.members, { firstName: "Kemi", lastName: "Mensah", role: "child" }],
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe(
        "members.2.dateOfBirth: Enter the date of birth, or an expected due date for a baby not yet born",
      );
      expect(await countFamilies()).toBe(before);
    });

    it("refuses a device that is not a paired kiosk, and refuses a kiosk anything of staff's", async () => {
      const before = await countFamilies();
      expect((await failure(callerAs(handle.db).kiosk.selfRegister(registration("X")))).code).toBe(
        "UNAUTHORIZED",
      );
      expect(await countFamilies()).toBe(before);
      const kiosk = await kioskCaller();
      expect((await failure(kiosk.selfRegistration.pending())).code).toBe("UNAUTHORIZED");
    });
  });

  describe("on a phone, from the poster", () => {
    it("names the centre of a poster's code, in any case", async () => {
      const site = await callerAs(handle.db).selfRegistration.site({
        siteCode: ` ${fx.siteB.code.toLowerCase()} `,
      });
      expect(site).toEqual({ code: fx.siteB.code, name: "Riverside Family Hub" });
    });

    it("holds the family as pending at the poster's centre, without sign-in", async () => {
      const answer = await callerAs(handle.db).selfRegistration.submit({
        siteCode: fx.siteB.code,
        ...registration("Phiri", ["Grace", "Tendai"]),
      });
      expect(answer).toEqual({ received: true, siteName: "Riverside Family Hub" });
      const list = await callerAs(handle.db, { staff: fx.staffB }).selfRegistration.pending();
      const phiri = list.find((f) => f.surname === "Phiri");
      expect(phiri).toMatchObject({ siteName: "Riverside Family Hub", via: "phone" });
      expect(phiri?.members.map((m) => m.firstName)).toEqual(["Grace", "Tendai"]);
      const [event] = await handle.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.entityId, phiri?.id ?? ""),
            eq(auditEvents.action, "family.self_register"),
          ),
        );
      expect(event).toMatchObject({ actorType: "system", actorId: null, ip: "127.0.0.1" });
    });

    it("says plainly when the centre's code is unknown, and writes nothing", async () => {
      const before = await countFamilies();
      const error = await failure(
        callerAs(handle.db).selfRegistration.submit({ siteCode: "NOPE1", ...registration("Lost") }),
      );
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe(
        "We don't know a centre with the code 'NOPE1'. Check the address on the poster, or ask at the centre's reception.",
      );
      expect(
        (await failure(callerAs(handle.db).selfRegistration.site({ siteCode: "x" }))).code,
      ).toBe("NOT_FOUND");
      expect(await countFamilies()).toBe(before);
    });

    it("checks the answers with the shared schema: the privacy notice must be agreed", async () => {
      const before = await countFamilies();
      const input = registration("Refused");
      const error = await failure(
        callerAs(handle.db).selfRegistration.submit({
          siteCode: fx.siteA.code,
          ...input,
          postcode: "nope",
          consents: {
            privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: false as unknown as true },
          },
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain("'nope' is not a UK postcode");
      expect(error.message).toContain("The family must agree to the privacy notice");
      expect(await countFamilies()).toBe(before);
    });
  });

  describe("the queue for staff", () => {
    it("lists and counts a locality's pending families only, and others read as not found", async () => {
      const id = await pendingId("Okafor");
      const a = callerAs(handle.db, { staff: fx.staffA });
      const b = callerAs(handle.db, { staff: fx.staffB });
      expect((await a.selfRegistration.pending()).map((f) => f.id)).toContain(id);
      expect((await b.selfRegistration.pending()).map((f) => f.id)).not.toContain(id);
      expect(await a.selfRegistration.pendingCount()).toBeGreaterThanOrEqual(2);
      expect(await b.selfRegistration.pendingCount()).toBe(1);

      const okafor = await a.selfRegistration.get({ id });
      expect(okafor).toMatchObject({ via: "kiosk", siteName: "Oak Tree Children's Centre" });
      expect(okafor.consents).toMatchObject({ dataSharing: true, photographs: false });

      expect((await failure(b.selfRegistration.get({ id }))).code).toBe("NOT_FOUND");
      const accept = await failure(
        b.selfRegistration.accept({
          id,
          memberIds: okafor.members.map((m) => m.id),
          registration: registration("Okafor"),
        }),
      );
      expect(accept.code).toBe("NOT_FOUND");
      expect(
        (await failure(b.selfRegistration.reject({ id, reason: "not_a_registration" }))).code,
      ).toBe("NOT_FOUND");
      // Read again: nothing about the family changed.
      expect(await familyRow(id)).toMatchObject({ status: "pending", verifiedAt: null });
    });

    it("is for staff who register families only", async () => {
      const viewer = callerAs(handle.db, { staff: fx.viewer });
      expect((await failure(viewer.selfRegistration.pending())).code).toBe("FORBIDDEN");
      expect((await failure(callerAs(handle.db).selfRegistration.pending())).code).toBe(
        "UNAUTHORIZED",
      );
    });

    it("refuses a card for a pending family, so it can never check in", async () => {
      const id = await pendingId("Okafor");
      const error = await failure(
        callerAs(handle.db, { staff: fx.staffA }).families.issueCard({ id }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(
        'This family\'s registration has not been checked yet. Accept it on the "Waiting to be checked" page first, then issue a card.',
      );
      const cards = await handle.db.select().from(familyCards).where(eq(familyCards.familyId, id));
      expect(cards).toHaveLength(0);
    });

    it("shows families already known that it may be (tell us once)", async () => {
      // Staff registered the Osei family before; they then registered themselves at the kiosk.
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const known = await staff.families.create({
        siteId: fx.siteA.id,
        postcode: "UB8 1UW",
        members: [
          { firstName: "Kwame", lastName: "Osei", role: "adult", dateOfBirth: "1985-02-01" },
          { firstName: "Ama", lastName: "Osei", role: "child", dateOfBirth: "2021-09-09" },
        ],
        consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
      });
      await (
        await kioskCaller()
      ).kiosk.selfRegister({
        ...registration("Osei"),
        members: [
          { firstName: "kwame", lastName: "OSEI", role: "adult", dateOfBirth: "1985-02-01" },
          { firstName: "Ama", lastName: "Osei", role: "child", dateOfBirth: "2021-09-09" },
        ],
      });
      const id = await pendingId("OSEI");
      const pending = await staff.selfRegistration.get({ id });
      expect(pending.duplicates.map((d) => d.familyId)).toContain(known.id);
      expect(pending.duplicates.map((d) => d.familyId)).not.toContain(id);

      // "This is an existing family": the pending one is closed into it, nothing is deleted.
      const closed = await staff.selfRegistration.reject({
        id,
        reason: "existing_family",
        existingFamilyId: known.id,
      });
      expect(closed).toEqual({ id, mergedIntoId: known.id });
      const row = await familyRow(id);
      expect(row).toMatchObject({
        status: "merged",
        mergedIntoId: known.id,
        verifiedBy: fx.staffA.id,
      });
      expect(await handle.db.select().from(people).where(eq(people.familyId, id))).toHaveLength(2);
      expect((await failure(staff.selfRegistration.get({ id }))).code).toBe("NOT_FOUND");
      expect((await failure(staff.families.issueCard({ id }))).code).toBe("CONFLICT");
    });

    it("closes a registration that was not a real one, and only into a family staff may open", async () => {
      await callerAs(handle.db).selfRegistration.submit({
        siteCode: fx.siteA.code,
        ...registration("Prank", ["Mickey", "Minnie"]),
      });
      const id = await pendingId("Prank");
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const phiri = (await callerAs(handle.db, { staff: fx.staffB }).selfRegistration.pending())[0];
      const elsewhere = await failure(
        staff.selfRegistration.reject({
          id,
          reason: "existing_family",
          existingFamilyId: phiri?.id ?? "",
        }),
      );
      expect(elsewhere.code).toBe("BAD_REQUEST");
      await staff.selfRegistration.reject({ id, reason: "not_a_registration" });
      expect(await familyRow(id)).toMatchObject({ status: "merged", mergedIntoId: null });
      const [event] = await handle.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "family.reject")));
      expect(event?.detail).toEqual({ reason: "not_a_registration", mergedIntoId: null });
    });

    it("accepts a family with staff's corrections: active, verified, flags derived, audited", async () => {
      const id = await pendingId("Okafor");
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const pending = await staff.selfRegistration.get({ id });
      const amina = pending.members.find((m) => m.firstName === "Amina");
      const zara = pending.members.find((m) => m.firstName === "Zara");
      if (!amina || !zara) throw new Error("members missing");
      const corrected = registration("Okafor", ["Amina", "Zara"]);
      await staff.selfRegistration.accept({
        id,
        memberIds: [amina.id, zara.id],
        registration: {
          ...corrected,
          members: [
            { ...corrected.members[0], firstName: "Amina", lastName: "Okafor", role: "adult" },
            // The family typed the day and month the wrong way round.
            { firstName: "Zara", lastName: "Okafor", role: "child", dateOfBirth: "2022-07-06" },
          ],
          consents: { ...corrected.consents, dataSharing: false, photographs: true },
        },
      });

      const row = await familyRow(id);
      expect(row).toMatchObject({ status: "active", verifiedBy: fx.staffA.id });
      expect(row.verifiedAt).toBeInstanceOf(Date);
      const [child] = await handle.db.select().from(people).where(eq(people.id, zara.id));
      expect(child?.dateOfBirth).toBe("2022-07-06");
      const open = await handle.db
        .select({ kind: consents.kind })
        .from(consents)
        .where(and(eq(consents.familyId, id), isNull(consents.withdrawnAt)));
      expect(open.map((c) => c.kind).sort()).toEqual(["photographs", "privacy_notice"]);
      // One adult and a child: the lone parent rule applies once staff have accepted them.
      const flags = await handle.db
        .select()
        .from(targetFlags)
        .where(and(eq(targetFlags.familyId, id), isNull(targetFlags.endedAt)));
      expect(flags.map((f) => [f.groupCode, f.source])).toContainEqual(["lone_parent", "rule"]);
      const actions = (
        await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, id))
      ).map((e) => e.action);
      expect(actions).toContain("family.accept");

      // Accepted once: a second accept finds nothing waiting.
      expect(
        (
          await failure(
            staff.selfRegistration.accept({
              id,
              memberIds: [amina.id, zara.id],
              registration: corrected,
            }),
          )
        ).code,
      ).toBe("NOT_FOUND");
      expect((await staff.selfRegistration.pending()).map((f) => f.id)).not.toContain(id);
    });

    it("refuses corrections that do not match the stored people, changing nothing", async () => {
      const id = await pendingId("Mensah");
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const pending = await staff.selfRegistration.get({ id });
      const error = await failure(
        staff.selfRegistration.accept({
          id,
          memberIds: pending.members.slice(0, 2).map((m) => m.id),
          registration: registration("Mensah"),
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(await familyRow(id)).toMatchObject({ status: "pending" });
    });

    it("once accepted and given a card, the family checks in at the kiosk", async () => {
      const [okafor] = await handle.db
        .select({ id: families.id })
        .from(families)
        .where(and(eq(families.surname, "Okafor"), eq(families.status, "active")));
      if (!okafor) throw new Error("no accepted family");
      const card = await callerAs(handle.db, { staff: fx.staffA }).families.issueCard({
        id: okafor.id,
      });
      const kiosk = await kioskCaller();
      const found = await kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: card.token });
      expect(found.members.map((m) => m.firstName).sort()).toEqual(["Amina", "Zara"]);
      const result = await kiosk.kiosk.checkIn({
        checkInId: crypto.randomUUID(),
        sessionId: fx.sessionA.id,
        cardCode: card.token,
        personIds: found.members.map((m) => m.id),
      });
      expect(result.checkedIn).toHaveLength(2);
      const [row] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.sessionId, fx.sessionA.id));
      expect(row?.n).toBe(2);
    });
  });

  describe("the QR poster", () => {
    it("gives an administrator the QR code of a centre's join page", async () => {
      const poster = await callerAs(handle.db, { staff: fx.admin }).selfRegistration.poster({
        siteId: fx.siteA.id,
        origin: "https://familyhub.example.gov.uk/admin/pending",
      });
      expect(poster.siteName).toBe("Oak Tree Children's Centre");
      expect(poster.url).toBe(`https://familyhub.example.gov.uk/kiosk/join/${fx.siteA.code}`);
      expect(poster.qrSvg).toMatch(/^<svg/);
      const staff = callerAs(handle.db, { staff: fx.staffA });
      expect(
        (
          await failure(
            staff.selfRegistration.poster({ siteId: fx.siteA.id, origin: "https://x.test" }),
          )
        ).code,
      ).toBe("FORBIDDEN");
    });
  });
});
