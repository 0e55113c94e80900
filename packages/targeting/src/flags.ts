import {
  type Actor,
  AppError,
  type Database,
  londonDate,
  recordAudit,
  type Scope,
  siteInScope,
  type Transaction,
} from "@familyhub/db";
import { families, people, targetFlags, targetGroups, user } from "@familyhub/db/schema";
import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { ensureBuiltInGroups } from "./catalogue";

/** The sources staff may record by hand; rule and social care flags are derived. */
export const manualFlagSources = ["staff", "self_declared"] as const;
export type ManualFlagSource = (typeof manualFlagSources)[number];

/**
 * The family, if the caller's scope includes its registered site. Outside the scope it reads as
 * not existing, so a guessed id tells nothing about whether the family is known.
 */
async function familyInScope(db: Database | Transaction, familyId: string, scope: Scope) {
  const [family] = await db
    .select({ id: families.id, status: families.status })
    .from(families)
    .where(
      and(
        eq(families.id, familyId),
        ne(families.status, "erased"),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
  return family;
}

const recorder = alias(user, "recorder");
const ender = alias(user, "ender");

export type FamilyFlag = {
  id: string;
  groupCode: string;
  groupLabel: string;
  category: "family" | "parental" | "child_young_person";
  isPriority: boolean;
  personId: string | null;
  personName: string | null;
  source: "self_declared" | "staff" | "rule" | "social_care";
  note: string | null;
  startedOn: string;
  reviewOn: string | null;
  recordedAt: Date;
  recordedByName: string | null;
  endedAt: Date | null;
  endedByName: string | null;
  endReason: string | null;
};

export type FamilyFlags = {
  /** In at least one group the authority counts as priority, today. */
  priority: boolean;
  /** The priority groups the family is in today, each once, by label. */
  priorityGroups: { code: string; label: string }[];
  /** Open flags first, then ended ones, newest first. */
  flags: FamilyFlag[];
  /** Whom a new flag can be about (first and last names only). */
  members: { id: string; name: string; role: "adult" | "child" }[];
};

/**
 * A family's flags, for staff whose scope includes the family's registered site. Every read is
 * an audit event: flags are among the most sensitive things FamilyHub holds.
 */
export async function listFamilyFlags(
  db: Database,
  familyId: string,
  scope: Scope,
  actor: Actor,
): Promise<FamilyFlags> {
  await familyInScope(db, familyId, scope);
  const today = londonDate();
  const flags = await db
    .select({
      id: targetFlags.id,
      groupCode: targetFlags.groupCode,
      groupLabel: targetGroups.label,
      category: targetGroups.category,
      isPriority: targetGroups.isPriority,
      personId: targetFlags.personId,
      personName: sql<
        string | null
      >`case when ${people.id} is null then null else ${people.firstName} || ' ' || ${people.lastName} end`,
      source: targetFlags.source,
      note: targetFlags.note,
      startedOn: targetFlags.startedOn,
      reviewOn: targetFlags.reviewOn,
      recordedAt: targetFlags.recordedAt,
      recordedByName: recorder.name,
      endedAt: targetFlags.endedAt,
      endedByName: ender.name,
      endReason: targetFlags.endReason,
    })
    .from(targetFlags)
    .innerJoin(targetGroups, eq(targetGroups.code, targetFlags.groupCode))
    .leftJoin(people, eq(people.id, targetFlags.personId))
    .leftJoin(recorder, eq(recorder.id, targetFlags.recordedBy))
    .leftJoin(ender, eq(ender.id, targetFlags.endedBy))
    .where(eq(targetFlags.familyId, familyId))
    .orderBy(
      sql`${targetFlags.endedAt} is not null`,
      desc(targetFlags.endedAt),
      asc(targetGroups.label),
      desc(targetFlags.recordedAt),
    );

  const members = await db
    .select({
      id: people.id,
      name: sql<string>`${people.firstName} || ' ' || ${people.lastName}`,
      role: people.role,
    })
    .from(people)
    .where(and(eq(people.familyId, familyId), isNull(people.mergedIntoId)))
    .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.firstName));

  const current = flags.filter((f) => f.isPriority && !f.endedAt && f.startedOn <= today);
  const priorityGroups = [...new Map(current.map((f) => [f.groupCode, f.groupLabel]))]
    .map(([code, label]) => ({ code, label }))
    .sort((a, b) => a.label.localeCompare(b.label));

  await recordAudit(db, actor, {
    action: "flags.read",
    entityType: "family",
    entityId: familyId,
    detail: { flags: flags.length },
  });
  return { priority: priorityGroups.length > 0, priorityGroups, flags, members };
}

export type RecordFlagInput = {
  familyId: string;
  /** Null or absent: the flag is about the whole family. */
  personId?: string | null;
  groupCode: string;
  source: ManualFlagSource;
  /** Required when staff record a flag: what they know and how. */
  note?: string | null;
  startedOn?: string;
  reviewOn?: string | null;
};

/** Staff record a flag, or one the family declared themselves. */
export async function recordFlag(
  db: Database,
  input: RecordFlagInput,
  scope: Scope,
  actor: Actor,
): Promise<{ id: string }> {
  const note = input.note?.trim() || null;
  if (input.source === "staff" && !note) {
    throw new AppError(
      "BAD_INPUT",
      "Add a note saying what you know and how (e.g. 'Mum told us at Stay and Play').",
    );
  }
  const today = londonDate();
  const startedOn = input.startedOn ?? today;
  if (startedOn > today) {
    throw new AppError("BAD_INPUT", "The start date cannot be in the future.");
  }
  if (input.reviewOn && input.reviewOn < startedOn) {
    throw new AppError("BAD_INPUT", "The review date must be on or after the start date.");
  }
  return db.transaction(async (tx) => {
    const family = await familyInScope(tx, input.familyId, scope);
    if (family.status === "merged") {
      throw new AppError(
        "CONFLICT",
        "This family was merged into another; record the flag on that family.",
      );
    }
    await ensureBuiltInGroups(tx, [input.groupCode]);
    const [group] = await tx
      .select({ code: targetGroups.code, active: targetGroups.active })
      .from(targetGroups)
      .where(eq(targetGroups.code, input.groupCode));
    if (!group || !group.active) {
      throw new AppError("BAD_INPUT", "Choose a target group from the list.");
    }
    const personId = input.personId ?? null;
    if (personId) {
      const [person] = await tx
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.id, personId), eq(people.familyId, family.id)));
      if (!person) throw new AppError("BAD_INPUT", "Choose a member of this family.");
    }
    const [row] = await tx
      .insert(targetFlags)
      .values({
        familyId: family.id,
        personId,
        groupCode: group.code,
        source: input.source,
        note,
        startedOn,
        reviewOn: input.reviewOn ?? null,
        recordedBy: actor.type === "staff" ? actor.id : null,
      })
      .onConflictDoNothing()
      .returning({ id: targetFlags.id });
    if (!row) {
      throw new AppError(
        "CONFLICT",
        "This group is already recorded for them. End the open flag first to record it again.",
      );
    }
    await recordAudit(tx, actor, {
      action: "flags.record",
      entityType: "family",
      entityId: family.id,
      detail: { flagId: row.id, groupCode: group.code, source: input.source, personId },
    });
    return row;
  });
}

/**
 * Ends a flag staff or the family recorded; it is kept, with who ended it, when and why. Rule
 * and social care flags end by themselves when what they came from changes.
 */
export async function endFlag(
  db: Database,
  input: { flagId: string; reason: string },
  scope: Scope,
  actor: Actor,
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError("BAD_INPUT", "Say why the flag ends (e.g. 'moved to settled housing').");
  await db.transaction(async (tx) => {
    const [flag] = await tx
      .select({
        id: targetFlags.id,
        familyId: targetFlags.familyId,
        source: targetFlags.source,
        endedAt: targetFlags.endedAt,
      })
      .from(targetFlags)
      .innerJoin(families, eq(families.id, targetFlags.familyId))
      .where(and(eq(targetFlags.id, input.flagId), siteInScope(scope, families.registeredSiteId)));
    if (!flag) throw new AppError("NOT_FOUND", "That flag was not found.");
    if (flag.source === "rule" || flag.source === "social_care") {
      throw new AppError(
        "BAD_INPUT",
        flag.source === "rule"
          ? "This flag comes from the family's details; correct them and it ends by itself."
          : "This flag comes from the social care records; it ends when they change.",
      );
    }
    if (flag.endedAt) throw new AppError("CONFLICT", "This flag has already ended.");
    await tx
      .update(targetFlags)
      .set({
        endedAt: sql`now()`,
        endedBy: actor.type === "staff" ? actor.id : null,
        endReason: reason,
      })
      .where(and(eq(targetFlags.id, flag.id), isNull(targetFlags.endedAt)));
    await recordAudit(tx, actor, {
      action: "flags.end",
      entityType: "family",
      entityId: flag.familyId,
      detail: { flagId: flag.id },
    });
  });
}
