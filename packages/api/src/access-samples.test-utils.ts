// One seeded fixture and a minimal valid input per procedure of the app router, for the access
// matrix test and the fuzz test. Every row a sample names is in locality North, at site A; the
// other kiosk is at site B in South.
import { randomUUID } from "node:crypto";
import { type Database, kioskForCredential, type KioskIdentity } from "@familyhub/db";
import {
  makeLocality,
  makeProgramme,
  makeSession,
  makeSite,
  makeStaff,
} from "@familyhub/db/factories";
import { importAttendances, importPeople, importSites } from "@familyhub/db/imports";
import {
  attendances,
  bookings,
  families,
  matchReviews,
  people,
  sites,
  targetFlags,
} from "@familyhub/db/schema";
import { importBaseline } from "@familyhub/reach";
import {
  fixtureAttendances,
  fixtureBaseline,
  fixturePeople,
  fixturePeriod,
  fixtureSites,
} from "@familyhub/reach/testing";
import { syncCatalogue } from "@familyhub/targeting";
import { PRIVACY_NOTICE_VERSION, type SelfRegistrationInput } from "@familyhub/validators";
import { and, asc, eq, sql } from "drizzle-orm";
import type { AccessCaller } from "./access-matrix";
import { callerAs } from "./helpers.test-utils";
import type { StaffRole } from "./permissions";
import type { StaffUser } from "./trpc";

const REACH_TODAY = "2026-11-20";
export const SAMPLE_PIN = "482913";

export const sampleRegistration = (lastName: string): SelfRegistrationInput => ({
  postcode: "ub8 1uw",
  phone: "07700 900 123",
  email: "",
  members: [
    { firstName: "Amina", lastName, role: "adult", dateOfBirth: "1990-04-12" },
    { firstName: "Zara", lastName, role: "child", dateOfBirth: "2023-06-30" },
  ],
  consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
});

export type AccessFixture = Awaited<ReturnType<typeof seedAccessFixture>>;

/** Seeds everything the samples name, through the router where it can, as staff would. */
export async function seedAccessFixture(db: Database) {
  // The reach fixture first: its sites, people and baseline give snapshots and match reviews.
  await importSites(db, fixtureSites);
  await importPeople(db, fixturePeople, undefined, { today: REACH_TODAY });
  await importAttendances(db, fixtureAttendances, undefined, { today: REACH_TODAY });
  await importBaseline(db, fixtureBaseline, "2026-06-30", undefined, REACH_TODAY);
  await syncCatalogue(db);

  const north = await makeLocality(db, "Matrix North");
  const south = await makeLocality(db, "Matrix South");
  const siteA = await makeSite(db, { localityId: north.id, name: "Acacia Centre" });
  const siteB = await makeSite(db, { localityId: south.id, name: "Beech Centre" });
  const programme = await makeProgramme(db);
  const session = await makeSession(db, { siteId: siteA.id, programmeId: programme.id });
  const southSession = await makeSession(db, { siteId: siteB.id, programmeId: programme.id });

  const roles: StaffRole[] = [
    "administrator",
    "manager",
    "data_officer",
    "locality_lead",
    "centre_staff",
    "viewer",
  ];
  const staff = {} as Record<StaffRole, StaffUser>;
  for (const role of roles) {
    // Viewers are scoped to a locality too (only the authority-wide roles see everywhere).
    const scoped = role === "locality_lead" || role === "centre_staff" || role === "viewer";
    staff[role] = await makeStaff(db, { role, localityId: scoped ? north.id : null });
  }
  const southStaff = await makeStaff(db, { role: "centre_staff", localityId: south.id });

  const admin = callerAs(db, { staff: staff.administrator });
  const front = callerAs(db, { staff: staff.centre_staff });
  const register = async (surname: string) =>
    (
      await front.families.create({
        siteId: siteA.id,
        postcode: "UB8 1UW",
        addressLine1: `1 ${surname} Road`,
        phone: "07700 900123",
        members: [
          { firstName: "Amina", lastName: surname, dateOfBirth: "1990-04-12", role: "adult" },
          { firstName: "Zara", lastName: surname, dateOfBirth: "2023-06-30", role: "child" },
        ],
        consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
        duplicatesReviewed: true,
      })
    ).id;
  const familyId = await register("Okafor");
  const otherFamilyId = await register("Mensah");
  const heldFamilyId = await register("Phiri");
  const southFamilyId = (
    await callerAs(db, { staff: southStaff }).families.create({
      siteId: siteB.id,
      postcode: "UB8 2AA",
      members: [
        { firstName: "Grace", lastName: "Banda", dateOfBirth: "1988-01-02", role: "adult" },
      ],
      consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
      duplicatesReviewed: true,
    })
  ).id;
  const members = await db
    .select({ id: people.id, role: people.role })
    .from(people)
    .where(eq(people.familyId, familyId))
    .orderBy(asc(people.createdAt));
  const [southPerson] = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.familyId, southFamilyId));
  const adultId = members.find((m) => m.role === "adult")?.id ?? "";
  const childId = members.find((m) => m.role === "child")?.id ?? "";
  const otherMembers = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.familyId, otherFamilyId), eq(people.role, "child")));

  const card = await front.families.issueCard({ id: familyId });
  await admin.rights.placeLegalHold({ familyId: heldFamilyId, reason: "Court order pending" });

  // A course of three, for course bookings and completion; terms for the planner's copy.
  const spring = await front.programmes.createTerm({
    name: "Spring 2030",
    startsOn: "2030-01-01",
    endsOn: "2030-03-31",
    localityId: north.id,
  });
  const summer = await front.programmes.createTerm({
    name: "Summer 2030",
    startsOn: "2030-04-15",
    endsOn: "2030-07-20",
    localityId: north.id,
  });
  const course = await front.sessions.createSeries({
    programmeId: programme.id,
    siteId: siteA.id,
    frequency: "weekly",
    startsOn: "2030-01-07",
    occurrences: 3,
    startTime: "10:00",
    endTime: "11:30",
    capacity: 10,
  });
  const courseSession = course.sessions[0];
  if (!courseSession) throw new Error("no course session");
  const version = (await front.sessions.get({ id: courseSession.id })).version;

  await front.bookings.book({ sessionId: session.id, personId: otherMembers[0]?.id ?? "" });
  const [booking] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(eq(bookings.sessionId, session.id));
  await front.sessions.markAttendance({ sessionId: session.id, personIds: [adultId] });
  const [attendance] = await db
    .select({ id: attendances.id })
    .from(attendances)
    .where(and(eq(attendances.sessionId, session.id), eq(attendances.personId, adultId)));

  await front.kiosks.setMyPin({ pin: SAMPLE_PIN });
  const kioskA = await admin.kiosks.create({ siteId: siteA.id, name: "Front door" });
  const kioskB = await admin.kiosks.create({ siteId: siteB.id, name: "Other door" });
  const spareKiosk = await admin.kiosks.create({ siteId: siteA.id, name: "Spare" });
  const paired = async (code: string): Promise<KioskIdentity> => {
    const { credential } = await callerAs(db).kiosk.pair({ code });
    const kiosk = await kioskForCredential(db, credential);
    if (!kiosk) throw new Error("kiosk not paired");
    return kiosk;
  };
  const kiosk = await paired(kioskA.pairingCode);
  const otherKiosk = await paired(kioskB.pairingCode);

  // An offline whole-family check-in: the child's attendance waits for staff to confirm it.
  await callerAs(db, { kiosk }).kiosk.checkInFamily({
    checkInId: randomUUID(),
    sessionId: session.id,
    cardCode: card.token,
    scannedAt: new Date(),
  });
  const [unconfirmed] = await db
    .select({ id: attendances.id })
    .from(attendances)
    .where(and(eq(attendances.sessionId, session.id), eq(attendances.unconfirmed, true)));
  await admin.targeting.addGroup({
    code: "young_carer_family",
    label: "Family with a young carer",
    category: "family",
    isPriority: false,
  });
  await admin.targeting.addGroup({
    code: "armed_forces_family",
    label: "Armed forces family",
    category: "family",
    isPriority: false,
  });
  // A flag staff recorded (not one derived from the family's details), for ending.
  await front.targeting.recordFlag({
    familyId,
    groupCode: "young_carer_family",
    source: "self_declared",
  });
  const [flag] = await db
    .select({ id: targetFlags.id })
    .from(targetFlags)
    .where(
      and(eq(targetFlags.familyId, familyId), eq(targetFlags.groupCode, "young_carer_family")),
    );

  await callerAs(db, { kiosk }).kiosk.selfRegister(sampleRegistration("Pending"));
  const [pending] = await db
    .select({ id: families.id })
    .from(families)
    .where(and(eq(families.surname, "Pending"), eq(families.status, "pending")));
  const pendingMembers = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.familyId, pending?.id ?? ""))
    .orderBy(asc(people.createdAt));
  const [siteACode] = await db
    .select({ code: sites.code })
    .from(sites)
    .where(eq(sites.id, siteA.id));
  const [review] = await db.select({ id: matchReviews.id }).from(matchReviews).limit(1);

  return {
    north,
    south,
    siteA,
    siteB,
    siteACode: siteACode?.code ?? "",
    programmeId: programme.id,
    programmeName: programme.name,
    sessionId: session.id,
    southSessionId: southSession.id,
    courseId: course.seriesId,
    courseSessionId: courseSession.id,
    courseVersion: version,
    springId: spring.id,
    summerId: summer.id,
    staff,
    southStaff,
    familyId,
    otherFamilyId,
    heldFamilyId,
    southFamilyId,
    southPersonId: southPerson?.id ?? "",
    adultId,
    childId,
    cardToken: card.token,
    cardId: card.cardId,
    bookingId: booking?.id ?? "",
    attendanceId: attendance?.id ?? "",
    unconfirmedAttendanceId: unconfirmed?.id ?? "",
    flagId: flag?.id ?? "",
    kiosk,
    otherKiosk,
    spareKioskId: spareKiosk.id,
    spareCode: spareKiosk.pairingCode,
    pendingId: pending?.id ?? "",
    pendingMemberIds: pendingMembers.map((m) => m.id),
    reviewId: review?.id ?? "",
  };
}

/** The context a matrix column calls with. */
export function contextFor(fx: AccessFixture, caller: AccessCaller) {
  if (caller === "signedOut") return {};
  if (caller === "kiosk") return { kiosk: fx.kiosk };
  if (caller === "otherKiosk") return { kiosk: fx.otherKiosk };
  return { staff: fx.staff[caller] };
}

const range = { from: "2026-01-01", to: "2026-12-31" };

/** A minimal valid input for every procedure (undefined for those that take none). */
export function sampleInputs(fx: AccessFixture): Record<string, unknown> {
  return {
    "auth.me": undefined,
    "auth.signInState": undefined,
    "sites.list": undefined,

    "families.create": {
      siteId: fx.siteA.id,
      postcode: "UB8 3BB",
      members: [
        { firstName: "Ruth", lastName: "Adeyemi", dateOfBirth: "1985-02-03", role: "adult" },
      ],
      consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
      duplicatesReviewed: true,
    },
    "families.update": {
      id: fx.familyId,
      siteId: fx.siteA.id,
      postcode: "UB8 1UW",
      phone: "07700 900456",
      members: [
        {
          id: fx.adultId,
          firstName: "Amina",
          lastName: "Okafor",
          dateOfBirth: "1990-04-12",
          role: "adult",
        },
        {
          id: fx.childId,
          firstName: "Zara",
          lastName: "Okafor",
          dateOfBirth: "2023-06-30",
          role: "child",
        },
      ],
      consents: { privacyNotice: { version: PRIVACY_NOTICE_VERSION, accepted: true } },
    },
    "families.findDuplicates": {
      postcode: "UB8 1UW",
      members: [{ firstName: "Amina", lastName: "Okafor", dateOfBirth: "1990-04-12" }],
    },
    "families.mergePreview": { keepFamilyId: fx.familyId, mergeFamilyId: fx.otherFamilyId },
    "families.merge": { keepFamilyId: fx.familyId, mergeFamilyId: fx.otherFamilyId },
    "families.search": { query: "Okafor" },
    "families.get": { id: fx.familyId },
    "families.counts": undefined,
    "families.issueCard": { id: fx.familyId },
    "families.revokeCard": { id: fx.cardId },

    "sessions.forDay": { siteId: fx.siteA.id },
    "sessions.register": { id: fx.sessionId },
    "sessions.get": { id: fx.sessionId },
    "sessions.createSeries": {
      programmeId: fx.programmeId,
      siteId: fx.siteA.id,
      frequency: "once",
      startsOn: "2030-02-04",
      startTime: "13:00",
      endTime: "14:00",
    },
    "sessions.previewSeries": {
      siteId: fx.siteA.id,
      frequency: "weekly",
      startsOn: "2030-01-07",
      occurrences: 4,
    },
    "sessions.update": { id: fx.courseSessionId, version: fx.courseVersion, capacity: 8 },
    "sessions.cancel": { id: fx.courseSessionId, version: fx.courseVersion, reason: "Snow" },
    "sessions.markAttendance": { sessionId: fx.sessionId, personIds: [fx.childId] },
    "sessions.removeAttendance": { attendanceId: fx.attendanceId, reason: "Ticked by mistake" },
    "sessions.setHeadcounts": {
      sessionId: fx.sessionId,
      counts: [{ ageBand: "0-4", sex: "female", count: 3 }],
    },
    "sessions.completion": { id: fx.courseId },

    "programmes.list": undefined,
    "programmes.create": {
      name: "Messy Play",
      serviceArea: "child and family development",
      offer: "universal",
    },
    "programmes.update": {
      id: fx.programmeId,
      programme: {
        name: fx.programmeName,
        serviceArea: "child and family development",
        offer: "universal",
      },
    },
    "programmes.terms": undefined,
    "programmes.createTerm": {
      name: "Autumn 2030",
      startsOn: "2030-09-01",
      endsOn: "2030-12-19",
      localityId: fx.north.id,
    },
    "programmes.closureDays": range,
    "programmes.addClosureDay": { date: "2030-02-11", name: "Staff training", siteId: fx.siteA.id },

    "bookings.book": { sessionId: fx.sessionId, personId: fx.childId },
    "bookings.bookCourse": {
      seriesId: fx.courseId,
      personId: fx.childId,
      overrideReason: "Comes with her younger cousin",
    },
    "bookings.cancel": { bookingId: fx.bookingId, reason: "Poorly" },
    "bookings.releaseHeld": { id: fx.sessionId },

    "planner.grid": { localityId: fx.north.id, from: "2030-01-01", to: "2030-03-31" },
    "planner.duplicates": { localityId: fx.north.id, from: "2030-01-01", to: "2030-03-31" },
    "planner.gaps": { localityId: fx.north.id, from: "2030-01-01", to: "2030-03-31" },
    "planner.copyTerm": { localityId: fx.north.id, fromTermId: fx.springId, toTermId: fx.summerId },
    "planner.targetedPerformance": range,
    "planner.centrePerformance": range,

    "kiosks.list": undefined,
    "kiosks.create": { siteId: fx.siteA.id, name: "Back door" },
    "kiosks.renewPairingCode": { id: fx.spareKioskId },
    "kiosks.revoke": { id: fx.spareKioskId },
    "kiosks.myPin": undefined,
    "kiosks.setMyPin": { pin: "583920" },
    "kiosks.confirmAttendance": { attendanceId: fx.unconfirmedAttendanceId, present: true },

    "kiosk.pair": { code: fx.spareCode },
    "kiosk.whoami": undefined,
    "kiosk.today": undefined,
    "kiosk.lookup": { sessionId: fx.sessionId, cardCode: fx.cardToken },
    "kiosk.checkIn": {
      checkInId: randomUUID(),
      sessionId: fx.sessionId,
      cardCode: fx.cardToken,
      personIds: [fx.childId],
    },
    "kiosk.checkInFamily": {
      checkInId: randomUUID(),
      sessionId: fx.sessionId,
      cardCode: fx.cardToken,
      scannedAt: new Date(),
    },
    "kiosk.heartbeat": { version: "1.0.0", queued: 0 },
    "kiosk.verifyPin": { pin: SAMPLE_PIN },
    "kiosk.search": { pin: SAMPLE_PIN, query: "Okafor" },
    "kiosk.assistedLookup": { pin: SAMPLE_PIN, sessionId: fx.sessionId, familyId: fx.familyId },
    "kiosk.assistedCheckIn": {
      pin: SAMPLE_PIN,
      sessionId: fx.sessionId,
      familyId: fx.familyId,
      checkInId: randomUUID(),
      personIds: [fx.childId],
    },
    "kiosk.selfRegister": sampleRegistration("Adebayo"),

    "selfRegistration.site": { siteCode: fx.siteACode },
    "selfRegistration.submit": { ...sampleRegistration("Nwosu"), siteCode: fx.siteACode },
    "selfRegistration.pending": undefined,
    "selfRegistration.pendingCount": undefined,
    "selfRegistration.get": { id: fx.pendingId },
    "selfRegistration.accept": {
      id: fx.pendingId,
      memberIds: fx.pendingMemberIds,
      registration: sampleRegistration("Pending"),
    },
    "selfRegistration.reject": { id: fx.pendingId, reason: "not_a_registration" },
    "selfRegistration.poster": { siteId: fx.siteA.id, origin: "https://familyhub.example" },

    "targeting.groups": undefined,
    "targeting.catalogue": undefined,
    "targeting.setPriority": { priority: [{ code: "lone_parent", isPriority: true }] },
    "targeting.addGroup": {
      code: "kinship_carer",
      label: "Kinship carer",
      category: "family",
      isPriority: false,
    },
    "targeting.updateGroup": {
      code: "young_carer_family",
      label: "Family with a young carer",
      active: false,
    },
    "targeting.familyFlags": { familyId: fx.familyId },
    "targeting.recordFlag": {
      familyId: fx.familyId,
      groupCode: "armed_forces_family",
      source: "self_declared",
    },
    "targeting.endFlag": { flagId: fx.flagId, reason: "Circumstances changed" },

    "reports.filters": undefined,
    "reports.priorityShare": range,
    "reports.registrations": range,
    "reports.reachByAgeBand": range,

    "reach.snapshots": undefined,
    "reach.report": { ...fixturePeriod },
    "reach.reportCsv": { ...fixturePeriod },
    "reach.trend": {},
    "reach.change": {},
    "reach.table": { ...fixturePeriod },
    "reach.tableCsv": { ...fixturePeriod },
    "reach.scorecard": { month: "2026-06" },
    "reach.scorecardCsv": { month: "2026-06" },
    "reach.reviewQueue": undefined,
    "reach.confirmMatch": { reviewId: fx.reviewId },
    "reach.rejectMatch": { reviewId: fx.reviewId },
    "reach.unreached": { ...fixturePeriod, cohort: "LAC", measure: "registered" },
    "reach.purge": { retentionMonths: 120 },

    "staff.list": undefined,
    "staff.setDisabled": { userId: fx.staff.viewer.id, disabled: true },
    "staff.resetTwoFactor": { userId: fx.staff.data_officer.id },

    "audit.search": { filter: {} },
    "audit.exportCsv": { filter: {} },

    "rights.subjectAccess": { familyId: fx.familyId },
    "rights.erase": {
      familyId: fx.familyId,
      confirmSurname: "Okafor",
      reason: "Asked to be forgotten",
    },
    "rights.legalHold": { familyId: fx.heldFamilyId },
    "rights.placeLegalHold": { familyId: fx.familyId, reason: "Court order pending" },
    "rights.liftLegalHold": { familyId: fx.heldFamilyId, reason: "Court case closed" },
  };
}

/** Calls `path` ("families.get") on a caller with `input`, whatever the procedure's types. */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const parts = path.split(".");
  let target: unknown = caller;
  for (const part of parts) {
    target = (target as Record<string, unknown>)[part];
  }
  if (typeof target !== "function") throw new Error(`no procedure ${path}`);
  return Promise.resolve(target(input));
}

async function rowsOf(
  db: Database,
  query: ReturnType<typeof sql>,
): Promise<Record<string, unknown>[]> {
  // postgres-js answers with the rows, PGlite with `{ rows }`.
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/**
 * A digest of every row of every table but the audit log (which grows by the reads and refusals
 * it records): equal before and after a call means the call wrote nothing.
 */
export async function databaseDigest(db: Database): Promise<Record<string, string>> {
  const tables = await rowsOf(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'audit_events'
        order by table_name`,
  );
  const parts = tables.map((t) => {
    const name = String(t.name).replaceAll('"', '""');
    return `select '${name.replaceAll("'", "''")}' as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`;
  });
  const rows = await rowsOf(db, sql.raw(parts.join(" union all ")));
  return Object.fromEntries(rows.map((r) => [String(r.name), String(r.digest)]));
}
