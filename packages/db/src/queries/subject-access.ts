// Subject access: everything FamilyHub holds about a family (or one person in it), in words the
// family can read, with other people's details left out. What is redacted, and why:
//   - staff: shown by role ("centre staff"), never by name or email; a kiosk as "a kiosk at <centre>";
//   - other families: never read. Audit events about this family are listed by what happened,
//     when and by which role, without their detail (a merge or a duplicate check names others);
//   - free text written by staff (a flag's note, why it ended): withheld, because it may name
//     other people; its existence is listed so the data protection officer can review and
//     release it by hand;
//   - legal holds: not included (they exist for legal proceedings, an exemption to disclosure);
//   - card tokens and hashes: never (they are credentials, not information about the family).
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import {
  attendances,
  auditEvents,
  consents,
  families,
  familyCards,
  kiosks,
  people,
  programmes,
  sessions,
  sites,
  targetFlags,
  targetGroups,
  user,
} from "../schema";
import { alias } from "drizzle-orm/pg-core";
import { type Actor, recordAudit } from "./audit";
import { familyAndMerged } from "./erasure";
import { type Scope, siteInScope } from "./scope";

const roleWords: Record<string, string> = {
  administrator: "an administrator",
  manager: "a manager",
  data_officer: "a data officer",
  locality_lead: "a locality lead",
  centre_staff: "a member of centre staff",
  viewer: "a viewer",
};

const staffRole = (role: string | null | undefined) =>
  role ? (roleWords[role] ?? "a member of staff") : null;

const recorder = alias(user, "sar_recorder");
const kioskSite = alias(sites, "sar_kiosk_site");

/** Why something was left out, listed in the export itself so the family knows it is there. */
export type Redaction = { what: string; why: string };

export async function subjectAccessExport(
  db: Database,
  input: { familyId: string; personId?: string | undefined },
  scope: Scope,
  actor: Actor,
) {
  const [family] = await db
    .select({
      id: families.id,
      surname: families.surname,
      postcode: families.postcode,
      addressLine1: families.addressLine1,
      addressLine2: families.addressLine2,
      town: families.town,
      phone: families.phone,
      email: families.email,
      howHeard: families.howHeard,
      status: families.status,
      registeredOn: families.registeredOn,
      registeredAt: sites.name,
      selfRegisteredAt: families.selfRegisteredAt,
      verifiedAt: families.verifiedAt,
      createdAt: families.createdAt,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(
      and(
        eq(families.id, input.familyId),
        inArray(families.status, ["active", "pending"]),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
  // Records merged into this family are the same family's: their details are included too.
  const familyIds = await familyAndMerged(db, family.id);

  const allMembers = await db
    .select({
      id: people.id,
      familyId: people.familyId,
      firstName: people.firstName,
      lastName: people.lastName,
      role: people.role,
      dateOfBirth: people.dateOfBirth,
      expectedDueDate: people.expectedDueDate,
      sex: people.sex,
      ethnicity: people.ethnicity,
      firstLanguage: people.firstLanguage,
      relationship: people.relationship,
      disability: people.disability,
      sen: people.sen,
      socialCareId: people.socialCareId,
      mergedIntoId: people.mergedIntoId,
      createdAt: people.createdAt,
    })
    .from(people)
    .where(inArray(people.familyId, familyIds))
    .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.createdAt));
  const members = input.personId
    ? allMembers.filter((m) => m.id === input.personId || m.mergedIntoId === input.personId)
    : allMembers;
  if (input.personId && members.length === 0) {
    throw new AppError("NOT_FOUND", "That person was not found in this family.");
  }
  const memberIds = members.map((m) => m.id);
  const nameOf = new Map(allMembers.map((m) => [m.id, `${m.firstName} ${m.lastName}`]));

  const [attended, flags, given, cards, accessLog] = await Promise.all([
    memberIds.length === 0
      ? []
      : db
          .select({
            personId: attendances.personId,
            startsAt: sessions.startsAt,
            checkedInAt: attendances.checkedInAt,
            programme: programmes.name,
            centre: sites.name,
            method: attendances.method,
            recordedByRole: recorder.role,
            kioskCentre: kioskSite.name,
          })
          .from(attendances)
          .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
          .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
          .innerJoin(sites, eq(sites.id, sessions.siteId))
          .leftJoin(recorder, eq(recorder.id, attendances.recordedBy))
          .leftJoin(kiosks, eq(kiosks.id, attendances.kioskId))
          .leftJoin(kioskSite, eq(kioskSite.id, kiosks.siteId))
          .where(inArray(attendances.personId, memberIds))
          .orderBy(asc(sessions.startsAt)),
    db
      .select({
        personId: targetFlags.personId,
        group: targetGroups.label,
        source: targetFlags.source,
        startedOn: targetFlags.startedOn,
        reviewOn: targetFlags.reviewOn,
        endedAt: targetFlags.endedAt,
        hasNote: targetFlags.note,
        hasEndReason: targetFlags.endReason,
        recordedByRole: recorder.role,
      })
      .from(targetFlags)
      .innerJoin(targetGroups, eq(targetGroups.code, targetFlags.groupCode))
      .leftJoin(recorder, eq(recorder.id, targetFlags.recordedBy))
      .where(
        and(
          inArray(targetFlags.familyId, familyIds),
          input.personId
            ? or(isNull(targetFlags.personId), inArray(targetFlags.personId, memberIds))
            : undefined,
        ),
      )
      .orderBy(asc(targetFlags.startedOn)),
    db
      .select({
        kind: consents.kind,
        version: consents.version,
        givenAt: consents.givenAt,
        withdrawnAt: consents.withdrawnAt,
      })
      .from(consents)
      .where(inArray(consents.familyId, familyIds))
      .orderBy(asc(consents.givenAt)),
    db
      .select({ issuedAt: familyCards.issuedAt, revokedAt: familyCards.revokedAt })
      .from(familyCards)
      .where(inArray(familyCards.familyId, familyIds))
      .orderBy(asc(familyCards.issuedAt)),
    db
      .select({
        at: auditEvents.at,
        action: auditEvents.action,
        actorType: auditEvents.actorType,
        actorRole: recorder.role,
      })
      .from(auditEvents)
      .leftJoin(recorder, eq(recorder.id, auditEvents.actorId))
      .where(and(eq(auditEvents.entityType, "family"), inArray(auditEvents.entityId, familyIds)))
      .orderBy(asc(auditEvents.at)),
  ]);

  const redactions: Redaction[] = [
    {
      what: "Names of staff",
      why: "Staff are shown by their role; their names are their own personal data.",
    },
    {
      what: "Details of other families",
      why: "Events such as a duplicate check or a merge are listed without the other family's details.",
    },
  ];
  const notes = flags.filter((f) => f.hasNote || f.hasEndReason).length;
  if (notes > 0) {
    redactions.push({
      what: `${notes} note${notes === 1 ? "" : "s"} written by staff about a priority group`,
      why: "Free text may name other people. Ask the council's data protection officer for a reviewed copy.",
    });
  }

  const result = {
    generatedAt: new Date().toISOString(),
    scope: input.personId ? ("person" as const) : ("family" as const),
    family: {
      surname: family.surname,
      address: [family.addressLine1, family.addressLine2, family.town, family.postcode].filter(
        (line): line is string => Boolean(line),
      ),
      phone: family.phone,
      email: family.email,
      howHeard: family.howHeard,
      status: family.status,
      registeredOn: family.registeredOn,
      registeredAt: family.registeredAt,
      selfRegisteredAt: family.selfRegisteredAt?.toISOString() ?? null,
      verifiedAt: family.verifiedAt?.toISOString() ?? null,
      recordCreatedAt: family.createdAt.toISOString(),
      mergedRecords: familyIds.length - 1,
    },
    people: members.map((m) => ({
      // FamilyHub's own reference for the person, so a later request can name them.
      id: m.id,
      name: `${m.firstName} ${m.lastName}`,
      role: m.role,
      dateOfBirth: m.dateOfBirth,
      expectedDueDate: m.expectedDueDate,
      sex: m.sex,
      ethnicity: m.ethnicity,
      firstLanguage: m.firstLanguage,
      relationship: m.relationship,
      disability: m.disability,
      specialEducationalNeeds: m.sen,
      socialCareId: m.socialCareId,
      mergedRecord: m.mergedIntoId !== null,
      recordCreatedAt: m.createdAt.toISOString(),
    })),
    attendances: attended.map((a) => ({
      person: nameOf.get(a.personId) ?? "",
      session: a.startsAt.toISOString(),
      programme: a.programme,
      centre: a.centre,
      checkedInAt: a.checkedInAt.toISOString(),
      how:
        a.method === "kiosk"
          ? `at a kiosk${a.kioskCentre ? ` at ${a.kioskCentre}` : ""}`
          : a.method === "import"
            ? "from an earlier system"
            : `by ${staffRole(a.recordedByRole) ?? "a member of staff"}`,
    })),
    priorityGroups: flags.map((f) => ({
      group: f.group,
      about: f.personId ? (nameOf.get(f.personId) ?? "") : "the whole family",
      source: f.source,
      recordedBy: staffRole(f.recordedByRole),
      startedOn: f.startedOn,
      reviewOn: f.reviewOn,
      endedAt: f.endedAt?.toISOString() ?? null,
      note: f.hasNote ? "[withheld: see redactions]" : null,
    })),
    consents: given.map((c) => ({
      kind: c.kind,
      version: c.version,
      givenAt: c.givenAt.toISOString(),
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    })),
    cards: cards.map((c) => ({
      issuedAt: c.issuedAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
    })),
    accessLog: accessLog.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      by:
        e.actorType === "staff"
          ? (staffRole(e.actorRole) ?? "a member of staff")
          : e.actorType === "kiosk"
            ? "a kiosk"
            : e.actorType === "cli"
              ? "the data team"
              : "FamilyHub itself",
    })),
    redactions,
  };
  await recordAudit(db, actor, {
    action: "subject_access.export",
    entityType: "family",
    entityId: family.id,
    detail: input.personId ? { personId: input.personId } : {},
  });
  return result;
}

export type SubjectAccessExport = Awaited<ReturnType<typeof subjectAccessExport>>;
