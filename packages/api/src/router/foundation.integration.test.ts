import { type DatabaseHandle, hashSecret, kioskForCredential } from "@familyhub/db";
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
  kiosks,
  type people,
} from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { randomUUID } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

const NOT_RECOGNISED = "This card is not recognised — please ask a member of staff";

describe.each(testDatabaseKinds())("the foundation journey on %s", (kind) => {
  let handle: DatabaseHandle;
  let fx: {
    siteA: { id: string; name: string };
    siteB: { id: string; name: string };
    sessionA: { id: string };
    sessionB: { id: string };
    admin: StaffUser;
    staffA: StaffUser;
    staffB: StaffUser;
    viewer: StaffUser;
  };

  const familyInput = () => ({
    siteId: fx.siteA.id,
    postcode: "ub8 1uw",
    members: [
      { firstName: "Amina", lastName: "Okafor", dateOfBirth: "1990-04-12", role: "adult" as const },
      { firstName: "Tunde", lastName: "Okafor", dateOfBirth: "1988-11-02", role: "adult" as const },
      { firstName: "Zara", lastName: "Okafor", dateOfBirth: "2022-06-30", role: "child" as const },
      { firstName: "Kemi", lastName: "Okafor", dateOfBirth: "24/01/2025", role: "child" as const },
    ],
    consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true as const } },
    // The same family is registered in several tests on purpose: staff have seen the duplicates.
    duplicatesReviewed: true,
  });

  const countRows = async (table: typeof families | typeof attendances | typeof people) => {
    const [row] = await handle.db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    const north = await makeLocality(db, "North");
    const south = await makeLocality(db, "South");
    const siteA = await makeSite(db, { localityId: north.id, name: "Oak Tree Children's Centre" });
    const siteB = await makeSite(db, { localityId: south.id, name: "Riverside Family Hub" });
    const programme = await makeProgramme(db, "Stay and Play");
    const sessionA = await makeSession(db, { siteId: siteA.id, programmeId: programme.id });
    const sessionB = await makeSession(db, { siteId: siteB.id, programmeId: programme.id });
    fx = {
      siteA,
      siteB,
      sessionA,
      sessionB,
      admin: await makeStaff(db, { role: "administrator" }),
      staffA: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
      staffB: await makeStaff(db, { role: "centre_staff", localityId: south.id }),
      viewer: await makeStaff(db, { role: "viewer" }),
    };
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("registers a family of four with consent, and audits it", async () => {
    const staff = callerAs(handle.db, { staff: fx.staffA });
    const { id } = await staff.families.create(familyInput());

    const family = await staff.families.get({ id });
    expect(family.surname).toBe("Okafor");
    expect(family.postcode).toBe("UB8 1UW");
    expect(family.members.map((m) => m.firstName).sort()).toEqual([
      "Amina",
      "Kemi",
      "Tunde",
      "Zara",
    ]);
    expect(family.members.find((m) => m.firstName === "Kemi")?.dateOfBirth).toBe("2025-01-24");
    const stored = await handle.db.select().from(consents).where(eq(consents.familyId, id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.version).toBe(PRIVACY_NOTICE_VERSION);
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["family.create", "family.read"]),
    );
  });

  it("rejects a wrong shape with a message naming the field, and writes nothing", async () => {
    const before = await countRows(families);
    const input = familyInput();
    const bad = {
      ...input,
      members: [{ ...input.members[0], dateOfBirth: "31/02/2019" }, ...input.members.slice(1)],
    };
    const error = await failure(
      callerAs(handle.db, { staff: fx.staffA }).families.create(bad as typeof input),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("members.0.dateOfBirth");
    expect(error.message).toContain("'31/02/2019' is not a date");
    expect(await countRows(families)).toBe(before);
  });

  it("refuses a role without the permission, and nothing changes", async () => {
    const before = await countRows(families);
    const error = await failure(
      callerAs(handle.db, { staff: fx.viewer }).families.create(familyInput()),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(await countRows(families)).toBe(before);
  });

  it("refuses the signed-out and kiosks at staff procedures", async () => {
    expect((await failure(callerAs(handle.db).families.search({ query: "" }))).code).toBe(
      "UNAUTHORIZED",
    );
    const kiosk = { id: randomUUID(), siteId: fx.siteA.id, name: "Door" };
    expect(
      (await failure(callerAs(handle.db, { kiosk }).families.search({ query: "" }))).code,
    ).toBe("UNAUTHORIZED");
  });

  it("hides another locality's family as not found, and its staff cannot register there", async () => {
    const { id } = await callerAs(handle.db, { staff: fx.staffA }).families.create(familyInput());
    const other = callerAs(handle.db, { staff: fx.staffB });
    expect((await failure(other.families.get({ id }))).code).toBe("NOT_FOUND");
    expect((await other.families.search({ query: "Okafor" })).map((f) => f.id)).not.toContain(id);
    const before = await countRows(families);
    expect((await failure(other.families.create(familyInput()))).code).toBe("NOT_FOUND");
    expect(await countRows(families)).toBe(before);
  });

  describe("a card, a kiosk and a check-in", () => {
    let familyId: string;
    let token: string;
    let credential: string;

    beforeAll(async () => {
      const staff = callerAs(handle.db, { staff: fx.staffA });
      familyId = (await staff.families.create(familyInput())).id;
      const card = await staff.families.issueCard({ id: familyId });
      token = card.token;
      expect(card.qrSvg).toContain("<svg");
      const admin = callerAs(handle.db, { staff: fx.admin });
      const kiosk = await admin.kiosks.create({ siteId: fx.siteA.id, name: "Front door" });
      credential = (await callerAs(handle.db).kiosk.pair({ code: kiosk.pairingCode.toLowerCase() }))
        .credential;
    });

    const kioskCaller = async () => {
      const kiosk = await kioskForCredential(handle.db, credential);
      if (!kiosk) throw new Error("kiosk not paired");
      return callerAs(handle.db, { kiosk });
    };

    it("stores only a hash of the card token and of the kiosk credential", async () => {
      const cards = await handle.db
        .select()
        .from(familyCards)
        .where(eq(familyCards.familyId, familyId));
      expect(cards[0]?.tokenHash).toBe(hashSecret(token));
      expect(JSON.stringify(cards)).not.toContain(token);
      expect(token).toMatch(/^FH1-[A-Za-z0-9_-]{24}$/);
      const rows = await handle.db.select().from(kiosks);
      expect(JSON.stringify(rows)).not.toContain(credential);
    });

    it("only staff with kiosk:manage create kiosks", async () => {
      const error = await failure(
        callerAs(handle.db, { staff: fx.staffA }).kiosks.create({
          siteId: fx.siteA.id,
          name: "Sneaky",
        }),
      );
      expect(error.code).toBe("FORBIDDEN");
      const [row] = await handle.db
        .select({ n: count() })
        .from(kiosks)
        .where(eq(kiosks.name, "Sneaky"));
      expect(row?.n).toBe(0);
    });

    it("a pairing code works once", async () => {
      const admin = callerAs(handle.db, { staff: fx.admin });
      const kiosk = await admin.kiosks.create({ siteId: fx.siteA.id, name: "Side door" });
      await callerAs(handle.db).kiosk.pair({ code: kiosk.pairingCode });
      expect(
        (await failure(callerAs(handle.db).kiosk.pair({ code: kiosk.pairingCode }))).code,
      ).toBe("NOT_FOUND");
    });

    it("shows today's sessions at the kiosk's own site only", async () => {
      const sessions = await (await kioskCaller()).kiosk.today();
      expect(sessions.map((s) => s.id)).toEqual([fx.sessionA.id]);
    });

    it("shows first names only after a scan", async () => {
      const result = await (
        await kioskCaller()
      ).kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: ` ${token}\n` });
      expect(result.members.map((m) => m.firstName).sort()).toEqual([
        "Amina",
        "Kemi",
        "Tunde",
        "Zara",
      ]);
      const text = JSON.stringify(result);
      for (const secret of ["Okafor", "UB8", "1990-04-12", "2022-06-30"])
        expect(text).not.toContain(secret);
    });

    it("checks people in once; a second scan says already checked in", async () => {
      const kiosk = await kioskCaller();
      const { members } = await kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: token });
      const ids = members.filter((m) => m.firstName !== "Tunde").map((m) => m.id);
      const first = await kiosk.kiosk.checkIn({
        checkInId: randomUUID(),
        sessionId: fx.sessionA.id,
        cardCode: token,
        personIds: ids,
      });
      expect(first.checkedIn.map((m) => m.firstName).sort()).toEqual(["Amina", "Kemi", "Zara"]);
      expect(first.alreadyCheckedIn).toEqual([]);

      const again = await kiosk.kiosk.checkIn({
        checkInId: randomUUID(),
        sessionId: fx.sessionA.id,
        cardCode: token,
        personIds: ids,
      });
      expect(again.checkedIn).toEqual([]);
      expect(again.alreadyCheckedIn.map((m) => m.firstName).sort()).toEqual([
        "Amina",
        "Kemi",
        "Zara",
      ]);
      const after = await kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: token });
      expect(
        after.members
          .filter((m) => m.checkedIn)
          .map((m) => m.firstName)
          .sort(),
      ).toEqual(["Amina", "Kemi", "Zara"]);

      const [row] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.sessionId, fx.sessionA.id));
      expect(row?.n).toBe(3);
    });

    it("a replayed check-in id returns the first answer and adds nothing", async () => {
      const kiosk = await kioskCaller();
      const { members } = await kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: token });
      const tunde = members.filter((m) => m.firstName === "Tunde").map((m) => m.id);
      const checkInId = randomUUID();
      const input = { checkInId, sessionId: fx.sessionA.id, cardCode: token, personIds: tunde };
      const first = await kiosk.kiosk.checkIn(input);
      const replay = await kiosk.kiosk.checkIn(input);
      expect(replay).toEqual(first);
      expect(first.checkedIn.map((m) => m.firstName)).toEqual(["Tunde"]);
      const [row] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.checkInId, checkInId));
      expect(row?.n).toBe(1);
    });

    it("the register shows who came, when and through which kiosk", async () => {
      const register = await callerAs(handle.db, { staff: fx.staffA }).sessions.register({
        id: fx.sessionA.id,
      });
      expect(register.attendances).toHaveLength(4);
      expect(new Set(register.attendances.map((a) => a.kioskName))).toEqual(
        new Set(["Front door"]),
      );
      expect(
        register.attendances.every((a) => a.checkedInAt instanceof Date && a.method === "kiosk"),
      ).toBe(true);
      expect(
        (
          await failure(
            callerAs(handle.db, { staff: fx.staffB }).sessions.register({ id: fx.sessionA.id }),
          )
        ).code,
      ).toBe("NOT_FOUND");
    });

    it("a kiosk for site A cannot check anyone in to a session at site B", async () => {
      const kiosk = await kioskCaller();
      const { members } = await kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: token });
      const error = await failure(
        kiosk.kiosk.checkIn({
          checkInId: randomUUID(),
          sessionId: fx.sessionB.id,
          cardCode: token,
          personIds: members.map((m) => m.id),
        }),
      );
      expect(error.code).toBe("NOT_FOUND");
      const [row] = await handle.db
        .select({ n: count() })
        .from(attendances)
        .where(eq(attendances.sessionId, fx.sessionB.id));
      expect(row?.n).toBe(0);
    });

    it("an unknown, malformed or revoked card is 'not recognised'", async () => {
      const kiosk = await kioskCaller();
      for (const cardCode of [
        "FH1-AAAAAAAAAAAAAAAAAAAAAAAA",
        "hello",
        "https://example.com/?q=1",
        "",
        "FH1-' or 1=1 --",
      ]) {
        const error = await failure(kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode }));
        expect(error).toEqual({ code: "NOT_FOUND", message: NOT_RECOGNISED });
      }
      const staff = callerAs(handle.db, { staff: fx.staffA });
      const reissued = await staff.families.issueCard({ id: familyId });
      const revoked = await failure(
        kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: token }),
      );
      expect(revoked).toEqual({ code: "NOT_FOUND", message: NOT_RECOGNISED });
      await staff.families.revokeCard({ id: reissued.cardId });
      const error = await failure(
        kiosk.kiosk.lookup({ sessionId: fx.sessionA.id, cardCode: reissued.token }),
      );
      expect(error.message).toBe(NOT_RECOGNISED);
      token = (await staff.families.issueCard({ id: familyId })).token;
    });

    it("a revoked kiosk's credential stops working", async () => {
      const admin = callerAs(handle.db, { staff: fx.admin });
      const made = await admin.kiosks.create({ siteId: fx.siteA.id, name: "To revoke" });
      const { credential: cred } = await callerAs(handle.db).kiosk.pair({ code: made.pairingCode });
      expect(await kioskForCredential(handle.db, cred)).not.toBeNull();
      await admin.kiosks.revoke({ id: made.id });
      expect(await kioskForCredential(handle.db, cred)).toBeNull();
    });
  });

  it("the database refuses to change or delete audit rows", async () => {
    const [before] = await handle.db.select({ n: count() }).from(auditEvents);
    expect(before?.n).toBeGreaterThan(0);
    await expect(handle.db.execute(sql`update audit_events set action = 'x'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    const [after] = await handle.db.select({ n: count() }).from(auditEvents);
    expect(after?.n).toBe(before?.n);
  });
});
