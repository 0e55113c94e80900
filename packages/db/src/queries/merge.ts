// Two records of the same family, folded into one. Nothing is lost: people, cards, consents and
// flags move to the kept family; a person recorded in both keeps one record with every
// attendance of the two; the merged family stays, marked "merged", pointing at the kept one.
import { and, asc, count, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import { compareDates, compareNames, sameName } from "../names";
import {
  attendances,
  consents,
  families,
  familyCards,
  people,
  sites,
  targetFlags,
} from "../schema";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

type MergePerson = {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  role: "child" | "adult";
};

export type MergePlan = {
  keep: { id: string; surname: string; postcode: string; siteName: string };
  merge: { id: string; surname: string; postcode: string; siteName: string };
  /** People of the merged family who join the kept family as they are. */
  peopleToMove: { id: string; firstName: string; lastName: string }[];
  /** People recorded in both: the merged family's record is folded into the kept one. */
  peopleToMerge: {
    from: { id: string; firstName: string; lastName: string };
    into: { id: string; firstName: string; lastName: string };
  }[];
  /** Attendances that change person or family (all of them are kept). */
  attendances: number;
  /** Sessions both records of one person attended: one attendance is kept, the earliest. */
  sameSessionClashes: number;
  cards: number;
  consents: number;
  flags: number;
};

const notFound = () =>
  new AppError(
    "NOT_FOUND",
    "One of the two families was not found. Reload the page and try again.",
  );

async function familyForMerge(db: Database | Transaction, id: string, scope: Scope, lock: boolean) {
  const query = db
    .select({
      id: families.id,
      surname: families.surname,
      postcode: families.postcode,
      status: families.status,
      siteName: sites.name,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(
      and(
        eq(families.id, id),
        ne(families.status, "erased"),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  const [family] = lock ? await query.for("update", { of: families }) : await query;
  if (!family) throw notFound();
  if (family.status === "merged") {
    throw new AppError(
      "CONFLICT",
      `The ${family.surname} family at ${family.postcode} was already merged into another record. Open that record instead.`,
    );
  }
  return family;
}

function samePerson(a: MergePerson, b: MergePerson): boolean {
  if (a.role !== b.role) return false;
  if (!sameName(a.firstName, b.firstName) || !sameName(a.lastName, b.lastName)) return false;
  if (a.dateOfBirth || b.dateOfBirth) return a.dateOfBirth === b.dateOfBirth;
  return a.expectedDueDate !== null && a.expectedDueDate === b.expectedDueDate;
}

/** The same person written with a slip: a letter in a name, day and month swapped. */
function probablySamePerson(a: MergePerson, b: MergePerson): boolean {
  if (a.role !== b.role) return false;
  const first = compareNames(a.firstName, b.firstName);
  const last = compareNames(a.lastName, b.lastName);
  return (
    (first === "exact" || first === "typo") &&
    last !== null &&
    compareDates(a.dateOfBirth, b.dateOfBirth) !== null
  );
}

/** Someone else in the family born on the same day (or that day with day and month swapped). */
function hasTwin(person: MergePerson, family: MergePerson[]): boolean {
  return family.some(
    (other) =>
      other.id !== person.id && compareDates(other.dateOfBirth, person.dateOfBirth) !== null,
  );
}

/**
 * Pairs the people of the merged family with the same person in the kept family. First the
 * same normalised first and last name and the same date of birth. Then the slips the duplicate
 * check tolerates (a letter in a name, day and month swapped), but only where neither family
 * has anyone else born that day: twins' names can be a letter apart, and two children must never
 * become one. Staff see every pair in the preview before they merge.
 */
function pairPeople(keep: MergePerson[], merge: MergePerson[]) {
  const used = new Set<string>();
  const pairs: { from: MergePerson; into: MergePerson }[] = [];
  const unpaired: MergePerson[] = [];
  for (const person of merge) {
    const into = keep.find((k) => !used.has(k.id) && samePerson(k, person));
    if (into) {
      used.add(into.id);
      pairs.push({ from: person, into });
    } else unpaired.push(person);
  }
  const moving: MergePerson[] = [];
  for (const person of unpaired) {
    const into = hasTwin(person, merge)
      ? undefined
      : keep.find((k) => !used.has(k.id) && !hasTwin(k, keep) && probablySamePerson(k, person));
    if (into) {
      used.add(into.id);
      pairs.push({ from: person, into });
    } else moving.push(person);
  }
  return { pairs, moving };
}

async function membersOf(db: Database | Transaction, familyId: string): Promise<MergePerson[]> {
  return db
    .select({
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      dateOfBirth: people.dateOfBirth,
      expectedDueDate: people.expectedDueDate,
      role: people.role,
    })
    .from(people)
    .where(and(eq(people.familyId, familyId), isNull(people.mergedIntoId)))
    .orderBy(asc(people.createdAt));
}

async function countWhere(
  db: Database | Transaction,
  table: typeof consents | typeof familyCards | typeof targetFlags,
  familyId: string,
): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(eq(table.familyId, familyId));
  return row?.n ?? 0;
}

async function buildPlan(
  db: Database | Transaction,
  input: { keepFamilyId: string; mergeFamilyId: string },
  scope: Scope,
  lock: boolean,
) {
  if (input.keepFamilyId === input.mergeFamilyId) {
    throw new AppError(
      "BAD_INPUT",
      "A family cannot be merged into itself: choose the other record.",
    );
  }
  // Always lock in the same order, so two merges of the same pair cannot deadlock.
  const locked = [];
  for (const id of [input.keepFamilyId, input.mergeFamilyId].sort()) {
    locked.push(await familyForMerge(db, id, scope, lock));
  }
  const keep = locked.find((f) => f.id === input.keepFamilyId);
  const merge = locked.find((f) => f.id === input.mergeFamilyId);
  if (!keep || !merge) throw notFound();

  const [keepPeople, mergePeople] = await Promise.all([
    membersOf(db, keep.id),
    membersOf(db, merge.id),
  ]);
  const { pairs, moving } = pairPeople(keepPeople, mergePeople);
  const mergeIds = mergePeople.map((p) => p.id);
  const [attendanceRow] =
    mergeIds.length === 0
      ? [{ n: 0 }]
      : await db
          .select({ n: count() })
          .from(attendances)
          .where(inArray(attendances.personId, mergeIds));
  const clashes = await Promise.all(
    pairs.map(({ from, into }) =>
      db
        .select({
          sessionId: attendances.sessionId,
          fromId: attendances.id,
          fromAt: attendances.checkedInAt,
          intoId: sql<string>`other.id`,
          intoAt: sql<string>`other.checked_in_at`,
        })
        .from(attendances)
        .innerJoin(
          sql`${attendances} as other`,
          sql`other.session_id = ${attendances.sessionId} and other.person_id = ${into.id}`,
        )
        .where(eq(attendances.personId, from.id)),
    ),
  );
  const [consentCount, cardCount, flagCount] = await Promise.all([
    countWhere(db, consents, merge.id),
    countWhere(db, familyCards, merge.id),
    countWhere(db, targetFlags, merge.id),
  ]);
  const name = (p: MergePerson) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName });
  const plan: MergePlan = {
    keep: { id: keep.id, surname: keep.surname, postcode: keep.postcode, siteName: keep.siteName },
    merge: {
      id: merge.id,
      surname: merge.surname,
      postcode: merge.postcode,
      siteName: merge.siteName,
    },
    peopleToMove: moving.map(name),
    peopleToMerge: pairs.map(({ from, into }) => ({ from: name(from), into: name(into) })),
    attendances: attendanceRow?.n ?? 0,
    sameSessionClashes: clashes.flat().length,
    cards: cardCount,
    consents: consentCount,
    flags: flagCount,
  };
  return { plan, pairs, moving, clashes };
}

/** What merging would do, for the confirmation staff see before they merge. Audited as a read. */
export async function previewMerge(
  db: Database,
  input: { keepFamilyId: string; mergeFamilyId: string },
  scope: Scope,
  actor: Actor,
): Promise<MergePlan> {
  const { plan } = await buildPlan(db, input, scope, false);
  await recordAudit(db, actor, {
    action: "family.merge.preview",
    entityType: "family",
    entityId: plan.merge.id,
    detail: { keepFamilyId: plan.keep.id },
  });
  return plan;
}

export type MergeResult = MergePlan & {
  keptFamilyId: string;
  /** Attendances removed because the same person had two on one session (the later one). */
  removedAttendances: number;
  flagsEnded: number;
};

/**
 * Folds `mergeFamilyId` into `keepFamilyId`, both in the caller's scope (else NOT_FOUND), in one
 * transaction. Every attendance is kept, except that a person recorded twice who attended one
 * session under both records keeps one attendance there, the earliest check-in. A flag the
 * kept family already has open is ended rather than duplicated. Audited on both families.
 */
export async function mergeFamilies(
  db: Database,
  input: { keepFamilyId: string; mergeFamilyId: string },
  scope: Scope,
  actor: Actor,
): Promise<MergeResult> {
  return db.transaction(async (tx) => {
    const { plan, pairs, moving, clashes } = await buildPlan(tx, input, scope, true);
    const keepId = plan.keep.id;
    const mergeId = plan.merge.id;
    const by = actor.type === "staff" ? actor.id : null;

    // 1. Same session under both records of one person: keep the earliest check-in.
    const removedAttendances: { sessionId: string; removed: string; kept: string }[] = [];
    for (const clash of clashes.flat()) {
      const fromFirst = new Date(clash.fromAt) < new Date(clash.intoAt);
      const removed = fromFirst ? clash.intoId : clash.fromId;
      await tx.delete(attendances).where(eq(attendances.id, removed));
      removedAttendances.push({
        sessionId: clash.sessionId,
        removed,
        kept: fromFirst ? clash.fromId : clash.intoId,
      });
    }

    // 2. A person in both families: attendances and flags follow the kept record.
    const personMap = new Map(pairs.map(({ from, into }) => [from.id, into.id]));
    for (const { from, into } of pairs) {
      await tx
        .update(attendances)
        .set({ personId: into.id })
        .where(eq(attendances.personId, from.id));
      // Details only the merged record has fill the gaps of the kept one.
      const [dup] = await tx.select().from(people).where(eq(people.id, from.id));
      const [kept] = await tx.select().from(people).where(eq(people.id, into.id));
      if (dup && kept) {
        // The social care id is unique, so it leaves the duplicate before the kept record takes it.
        if (dup.socialCareId && !kept.socialCareId) {
          await tx.update(people).set({ socialCareId: null }).where(eq(people.id, dup.id));
        }
        await tx
          .update(people)
          .set({
            sex: kept.sex ?? dup.sex,
            ethnicity: kept.ethnicity ?? dup.ethnicity,
            firstLanguage: kept.firstLanguage ?? dup.firstLanguage,
            relationship: kept.relationship ?? dup.relationship,
            sen: kept.sen ?? dup.sen,
            socialCareId: kept.socialCareId ?? dup.socialCareId,
            disability: kept.disability || dup.disability,
          })
          .where(eq(people.id, kept.id));
      }
      await tx.update(people).set({ mergedIntoId: into.id }).where(eq(people.id, from.id));
      // Records merged into the duplicate earlier now point at the survivor.
      await tx
        .update(people)
        .set({ mergedIntoId: into.id })
        .where(eq(people.mergedIntoId, from.id));
    }

    // 3. Flags: one open flag per person, group and source, so a flag the kept family already
    // has open is ended (with the reason) before the rest move.
    const openFlags = await tx
      .select({
        id: targetFlags.id,
        familyId: targetFlags.familyId,
        personId: targetFlags.personId,
        groupCode: targetFlags.groupCode,
        source: targetFlags.source,
      })
      .from(targetFlags)
      .where(and(inArray(targetFlags.familyId, [keepId, mergeId]), isNull(targetFlags.endedAt)));
    const keyOf = (f: (typeof openFlags)[number], personId: string | null) =>
      `${personId ?? ""}|${f.groupCode}|${f.source}`;
    const keptKeys = new Set(
      openFlags.filter((f) => f.familyId === keepId).map((f) => keyOf(f, f.personId)),
    );
    const ending = openFlags.filter(
      (f) =>
        f.familyId === mergeId &&
        keptKeys.has(keyOf(f, f.personId ? (personMap.get(f.personId) ?? f.personId) : null)),
    );
    if (ending.length > 0) {
      await tx
        .update(targetFlags)
        .set({
          endedAt: new Date(),
          endedBy: by,
          endReason: "Family merged: the kept family already has this flag",
        })
        .where(
          inArray(
            targetFlags.id,
            ending.map((f) => f.id),
          ),
        );
    }
    for (const [from, into] of personMap) {
      await tx
        .update(targetFlags)
        .set({ personId: into })
        .where(and(eq(targetFlags.familyId, mergeId), eq(targetFlags.personId, from)));
    }
    await tx.update(targetFlags).set({ familyId: keepId }).where(eq(targetFlags.familyId, mergeId));

    // 4. Everything else moves as it is. Both families' cards keep working: the family may
    // carry either, and a dead card at the door helps no one. Staff revoke one if they wish.
    if (moving.length > 0) {
      await tx
        .update(people)
        .set({ familyId: keepId })
        .where(
          inArray(
            people.id,
            moving.map((p) => p.id),
          ),
        );
    }
    await tx.update(consents).set({ familyId: keepId }).where(eq(consents.familyId, mergeId));
    await tx.update(familyCards).set({ familyId: keepId }).where(eq(familyCards.familyId, mergeId));
    await tx
      .update(families)
      .set({ mergedIntoId: keepId })
      .where(eq(families.mergedIntoId, mergeId));
    await tx
      .update(families)
      .set({ status: "merged", mergedIntoId: keepId })
      .where(eq(families.id, mergeId));

    const detail = {
      keptFamilyId: keepId,
      mergedFamilyId: mergeId,
      peopleMoved: moving.map((p) => p.id),
      peopleMerged: pairs.map(({ from, into }) => ({ from: from.id, into: into.id })),
      attendancesMoved: plan.attendances - removedAttendances.length,
      attendancesRemovedAsSameSession: removedAttendances,
      cards: plan.cards,
      consents: plan.consents,
      flags: plan.flags,
      flagsEnded: ending.map((f) => f.id),
    };
    await recordAudit(tx, actor, {
      action: "family.merge",
      entityType: "family",
      entityId: keepId,
      detail,
    });
    await recordAudit(tx, actor, {
      action: "family.merged_into",
      entityType: "family",
      entityId: mergeId,
      detail: { keptFamilyId: keepId },
    });
    return {
      ...plan,
      keptFamilyId: keepId,
      removedAttendances: removedAttendances.length,
      flagsEnded: ending.length,
    };
  });
}
