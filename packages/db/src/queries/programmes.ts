import { and, asc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import {
  closureDays,
  type deliveryUnits,
  people,
  programmes,
  sessions,
  sites,
  terms,
} from "../schema";
import { monthsBetween } from "../seed/dates";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

export type ProgrammeFields = {
  name: string;
  serviceArea: string;
  deliveryUnit?: (typeof deliveryUnits)[number] | null;
  offer: "universal" | "targeted";
  minAgeMonths?: number | null;
  maxAgeMonths?: number | null;
  maxAgeMonthsDisability?: number | null;
  targetGroups?: string[];
  capacity?: number | null;
  lengthWeeks?: number | null;
  partnerOrganisation?: string | null;
  description?: string | null;
};

const programmeColumns = {
  id: programmes.id,
  name: programmes.name,
  serviceArea: programmes.serviceArea,
  deliveryUnit: programmes.deliveryUnit,
  offer: programmes.offer,
  minAgeMonths: programmes.minAgeMonths,
  maxAgeMonths: programmes.maxAgeMonths,
  maxAgeMonthsDisability: programmes.maxAgeMonthsDisability,
  targetGroups: programmes.targetGroups,
  capacity: programmes.capacity,
  lengthWeeks: programmes.lengthWeeks,
  partnerOrganisation: programmes.partnerOrganisation,
  description: programmes.description,
};

/** The catalogue: every programme, by name. Programmes are authority-wide, like the offer. */
export async function listProgrammes(db: Database) {
  return db.select(programmeColumns).from(programmes).orderBy(asc(programmes.name));
}

function checkProgramme(fields: ProgrammeFields) {
  if (fields.offer === "universal" && fields.deliveryUnit) {
    throw new AppError(
      "BAD_INPUT",
      "Only a targeted programme has a delivery unit: choose 'targeted' or clear the unit.",
    );
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    error && typeof error === "object"
      ? "code" in error
        ? error.code
        : "cause" in error &&
            error.cause &&
            typeof error.cause === "object" &&
            "code" in error.cause
          ? error.cause.code
          : undefined
      : undefined;
  return code === "23505";
}

export async function createProgramme(db: Database, fields: ProgrammeFields, actor: Actor) {
  checkProgramme(fields);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(programmes).values(fields).returning(programmeColumns);
      if (!row) throw new Error("no programme");
      await recordAudit(tx, actor, {
        action: "programme.create",
        entityType: "programme",
        entityId: row.id,
        detail: { name: row.name },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `There is already a programme called '${fields.name}'.`);
    }
    throw error;
  }
}

export async function updateProgramme(
  db: Database,
  id: string,
  fields: ProgrammeFields,
  actor: Actor,
) {
  checkProgramme(fields);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .update(programmes)
        .set(fields)
        .where(eq(programmes.id, id))
        .returning(programmeColumns);
      if (!row) throw new AppError("NOT_FOUND", "That programme was not found.");
      await recordAudit(tx, actor, {
        action: "programme.update",
        entityType: "programme",
        entityId: id,
        detail: { fields: Object.keys(fields) },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `There is already a programme called '${fields.name}'.`);
    }
    throw error;
  }
}

export type AgeRange = {
  minAgeMonths: number | null;
  maxAgeMonths: number | null;
  maxAgeMonthsDisability: number | null;
};

export type AgeCheck = { eligible: true } | { eligible: false; reason: string };

function describeMonths(months: number): string {
  if (months < 24) return `${months} ${months === 1 ? "month" : "months"}`;
  return `${Math.floor(months / 12)} years`;
}

/**
 * Whether a person's age on a date suits a programme's age range (the upper bound is the
 * disability one for a disabled person). No date of birth (an unborn child) suits only a
 * programme without a lower bound, e.g. an antenatal course.
 */
export function checkAge(
  person: { dateOfBirth: string | null; disability: boolean },
  range: AgeRange,
  onDate: string,
): AgeCheck {
  if (range.minAgeMonths === null && range.maxAgeMonths === null) return { eligible: true };
  if (!person.dateOfBirth) {
    return range.minAgeMonths === null || range.minAgeMonths <= 0
      ? { eligible: true }
      : { eligible: false, reason: "is not born yet" };
  }
  const months = monthsBetween(person.dateOfBirth, onDate);
  if (range.minAgeMonths !== null && months < range.minAgeMonths) {
    return {
      eligible: false,
      reason: `is ${describeMonths(Math.max(months, 0))} old; the programme starts at ${describeMonths(range.minAgeMonths)}`,
    };
  }
  const upper =
    person.disability && range.maxAgeMonthsDisability !== null
      ? Math.max(range.maxAgeMonthsDisability, range.maxAgeMonths ?? 0)
      : range.maxAgeMonths;
  // The upper bound is inclusive of its whole month/year: "0–12 months" takes a 12-month-old.
  if (upper !== null && months > upper) {
    return {
      eligible: false,
      reason: `is ${describeMonths(months)} old; the programme is up to ${describeMonths(upper)}`,
    };
  }
  return { eligible: true };
}

/**
 * Whether a person may be booked on or checked in to a session by age. The kiosk refuses when
 * `eligible` is false; staff may go ahead with an override reason.
 */
export async function isEligibleForSession(
  db: Database | Transaction,
  input: { sessionId: string; personId: string },
): Promise<AgeCheck & { firstName: string }> {
  const [row] = await db
    .select({
      firstName: people.firstName,
      dateOfBirth: people.dateOfBirth,
      disability: people.disability,
      minAgeMonths: programmes.minAgeMonths,
      maxAgeMonths: programmes.maxAgeMonths,
      maxAgeMonthsDisability: programmes.maxAgeMonthsDisability,
      sessionDate: sql<string>`to_char(${sessions.startsAt} at time zone 'Europe/London', 'YYYY-MM-DD')`,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(people, eq(people.id, input.personId))
    .where(eq(sessions.id, input.sessionId));
  if (!row) throw new AppError("NOT_FOUND", "That session or person was not found.");
  return { firstName: row.firstName, ...checkAge(row, row, row.sessionDate) };
}

// Terms and closure days.

export async function listTerms(db: Database) {
  return db
    .select({
      id: terms.id,
      name: terms.name,
      startsOn: terms.startsOn,
      endsOn: terms.endsOn,
      localityId: terms.localityId,
    })
    .from(terms)
    .orderBy(asc(terms.startsOn));
}

export async function createTerm(
  db: Database,
  input: { name: string; startsOn: string; endsOn: string; localityId?: string | null },
  actor: Actor,
) {
  if (input.endsOn < input.startsOn) {
    throw new AppError("BAD_INPUT", "The term ends before it starts: check the two dates.");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(terms)
      .values({ ...input, localityId: input.localityId ?? null })
      .returning({ id: terms.id, name: terms.name });
    if (!row) throw new Error("no term");
    await recordAudit(tx, actor, { action: "term.create", entityType: "term", entityId: row.id });
    return row;
  });
}

export async function getTerm(db: Database | Transaction, id: string) {
  const [row] = await db
    .select({
      id: terms.id,
      name: terms.name,
      startsOn: terms.startsOn,
      endsOn: terms.endsOn,
      localityId: terms.localityId,
    })
    .from(terms)
    .where(eq(terms.id, id));
  if (!row) throw new AppError("NOT_FOUND", "That term was not found.");
  return row;
}

export async function listClosureDays(db: Database, range: { from: string; to: string }) {
  return db
    .select({
      id: closureDays.id,
      date: closureDays.date,
      name: closureDays.name,
      siteId: closureDays.siteId,
    })
    .from(closureDays)
    .where(and(gte(closureDays.date, range.from), lte(closureDays.date, range.to)))
    .orderBy(asc(closureDays.date));
}

export async function addClosureDay(
  db: Database,
  input: { date: string; name: string; siteId?: string | null },
  scope: Scope,
  actor: Actor,
) {
  // A bank holiday closes every site: only staff who see every site add one.
  if (!input.siteId && !scope.all) {
    throw new AppError(
      "FORBIDDEN",
      "Only an administrator adds a closure for every site; choose your centre instead.",
    );
  }
  if (input.siteId) {
    const [site] = await db
      .select({ id: sites.id })
      .from(sites)
      .where(and(eq(sites.id, input.siteId), siteInScope(scope, sites.id)));
    if (!site) throw new AppError("NOT_FOUND", "That site was not found.");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(closureDays)
      .values({ date: input.date, name: input.name, siteId: input.siteId ?? null })
      .onConflictDoNothing()
      .returning({ id: closureDays.id });
    if (!row) {
      throw new AppError("CONFLICT", `${input.date} is already a closure day there.`);
    }
    await recordAudit(tx, actor, {
      action: "closure_day.create",
      entityType: "closure_day",
      entityId: row.id,
      detail: { date: input.date, siteId: input.siteId ?? null },
    });
    return row;
  });
}

/**
 * The dates sessions at a site must not fall on, and the terms they must fall in, for a
 * range. With no term covering any of the range, the term check is off (an authority that
 * has not entered its terms still plans).
 */
export async function planningCalendar(
  db: Database | Transaction,
  input: { siteId: string; from: string; to: string },
) {
  const closed = await db
    .select({ date: closureDays.date })
    .from(closureDays)
    .where(
      and(
        gte(closureDays.date, input.from),
        lte(closureDays.date, input.to),
        or(isNull(closureDays.siteId), eq(closureDays.siteId, input.siteId)),
      ),
    );
  const termRows = await db
    .select({ startsOn: terms.startsOn, endsOn: terms.endsOn })
    .from(terms)
    .where(
      and(
        lte(terms.startsOn, input.to),
        gte(terms.endsOn, input.from),
        or(
          isNull(terms.localityId),
          sql`${terms.localityId} = (select ${sites.localityId} from ${sites} where ${sites.id} = ${input.siteId})`,
        ),
      ),
    );
  return {
    closures: new Set(closed.map((c) => c.date)),
    terms: termRows,
  };
}

export type PlanningCalendar = Awaited<ReturnType<typeof planningCalendar>>;

/** Whether a date may have a session: not a closure day, and inside a term when terms are set. */
export function isPlannable(calendar: PlanningCalendar, date: string): boolean {
  if (calendar.closures.has(date)) return false;
  if (calendar.terms.length === 0) return true;
  return calendar.terms.some((t) => t.startsOn <= date && date <= t.endsOn);
}
