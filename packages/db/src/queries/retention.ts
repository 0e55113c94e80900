// Retention: how long FamilyHub keeps each kind of record, in one place, and the job that applies
// it. A family under a legal hold is never touched by any rule (nor are audit events about it).
import {
  and,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  not,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Database, Transaction } from "../client";
import {
  attendances,
  auditEvents,
  consents,
  families,
  familyCards,
  legalHolds,
  people,
  retentionRuns,
  targetFlags,
} from "../schema";
import type { RetentionRunCounts } from "../schema";
import { type Actor, recordAudit } from "./audit";
import { anonymiseFamilies } from "./erasure";

/**
 * How long each kind of record is kept: the one place to change it. The periods follow the
 * council's retention schedule for early help records (6 years after the last contact), a
 * month for a self-registration nobody verified, and 7 years for the audit log.
 */
export const retentionPolicy = {
  /** A family with no attendance, registration or change for this long is erased (anonymised). */
  inactiveFamilyYears: 6,
  /** A self-registration staff never accepted (still pending, or rejected) is deleted after this. */
  unverifiedSelfRegistrationDays: 30,
  /** Audit events older than this are removed (never younger than 365 days: the database refuses). */
  auditEventYears: 7,
} as const;

export type RetentionPolicy = { [K in keyof typeof retentionPolicy]: number };

export const retentionRules = [
  "inactive_families",
  "unverified_self_registrations",
  "audit_events",
] as const;
export type RetentionRule = (typeof retentionRules)[number];

export type RetentionResult = {
  dryRun: boolean;
  /** What each rule removed (or, in a dry run, would remove). */
  removed: Record<RetentionRule, number>;
  /** Records a rule would have removed but a legal hold kept. */
  held: Record<RetentionRule, number>;
};

const yearsAgo = (now: Date, years: number) => {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
};

// `entity_type = 'family' and entity_id in (…)` is null, not false, for an event without an
// entity; "not" of null would drop it, so it reads as false instead.
const aboutHeldOrNull = (condition: SQL | undefined) => sql`coalesce(${condition}, false)`;

const heldFamilies = sql`(select ${legalHolds.familyId} from ${legalHolds} where ${legalHolds.liftedAt} is null)`;

/** Active families whose last sign of life (registration, creation, attendance) is before `cutoff`. */
async function inactiveFamilies(db: Database | Transaction, cutoff: Date) {
  const lastAttended = sql`(select max(${attendances.checkedInAt}) from ${attendances} inner join ${people} on ${people.id} = ${attendances.personId} where ${people.familyId} = ${families.id})`;
  return db
    .select({
      id: families.id,
      held: sql<boolean>`${families.id} in ${heldFamilies}`,
    })
    .from(families)
    .where(
      and(
        eq(families.status, "active"),
        lt(families.createdAt, cutoff),
        lt(families.registeredOn, cutoff.toISOString().slice(0, 10)),
        sql`coalesce(${lastAttended} < ${cutoff.toISOString()}::timestamptz, true)`,
      ),
    );
}

/** Self-registrations never accepted: still pending, or rejected (kept as "merged" by rejection). */
async function unverifiedSelfRegistrations(db: Database | Transaction, cutoff: Date) {
  return db
    .select({
      id: families.id,
      held: sql<boolean>`${families.id} in ${heldFamilies}`,
    })
    .from(families)
    .where(
      and(
        isNotNull(families.selfRegisteredAt),
        lt(families.selfRegisteredAt, cutoff),
        or(
          eq(families.status, "pending"),
          // A rejected self-registration (merged into a known family, or not a registration):
          // its people never attended, since only an accepted family gets a card.
          and(
            eq(families.status, "merged"),
            sql`not exists (select 1 from ${attendances} inner join ${people} on ${people.id} = ${attendances.personId} where ${people.familyId} = ${families.id})`,
          ),
        ),
      ),
    );
}

async function deleteFamilies(tx: Transaction, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const personIds = (
    await tx.select({ id: people.id }).from(people).where(inArray(people.familyId, ids))
  ).map((p) => p.id);
  // Anything else merged into these records points elsewhere first (nothing should, but a
  // dangling reference must not stop the rule).
  await tx
    .update(families)
    .set({ mergedIntoId: null })
    .where(and(inArray(families.mergedIntoId, ids), notInArray(families.id, ids)));
  if (personIds.length > 0) {
    await tx
      .update(people)
      .set({ mergedIntoId: null })
      .where(and(inArray(people.mergedIntoId, personIds), notInArray(people.id, personIds)));
  }
  await tx.delete(targetFlags).where(inArray(targetFlags.familyId, ids));
  await tx.delete(consents).where(inArray(consents.familyId, ids));
  await tx.delete(familyCards).where(inArray(familyCards.familyId, ids));
  await tx.delete(legalHolds).where(inArray(legalHolds.familyId, ids));
  await tx.delete(people).where(inArray(people.familyId, ids));
  await tx.delete(families).where(inArray(families.id, ids));
}

/**
 * Applies every retention rule once, in one transaction, and records the run (what each rule
 * removed, what a legal hold kept) in `retention_runs` and the audit log. A dry run counts and
 * changes nothing but its own record of the run.
 */
export async function runRetention(
  db: Database,
  options: {
    dryRun: boolean;
    trigger: "schedule" | "cli";
    actor: Actor;
    now?: Date;
    policy?: RetentionPolicy;
  },
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? retentionPolicy;
  const [run] = await db
    .insert(retentionRuns)
    .values({ dryRun: options.dryRun, trigger: options.trigger })
    .returning({ id: retentionRuns.id });
  const result = await db.transaction(async (tx) => {
    const inactive = await inactiveFamilies(tx, yearsAgo(now, policy.inactiveFamilyYears));
    const unverified = await unverifiedSelfRegistrations(
      tx,
      new Date(now.getTime() - policy.unverifiedSelfRegistrationDays * 86_400_000),
    );
    const auditCutoff = yearsAgo(now, policy.auditEventYears);
    const held = (
      await tx
        .select({ id: legalHolds.familyId })
        .from(legalHolds)
        .where(isNull(legalHolds.liftedAt))
    ).map((h) => h.id);
    const aboutHeld = and(
      eq(auditEvents.entityType, "family"),
      inArray(auditEvents.entityId, held),
    );
    const [auditDue] = await tx
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(
          lt(auditEvents.at, auditCutoff),
          held.length > 0 ? not(aboutHeldOrNull(aboutHeld)) : undefined,
        ),
      );
    const [auditHeld] =
      held.length > 0
        ? await tx
            .select({ n: count() })
            .from(auditEvents)
            .where(and(lt(auditEvents.at, auditCutoff), aboutHeld))
        : [{ n: 0 }];

    const toErase = inactive.filter((f) => !f.held).map((f) => f.id);
    const toDelete = unverified.filter((f) => !f.held).map((f) => f.id);
    const counts: RetentionResult = {
      dryRun: options.dryRun,
      removed: {
        inactive_families: toErase.length,
        unverified_self_registrations: toDelete.length,
        audit_events: auditDue?.n ?? 0,
      },
      held: {
        inactive_families: inactive.length - toErase.length,
        unverified_self_registrations: unverified.length - toDelete.length,
        audit_events: auditHeld?.n ?? 0,
      },
    };
    if (options.dryRun) return counts;

    // Each erased family's merged records go with it, as when staff erase one.
    if (toErase.length > 0) {
      const merged = await tx
        .select({ id: families.id })
        .from(families)
        .where(and(inArray(families.mergedIntoId, toErase), eq(families.status, "merged")));
      await anonymiseFamilies(tx, [...toErase, ...merged.map((m) => m.id)]);
    }
    await deleteFamilies(tx, toDelete);
    if (counts.removed.audit_events > 0) {
      // The one way audit events are removed: see migration 0006 (familyhub_purge_audit_events).
      await tx.execute(
        sql`select familyhub_purge_audit_events(${auditCutoff.toISOString()}::timestamptz, ${`{${held.join(",")}}`}::text[])`,
      );
    }
    return counts;
  });
  if (run) {
    await db
      .update(retentionRuns)
      .set({
        finishedAt: new Date(),
        removed: result.removed satisfies RetentionRunCounts,
        held: result.held satisfies RetentionRunCounts,
      })
      .where(eq(retentionRuns.id, run.id));
  }
  await recordAudit(db, options.actor, {
    action: options.dryRun ? "retention.dry_run" : "retention.run",
    entityType: "retention_run",
    entityId: run?.id,
    detail: { trigger: options.trigger, removed: result.removed, held: result.held },
  });
  return result;
}

/** The last runs of the retention job, newest first. */
export async function listRetentionRuns(db: Database, limit = 20) {
  return db
    .select({
      id: retentionRuns.id,
      startedAt: retentionRuns.startedAt,
      finishedAt: retentionRuns.finishedAt,
      dryRun: retentionRuns.dryRun,
      trigger: retentionRuns.trigger,
      removed: retentionRuns.removed,
      held: retentionRuns.held,
    })
    .from(retentionRuns)
    .orderBy(desc(retentionRuns.startedAt))
    .limit(limit);
}

export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Runs retention now and then once a day while the server runs. Errors go to `onError` and the
 * next day's run tries again. Returns a function that stops it.
 */
export function keepRetentionApplied(
  db: Database,
  onError: (error: unknown) => void,
  intervalMs = RETENTION_INTERVAL_MS,
): () => void {
  const run = () =>
    runRetention(db, {
      dryRun: false,
      trigger: "schedule",
      actor: { type: "system", id: "retention" },
    }).catch(onError);
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
