// The kiosk's server side beyond the foundation: check-ins kept offline (for a family, flagged for
// staff, exactly once however they arrive), the heartbeat staff see, staff PINs (slow hash,
// back-off, locality) and "I've forgotten my card".
import { type DatabaseHandle, kioskForCredential } from "@familyhub/db";
import {
  makeLocality,
  makeProgramme,
  makeSession,
  makeSite,
  makeStaff,
} from "@familyhub/db/factories";
import { attendances, auditEvents, kiosks, programmes, staffKioskPins } from "@familyhub/db/schema";
import { createTestDatabase, testDatabaseKinds } from "@familyhub/db/testing";
import { PRIVACY_NOTICE_VERSION } from "@familyhub/validators";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, failure } from "../helpers.test-utils";
import type { StaffUser } from "../trpc";

describe.each(testDatabaseKinds())(
  "the kiosk's offline outbox, heartbeat and PINs on %s",
  (kind) => {
    let handle: DatabaseHandle;
    let fx: {
      siteA: { id: string };
      siteB: { id: string };
      stayAndPlay: { id: string };
      youthClub: { id: string };
      sessionB: { id: string };
      admin: StaffUser;
      staffA: StaffUser;
      staffB: StaffUser;
    };
    let token: string;
    let familyId: string;
    let credential: string;
    let secondCredential: string;

    const kioskCaller = async (cred = credential) => {
      const kiosk = await kioskForCredential(handle.db, cred);
      if (!kiosk) throw new Error("kiosk not paired");
      return callerAs(handle.db, { kiosk }).kiosk;
    };

    const attendanceRows = (sessionId: string) =>
      handle.db
        .select({
          personId: attendances.personId,
          unconfirmed: attendances.unconfirmed,
          checkInId: attendances.checkInId,
          id: attendances.id,
        })
        .from(attendances)
        .where(eq(attendances.sessionId, sessionId));

    beforeAll(async () => {
      handle = await createTestDatabase(kind);
      const db = handle.db;
      const north = await makeLocality(db, "North");
      const south = await makeLocality(db, "South");
      const siteA = await makeSite(db, { localityId: north.id });
      const siteB = await makeSite(db, { localityId: south.id });
      const programme = await makeProgramme(db);
      const youth = await makeProgramme(db, `Youth Club ${randomUUID().slice(0, 4)}`);
      await db
        .update(programmes)
        .set({ minAgeMonths: 132, maxAgeMonths: 228 })
        .where(eq(programmes.id, youth.id));
      fx = {
        siteA,
        siteB,
        stayAndPlay: await makeSession(db, { siteId: siteA.id, programmeId: programme.id }),
        youthClub: await makeSession(db, { siteId: siteA.id, programmeId: youth.id, hour: 18 }),
        sessionB: await makeSession(db, { siteId: siteB.id, programmeId: programme.id }),
        admin: await makeStaff(db, { role: "administrator" }),
        staffA: await makeStaff(db, { role: "centre_staff", localityId: north.id }),
        staffB: await makeStaff(db, { role: "centre_staff", localityId: south.id }),
      };
      const staff = callerAs(db, { staff: fx.staffA });
      familyId = (
        await staff.families.create({
          siteId: siteA.id,
          postcode: "ub8 1uw",
          members: [
            { firstName: "Amina", lastName: "Okafor", dateOfBirth: "1990-04-12", role: "adult" },
            { firstName: "Zara", lastName: "Okafor", dateOfBirth: "2023-06-30", role: "child" },
            { firstName: "Dayo", lastName: "Okafor", dateOfBirth: "2012-02-01", role: "child" },
          ],
          consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
          duplicatesReviewed: true,
        })
      ).id;
      token = (await staff.families.issueCard({ id: familyId })).token;
      const admin = callerAs(db, { staff: fx.admin });
      const made = await admin.kiosks.create({ siteId: siteA.id, name: "Front door" });
      credential = (await callerAs(db).kiosk.pair({ code: made.pairingCode })).credential;
      const second = await admin.kiosks.create({ siteId: siteA.id, name: "Side door" });
      secondCredential = (await callerAs(db).kiosk.pair({ code: second.pairingCode })).credential;
    });

    afterAll(async () => {
      await handle?.close();
    });

    it("pre-ticks the members a session suits by age: the under-fives and their grown-ups", async () => {
      const kiosk = await kioskCaller();
      const { members } = await kiosk.lookup({ sessionId: fx.stayAndPlay.id, cardCode: token });
      const eligible = Object.fromEntries(members.map((m) => [m.firstName, m.eligible]));
      expect(eligible).toEqual({ Amina: true, Zara: true, Dayo: false });
      const youth = await kiosk.lookup({ sessionId: fx.youthClub.id, cardCode: token });
      expect(Object.fromEntries(youth.members.map((m) => [m.firstName, m.eligible]))).toEqual({
        Amina: false,
        Zara: false,
        Dayo: true,
      });
    });

    it("an offline check-in marks the eligible members, flagged for staff, at the time scanned", async () => {
      const kiosk = await kioskCaller();
      const scannedAt = new Date(Date.now() - 20 * 60_000);
      const input = {
        checkInId: randomUUID(),
        sessionId: fx.stayAndPlay.id,
        cardCode: token,
        scannedAt,
      };
      const first = await kiosk.checkInFamily(input);
      expect(first).toEqual({ recorded: 2, replayed: false });
      // A replay, a duplicate delivery and a reply lost after the commit: all the same id.
      const again = await Promise.all([kiosk.checkInFamily(input), kiosk.checkInFamily(input)]);
      expect(again.every((r) => r.replayed)).toBe(true);
      const rows = await attendanceRows(fx.stayAndPlay.id);
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.unconfirmed && r.checkInId === input.checkInId)).toBe(true);
      const [stored] = await handle.db
        .select({ at: attendances.checkedInAt })
        .from(attendances)
        .where(eq(attendances.sessionId, fx.stayAndPlay.id));
      expect(stored?.at.getTime()).toBe(scannedAt.getTime());
    });

    it("a second kiosk scanning the same card, online or offline, adds no attendance", async () => {
      const other = await kioskCaller(secondCredential);
      await other.checkInFamily({
        checkInId: randomUUID(),
        sessionId: fx.stayAndPlay.id,
        cardCode: token,
        scannedAt: new Date(),
      });
      const { members } = await other.lookup({ sessionId: fx.stayAndPlay.id, cardCode: token });
      const result = await other.checkIn({
        checkInId: randomUUID(),
        sessionId: fx.stayAndPlay.id,
        cardCode: token,
        personIds: members.filter((m) => m.eligible).map((m) => m.id),
      });
      expect(result.checkedIn).toEqual([]);
      expect(await attendanceRows(fx.stayAndPlay.id)).toHaveLength(2);
    });

    it("an online check-in whose reply was lost, sent again from the outbox, is a replay", async () => {
      const kiosk = await kioskCaller();
      const checkInId = randomUUID();
      const { members } = await kiosk.lookup({ sessionId: fx.youthClub.id, cardCode: token });
      const dayo = members.find((m) => m.firstName === "Dayo");
      if (!dayo) throw new Error("no Dayo");
      await kiosk.checkIn({
        checkInId,
        sessionId: fx.youthClub.id,
        cardCode: token,
        personIds: [dayo.id],
      });
      const queued = await kiosk.checkInFamily({
        checkInId,
        sessionId: fx.youthClub.id,
        cardCode: token,
        scannedAt: new Date(),
      });
      expect(queued.replayed).toBe(true);
      const rows = await attendanceRows(fx.youthClub.id);
      expect(rows).toEqual([expect.objectContaining({ personId: dayo.id, unconfirmed: false })]);
    });

    describe("an online check-in is one statement, and stays exactly once under races", () => {
      const auditFor = (checkInId: string) =>
        handle.db
          .select({ detail: auditEvents.detail })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.action, "kiosk.check_in"),
              sql`${auditEvents.detail}->>'checkInId' = ${checkInId}`,
            ),
          );
      const freshSession = async () => {
        const programme = await makeProgramme(handle.db, `Drop-in ${randomUUID().slice(0, 6)}`);
        return makeSession(handle.db, { siteId: fx.siteA.id, programmeId: programme.id, hour: 11 });
      };
      const everyone = async (sessionId: string) => {
        const kiosk = await kioskCaller();
        const { members } = await kiosk.lookup({ sessionId, cardCode: token });
        return members.map((m) => m.id);
      };

      it("the same check-in delivered twice at once is recorded once, with one audit event", async () => {
        const session = await freshSession();
        const personIds = await everyone(session.id);
        const kiosk = await kioskCaller();
        const input = {
          checkInId: randomUUID(),
          sessionId: session.id,
          cardCode: token,
          personIds,
        };
        const [a, b] = await Promise.all([kiosk.checkIn(input), kiosk.checkIn(input)]);
        const names = (r: typeof a) => r.checkedIn.map((m) => m.firstName).sort();
        expect(names(a)).toEqual(["Amina", "Dayo", "Zara"]);
        expect(names(b)).toEqual(names(a));
        expect(b.alreadyCheckedIn).toEqual([]);
        const rows = await attendanceRows(session.id);
        expect(rows.map((r) => r.personId).sort()).toEqual([...personIds].sort());
        expect(rows.every((r) => r.checkInId === input.checkInId)).toBe(true);
        expect(await auditFor(input.checkInId)).toEqual([
          { detail: expect.objectContaining({ familyId, people: 3 }) },
        ]);
      });

      it("two kiosks checking the same family in at once: each person once, the second told so", async () => {
        const session = await freshSession();
        const personIds = await everyone(session.id);
        const [front, side] = [await kioskCaller(), await kioskCaller(secondCredential)];
        const one = { checkInId: randomUUID(), sessionId: session.id, cardCode: token, personIds };
        const two = { ...one, checkInId: randomUUID() };
        const [a, b] = await Promise.all([front.checkIn(one), side.checkIn(two)]);
        const first = a.checkedIn.length ? a : b;
        const second = first === a ? b : a;
        expect(first.checkedIn).toHaveLength(3);
        expect(second.checkedIn).toEqual([]);
        expect(second.alreadyCheckedIn.map((m) => m.id).sort()).toEqual([...personIds].sort());
        expect(await attendanceRows(session.id)).toHaveLength(3);
        expect(await auditFor(one.checkInId)).toHaveLength(1);
        expect(await auditFor(two.checkInId)).toHaveLength(1);
      });

      it("writes nothing, not even an audit event, for a card, session or member it refuses", async () => {
        const session = await freshSession();
        const personIds = await everyone(session.id);
        const kiosk = await kioskCaller();
        const attempts = [
          { cardCode: `${token.slice(0, -2)}zz`, sessionId: session.id, personIds },
          { cardCode: token, sessionId: fx.sessionB.id, personIds },
          { cardCode: token, sessionId: session.id, personIds: [...personIds, randomUUID()] },
        ].map((a) => ({ ...a, checkInId: randomUUID() }));
        const codes = [];
        for (const attempt of attempts) codes.push((await failure(kiosk.checkIn(attempt))).code);
        expect(codes).toEqual(["NOT_FOUND", "NOT_FOUND", "BAD_REQUEST"]);
        expect(await attendanceRows(session.id)).toEqual([]);
        for (const attempt of attempts) expect(await auditFor(attempt.checkInId)).toEqual([]);
      });
    });

    it("refuses an offline check-in for another site's session or a week-old scan, and records nothing", async () => {
      const kiosk = await kioskCaller();
      const elsewhere = await failure(
        kiosk.checkInFamily({
          checkInId: randomUUID(),
          sessionId: fx.sessionB.id,
          cardCode: token,
          scannedAt: new Date(),
        }),
      );
      expect(elsewhere.code).toBe("NOT_FOUND");
      const old = await failure(
        kiosk.checkInFamily({
          checkInId: randomUUID(),
          sessionId: fx.stayAndPlay.id,
          cardCode: token,
          scannedAt: new Date(Date.now() - 8 * 86_400_000),
        }),
      );
      expect(old.code).toBe("NOT_FOUND");
      const badCard = await failure(
        kiosk.checkInFamily({
          checkInId: randomUUID(),
          sessionId: fx.stayAndPlay.id,
          cardCode: "https://example.com/FH1-aaaaaaaaaaaaaaaaaaaaaaaa",
          scannedAt: new Date(),
        }),
      );
      expect(badCard.code).toBe("NOT_FOUND");
      expect(await attendanceRows(fx.sessionB.id)).toHaveLength(0);
      expect(await attendanceRows(fx.stayAndPlay.id)).toHaveLength(2);
    });

    it("staff confirm or untick what a kiosk recorded offline; other localities cannot", async () => {
      const rows = await attendanceRows(fx.stayAndPlay.id);
      const [first, second] = rows;
      if (!first || !second) throw new Error("expected two rows");
      const outsider = await failure(
        callerAs(handle.db, { staff: fx.staffB }).kiosks.confirmAttendance({
          attendanceId: first.id,
          present: false,
        }),
      );
      expect(outsider.code).toBe("NOT_FOUND");
      const staff = callerAs(handle.db, { staff: fx.staffA }).kiosks;
      await staff.confirmAttendance({ attendanceId: first.id, present: true });
      await staff.confirmAttendance({ attendanceId: second.id, present: false });
      const after = await attendanceRows(fx.stayAndPlay.id);
      expect(after).toEqual([expect.objectContaining({ id: first.id, unconfirmed: false })]);
    });

    it("a heartbeat shows staff the kiosk online, its version and its queue", async () => {
      const kiosk = await kioskCaller();
      await kiosk.heartbeat({ version: "2026.11.22", queued: 3 });
      const list = await callerAs(handle.db, { staff: fx.admin }).kiosks.list();
      const front = list.find((k) => k.name === "Front door");
      expect(front).toMatchObject({ online: true, appVersion: "2026.11.22", queuedCheckIns: 3 });
      expect(list.find((k) => k.name === "Side door")?.online).toBe(false);
      await kiosk.heartbeat({ version: "2026.11.22", queued: 0 });
      const drained = await callerAs(handle.db, { staff: fx.admin }).kiosks.list();
      expect(drained.find((k) => k.name === "Front door")?.queuedCheckIns).toBe(0);
    });

    describe("staff PINs", () => {
      it("keeps only a scrypt hash, refuses an obvious PIN, and only staff who run registers set one", async () => {
        const staff = callerAs(handle.db, { staff: fx.staffA }).kiosks;
        expect((await failure(staff.setMyPin({ pin: "111111" }))).code).toBe("BAD_REQUEST");
        expect((await staff.myPin()).hasPin).toBe(false);
        await staff.setMyPin({ pin: "480215" });
        expect((await staff.myPin()).hasPin).toBe(true);
        const [row] = await handle.db
          .select()
          .from(staffKioskPins)
          .where(eq(staffKioskPins.userId, fx.staffA.id));
        expect(row?.pinHash).toMatch(/^scrypt\$/);
        expect(row?.pinHash).not.toContain("480215");
        const viewer = await makeStaff(handle.db, { role: "viewer" });
        expect(
          (await failure(callerAs(handle.db, { staff: viewer }).kiosks.setMyPin({ pin: "480215" })))
            .code,
        ).toBe("FORBIDDEN");
        await callerAs(handle.db, { staff: fx.staffB }).kiosks.setMyPin({ pin: "905317" });
      });

      it("searches only with a PIN of the kiosk's locality, names families by first names and an initial", async () => {
        const kiosk = await kioskCaller();
        // Another locality's member of staff cannot open this kiosk's search.
        expect((await failure(kiosk.search({ pin: "905317", query: "Oka" }))).code).toBe(
          "FORBIDDEN",
        );
        const found = await kiosk.search({ pin: "480215", query: "oka" });
        expect(found).toEqual([
          {
            familyId,
            firstNames: expect.arrayContaining(["Amina", "Dayo", "Zara"]),
            surnameInitial: "O",
          },
        ]);
        expect(JSON.stringify(found)).not.toContain("Okafor");
        const byFirstName = await kiosk.search({ pin: "480215", query: "Zar" });
        expect(byFirstName.map((f) => f.familyId)).toEqual([familyId]);
        // Site B's kiosk is in the other locality: this family is not found there.
        const admin = callerAs(handle.db, { staff: fx.admin });
        const made = await admin.kiosks.create({ siteId: fx.siteB.id, name: "South door" });
        const south = (await callerAs(handle.db).kiosk.pair({ code: made.pairingCode })).credential;
        expect(await (await kioskCaller(south)).search({ pin: "905317", query: "oka" })).toEqual(
          [],
        );
      });

      it("checks a found family in with the PIN, and not without it", async () => {
        const kiosk = await kioskCaller();
        const { members } = await kiosk.assistedLookup({
          pin: "480215",
          sessionId: fx.youthClub.id,
          familyId,
        });
        const amina = members.find((m) => m.firstName === "Amina");
        if (!amina) throw new Error("no Amina");
        const wrong = await failure(
          kiosk.assistedCheckIn({
            pin: "480216",
            checkInId: randomUUID(),
            sessionId: fx.youthClub.id,
            familyId,
            personIds: [amina.id],
          }),
        );
        expect(wrong.code).toBe("FORBIDDEN");
        expect(await attendanceRows(fx.youthClub.id)).toHaveLength(1);
        const done = await kiosk.assistedCheckIn({
          pin: "480215",
          checkInId: randomUUID(),
          sessionId: fx.youthClub.id,
          familyId,
          personIds: [amina.id],
        });
        expect(done.checkedIn.map((m) => m.firstName)).toEqual(["Amina"]);
        expect(await attendanceRows(fx.youthClub.id)).toHaveLength(2);
      });

      it("backs off after wrong PINs, even for the right one, and the lock is in the database", async () => {
        const kiosk = await kioskCaller(secondCredential);
        for (const pin of ["000001", "000002"]) {
          expect((await failure(kiosk.verifyPin({ pin }))).message).toBe(
            "That PIN is not right. Try again.",
          );
        }
        expect((await failure(kiosk.verifyPin({ pin: "000003" }))).message).toMatch(
          /Try again in 30 seconds/,
        );
        const locked = await failure(kiosk.verifyPin({ pin: "480215" }));
        expect(locked.code).toBe("TOO_MANY_REQUESTS");
        const [row] = await handle.db
          .select({ failures: kiosks.pinFailures, until: kiosks.pinLockedUntil })
          .from(kiosks)
          .where(and(eq(kiosks.name, "Side door")));
        expect(row?.failures).toBe(3);
        expect(row?.until?.getTime()).toBeGreaterThan(Date.now());
        // Once the wait is over the right PIN works and clears the count.
        await handle.db
          .update(kiosks)
          .set({ pinLockedUntil: new Date(Date.now() - 1000) })
          .where(eq(kiosks.name, "Side door"));
        await expect(kiosk.verifyPin({ pin: "480215" })).resolves.toEqual({ ok: true });
        const [cleared] = await handle.db
          .select({ failures: kiosks.pinFailures })
          .from(kiosks)
          .where(eq(kiosks.name, "Side door"));
        expect(cleared?.failures).toBe(0);
      });
    });
  },
);
