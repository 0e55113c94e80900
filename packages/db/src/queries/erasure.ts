// Erasing a family: what identifies them goes, what the figures of the past are made of stays.
//
// The family's row and its people's rows are kept as anonymous shells (status "erased", names
// "Erased", no address, contact, references, ethnicity, language, disability or social care id),
// because attendances, bookings and priority flags point at them and every report counts
// through them: the same attendances, the same distinct attendees, the same registrations per
// quarter, the same priority share. A date of birth is kept only to the month (the 1st) when
// that leaves every past attendance in the same age band, else as it was (it then identifies
// nobody on its own: no name, address or family is left beside it). Consents and cards are
// deleted; open flags are ended (their free-text notes wiped), so the past stays as counted.
import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import {
  attendances,
  consents,
  families,
  familyCards,
  legalHolds,
  people,
  sessions,
  targetFlags,
} from "../schema";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

export const ERASED_NAME = "Erased";

type Db = Database | Transaction;

/** The family and every record merged into it (a merge keeps the duplicate's row, pointing here). */
export async function familyAndMerged(db: Db, familyId: string): Promise<string[]> {
  const ids = new Set([familyId]);
  let frontier = [familyId];
  while (frontier.length > 0) {
    const rows = await db
      .select({ id: families.id })
      .from(families)
      .where(inArray(families.mergedIntoId, frontier));
    frontier = rows.map((r) => r.id).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  return [...ids];
}

/** The age band a report puts someone in on a day (see reachByAgeBandReport). */
function ageBand(dateOfBirth: string, day: string): string {
  if (dateOfBirth > day) return "unknown";
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const years = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (years < 5) return "0-4";
  if (years < 11) return "5-10";
  if (years < 16) return "11-15";
  return "16+";
}

/** The 1st of the month of birth, if no attendance day falls in another age band with it. */
function coarseDateOfBirth(dateOfBirth: string, days: readonly string[]): string {
  const firstOfMonth = `${dateOfBirth.slice(0, 7)}-01`;
  return days.every((day) => ageBand(firstOfMonth, day) === ageBand(dateOfBirth, day))
    ? firstOfMonth
    : dateOfBirth;
}

export type AnonymisedCounts = { families: number; people: number; attendancesKept: number };

/**
 * Anonymises the given families in place (see the top of this file). Run inside a transaction;
 * callers check scope and legal holds first.
 */
export async function anonymiseFamilies(
  tx: Transaction,
  familyIds: readonly string[],
): Promise<AnonymisedCounts> {
  if (familyIds.length === 0) return { families: 0, people: 0, attendancesKept: 0 };
  const ids = [...familyIds];
  const members = await tx
    .select({
      id: people.id,
      dateOfBirth: people.dateOfBirth,
      expectedDueDate: people.expectedDueDate,
    })
    .from(people)
    .where(inArray(people.familyId, ids));
  const personIds = members.map((m) => m.id);
  const attended =
    personIds.length === 0
      ? []
      : await tx
          .select({
            personId: attendances.personId,
            day: sql<string>`to_char((${sessions.startsAt} at time zone 'Europe/London')::date, 'YYYY-MM-DD')`,
          })
          .from(attendances)
          .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
          .where(inArray(attendances.personId, personIds));
  const daysOf = new Map<string, string[]>();
  for (const a of attended) daysOf.set(a.personId, [...(daysOf.get(a.personId) ?? []), a.day]);

  for (const member of members) {
    await tx
      .update(people)
      .set({
        firstName: ERASED_NAME,
        lastName: ERASED_NAME,
        personRef: null,
        dateOfBirth: member.dateOfBirth
          ? coarseDateOfBirth(member.dateOfBirth, daysOf.get(member.id) ?? [])
          : null,
        // A child not yet born has no attendances of its own, and the check needs one date.
        expectedDueDate: member.dateOfBirth
          ? null
          : `${(member.expectedDueDate ?? "2000-01-01").slice(0, 7)}-01`,
        ethnicity: null,
        firstLanguage: null,
        relationship: null,
        disability: false,
        sen: null,
        socialCareId: null,
      })
      .where(eq(people.id, member.id));
  }
  await tx
    .update(families)
    .set({
      surname: ERASED_NAME,
      postcode: "",
      familyRef: null,
      addressLine1: null,
      addressLine2: null,
      town: null,
      phone: null,
      email: null,
      howHeard: null,
      status: "erased",
    })
    .where(inArray(families.id, ids));
  await tx.delete(consents).where(inArray(consents.familyId, ids));
  await tx.delete(familyCards).where(inArray(familyCards.familyId, ids));
  // Flags stay (the priority share of the past counts them) but say nothing in words any more.
  await tx
    .update(targetFlags)
    .set({ note: null, endReason: null })
    .where(inArray(targetFlags.familyId, ids));
  await tx
    .update(targetFlags)
    .set({ endedAt: new Date(), endReason: "erased" })
    .where(and(inArray(targetFlags.familyId, ids), isNull(targetFlags.endedAt)));
  return { families: ids.length, people: members.length, attendancesKept: attended.length };
}

/** The open legal hold on any of the families, if there is one. */
export async function openLegalHold(db: Db, familyIds: readonly string[]) {
  if (familyIds.length === 0) return null;
  const [hold] = await db
    .select({ reason: legalHolds.reason, placedAt: legalHolds.placedAt })
    .from(legalHolds)
    .where(and(inArray(legalHolds.familyId, [...familyIds]), isNull(legalHolds.liftedAt)))
    .orderBy(asc(legalHolds.placedAt))
    .limit(1);
  return hold ?? null;
}

/**
 * Erases a family at its (or the law's) request. Refused while a legal hold is open; the person
 * confirms by typing the family's surname. Cannot be undone; the audit event keeps the reason
 * and the counts, never a name.
 */
export async function eraseFamily(
  db: Database,
  input: { familyId: string; confirmSurname: string; reason: string },
  scope: Scope,
  actor: Actor,
): Promise<AnonymisedCounts & { id: string }> {
  return db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, surname: families.surname, status: families.status })
      .from(families)
      .where(
        and(
          eq(families.id, input.familyId),
          ne(families.status, "erased"),
          siteInScope(scope, families.registeredSiteId),
        ),
      )
      .for("update");
    if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
    if (family.status === "merged") {
      throw new AppError(
        "CONFLICT",
        "This record was merged into another family. Erase that family: its merged records go with it.",
      );
    }
    if (family.surname.trim().toLowerCase() !== input.confirmSurname.trim().toLowerCase()) {
      throw new AppError(
        "BAD_INPUT",
        `Type the family's surname exactly as shown ("${family.surname}") to confirm the erasure.`,
      );
    }
    const ids = await familyAndMerged(tx, family.id);
    const hold = await openLegalHold(tx, ids);
    if (hold) {
      throw new AppError(
        "CONFLICT",
        `This family is under a legal hold ("${hold.reason}") and cannot be erased. An administrator must lift the hold first.`,
      );
    }
    const counts = await anonymiseFamilies(tx, ids);
    await recordAudit(tx, actor, {
      action: "family.erase",
      entityType: "family",
      entityId: family.id,
      detail: { reason: input.reason, ...counts, mergedRecords: ids.length - 1 },
    });
    return { id: family.id, ...counts };
  });
}

/** Places a legal hold on a family (refused if one is already open). */
export async function placeLegalHold(
  db: Database,
  input: { familyId: string; reason: string },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id })
      .from(families)
      .where(
        and(
          eq(families.id, input.familyId),
          ne(families.status, "erased"),
          siteInScope(scope, families.registeredSiteId),
        ),
      )
      .for("update");
    if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
    if (await openLegalHold(tx, [family.id])) {
      throw new AppError("CONFLICT", "This family is already under a legal hold.");
    }
    const [hold] = await tx
      .insert(legalHolds)
      .values({
        familyId: family.id,
        reason: input.reason,
        placedBy: actor.type === "staff" ? actor.id : null,
      })
      .returning({ id: legalHolds.id, placedAt: legalHolds.placedAt });
    await recordAudit(tx, actor, {
      action: "legal_hold.place",
      entityType: "family",
      entityId: family.id,
      detail: { reason: input.reason },
    });
    return { id: hold?.id ?? "", placedAt: hold?.placedAt ?? new Date() };
  });
}

export async function liftLegalHold(
  db: Database,
  input: { familyId: string; reason: string },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [hold] = await tx
      .select({ id: legalHolds.id })
      .from(legalHolds)
      .innerJoin(families, eq(families.id, legalHolds.familyId))
      .where(
        and(
          eq(legalHolds.familyId, input.familyId),
          isNull(legalHolds.liftedAt),
          siteInScope(scope, families.registeredSiteId),
        ),
      )
      .for("update", { of: legalHolds });
    if (!hold) throw new AppError("NOT_FOUND", "This family has no legal hold to lift.");
    await tx
      .update(legalHolds)
      .set({
        liftedAt: new Date(),
        liftedBy: actor.type === "staff" ? actor.id : null,
        liftReason: input.reason,
      })
      .where(eq(legalHolds.id, hold.id));
    await recordAudit(tx, actor, {
      action: "legal_hold.lift",
      entityType: "family",
      entityId: input.familyId,
      detail: { reason: input.reason },
    });
    return { lifted: true as const };
  });
}

/** The family's open legal hold, if any, for its page: the reason and when it was placed. */
export async function legalHoldOf(db: Database, familyId: string, scope: Scope) {
  const [hold] = await db
    .select({ reason: legalHolds.reason, placedAt: legalHolds.placedAt })
    .from(legalHolds)
    .innerJoin(families, eq(families.id, legalHolds.familyId))
    .where(
      and(
        eq(legalHolds.familyId, familyId),
        isNull(legalHolds.liftedAt),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  return hold ?? null;
}
