// Snapshots over time: the list, the trend of each cohort across snapshots, the change since
// the previous one, and purging old snapshots' children while keeping their figures.
import {
  type Actor,
  type Database,
  londonDate,
  recordAudit,
  type Transaction,
} from "@familyhub/db";
import { baselineChildren, baselineSnapshots, reachSnapshotFigures } from "@familyhub/db/schema";
import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import {
  type AgeRange,
  DEFAULT_SUSTAINED_MIN,
  type ReachService,
  reachServices,
  reportCohorts,
  type ReportCohort,
} from "./cohorts";
import {
  type ChildScope,
  reachCounts,
  reachCtes,
  type ReachRow,
  resolveAges,
  suppressReach,
} from "./report";
import { selectRows as rows } from "@familyhub/db";
import { DEFAULT_SUPPRESSION, percentage } from "./suppression";

type Db = Database | Transaction;

export type SnapshotSummary = {
  id: string;
  snapshotDate: string;
  rows: number;
  children: number;
  /** Children linked to a person (by social care id, automatically or confirmed). */
  linked: number;
  pendingReviews: number;
  importedAt: Date;
  purgedAt: Date | null;
};

export async function listSnapshots(db: Db): Promise<SnapshotSummary[]> {
  return rows<SnapshotSummary>(
    db,
    sql`select s.id, s.snapshot_date::text as "snapshotDate", s.rows, s.children,
               (select count(*)::int from baseline_children c
                 where c.snapshot_id = s.id and c.person_id is not null) as linked,
               (select count(*)::int from match_reviews r
                 where r.snapshot_id = s.id and r.status = 'pending') as "pendingReviews",
               s.imported_at as "importedAt", s.purged_at as "purgedAt"
          from baseline_snapshots s order by s.snapshot_date desc`,
  ).then((list) =>
    // Raw SQL timestamps may come as a Date or a string depending on the engine.
    list.map((s) => ({
      ...s,
      importedAt: new Date(s.importedAt),
      purgedAt: s.purgedAt ? new Date(s.purgedAt) : null,
    })),
  );
}

/** The month up to a snapshot's date, both ends included: `2026-06-30` → 2026-06-01…2026-06-30, `2026-07-15` → 2026-06-16…2026-07-15. */
export function monthUpTo(snapshotDate: string): { from: string; to: string } {
  const [y = 0, m = 1, d = 1] = snapshotDate.split("-").map(Number);
  // A month-end export covers its calendar month; otherwise from the day after the same date
  // a month before (clamped to that month's last day).
  if (d === new Date(Date.UTC(y, m, 0)).getUTCDate()) {
    return { from: `${snapshotDate.slice(0, 8)}01`, to: snapshotDate };
  }
  const lastOfPrevious = new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
  const start = new Date(Date.UTC(y, m - 2, Math.min(d, lastOfPrevious) + 1));
  return { from: start.toISOString().slice(0, 10), to: snapshotDate };
}

export type TrendPoint = {
  snapshotDate: string;
  from: string;
  to: string;
  /** Purged snapshots come from the figures kept when their children were deleted. */
  purged: boolean;
  rows: ReachRow[];
};

export type TrendOptions = {
  service?: ReachService | undefined;
  ages?: AgeRange | null | undefined;
  sustainedMin?: number | undefined;
  suppress: boolean;
};

type Counts = {
  cohort: string;
  baseline: number;
  registered: number;
  engaged: number;
  sustained: number;
};

/**
 * Each cohort's reach at each snapshot, oldest first, over the month up to the snapshot's date.
 * A live snapshot is counted now; a purged one is read from its kept figures (which hold every
 * service by district and age in years, over the same month).
 */
export async function reachTrend(db: Db, options: TrendOptions): Promise<TrendPoint[]> {
  const service = options.service ?? "all";
  const ages = resolveAges(service, options.ages);
  const sustainedMin = options.sustainedMin ?? DEFAULT_SUSTAINED_MIN;
  const snapshots = await db
    .select({
      id: baselineSnapshots.id,
      snapshotDate: baselineSnapshots.snapshotDate,
      purgedAt: baselineSnapshots.purgedAt,
    })
    .from(baselineSnapshots)
    .orderBy(asc(baselineSnapshots.snapshotDate));
  const points: TrendPoint[] = [];
  for (const snapshot of snapshots) {
    const period = monthUpTo(snapshot.snapshotDate);
    let counts: Counts[];
    if (snapshot.purgedAt) {
      const agesWhere = ages
        ? sql`and age_years >= ${ages.min} ${ages.max === null ? sql`` : sql`and age_years <= ${ages.max}`}`
        : sql``;
      counts = await rows<Counts>(
        db,
        sql`select cohort, sum(baseline)::int as baseline, sum(registered)::int as registered,
                   sum(engaged)::int as engaged, sum(sustained)::int as sustained
              from reach_snapshot_figures
             where snapshot_id = ${snapshot.id} and service = ${service} ${agesWhere}
             group by cohort`,
      );
    } else {
      counts = await reachCounts(
        db,
        { snapshotId: snapshot.id, service, ages, sustainedMin, ...period },
        "cohort",
      );
    }
    const byCohort = new Map(counts.map((c) => [c.cohort, c]));
    const raw = reportCohorts.map((cohort) => {
      const c = byCohort.get(cohort);
      return {
        cohort,
        district: "All",
        ageBand: "All",
        site: null,
        siteName: null,
        baseline: c?.baseline ?? 0,
        registered: c?.registered ?? 0,
        engaged: c?.engaged ?? 0,
        sustained: c?.sustained ?? 0,
      };
    });
    points.push({
      snapshotDate: snapshot.snapshotDate,
      ...period,
      purged: snapshot.purgedAt !== null,
      rows: options.suppress
        ? suppressReach(raw, "cohort", DEFAULT_SUPPRESSION)
        : raw.map((r) => ({
            ...r,
            registeredPct: percentage(r.registered, r.baseline),
            engagedPct: percentage(r.engaged, r.baseline),
            sustainedPct: percentage(r.sustained, r.baseline),
          })),
    });
  }
  return points;
}

export type CohortChange = {
  cohort: ReportCohort;
  /** Percentage points since the previous snapshot; null when either side is hidden or empty. */
  registeredPct: number | null;
  engagedPct: number | null;
  sustainedPct: number | null;
};

/** Each cohort's change in percentage points between the last two snapshots (for the tiles). */
export async function reachChange(
  db: Db,
  options: TrendOptions,
): Promise<{ current: TrendPoint | null; previous: TrendPoint | null; change: CohortChange[] }> {
  const trend = await reachTrend(db, options);
  const current = trend.at(-1) ?? null;
  const previous = trend.at(-2) ?? null;
  const delta = (
    a: ReachRow["registeredPct"] | undefined,
    b: ReachRow["registeredPct"] | undefined,
  ) => (typeof a === "number" && typeof b === "number" ? Math.round((a - b) * 10) / 10 : null);
  const change = reportCohorts.map((cohort) => {
    const now = current?.rows.find((r) => r.cohort === cohort);
    const before = previous?.rows.find((r) => r.cohort === cohort);
    return {
      cohort,
      registeredPct: delta(now?.registeredPct, before?.registeredPct),
      engagedPct: delta(now?.engagedPct, before?.engagedPct),
      sustainedPct: delta(now?.sustainedPct, before?.sustainedPct),
    };
  });
  return { current, previous, change };
}

/**
 * Keeps a snapshot's figures (every service; by cohort, district and age in years; over the
 * month up to its date) in reach_snapshot_figures, replacing any kept before. One SQL statement
 * a service: the counts never leave PostgreSQL.
 */
export async function storeSnapshotFigures(db: Db, snapshotId: string, snapshotDate: string) {
  const period = monthUpTo(snapshotDate);
  await db.delete(reachSnapshotFigures).where(eq(reachSnapshotFigures.snapshotId, snapshotId));
  for (const service of reachServices) {
    const scope: ChildScope = {
      snapshotId,
      service,
      ages: null,
      sustainedMin: DEFAULT_SUSTAINED_MIN,
      ...period,
    };
    await db.execute(sql`${reachCtes(scope, false)}
      insert into reach_snapshot_figures
        (snapshot_id, service, cohort, district, age_years, period_from, period_to,
         baseline, registered, engaged, sustained)
      select ${snapshotId}, ${service}, co.cohort, k.district, k.age_years, ${period.from}, ${period.to},
             count(*)::int, count(r.child_id)::int, count(a.child_id)::int,
             (count(*) filter (where a.n >= ${DEFAULT_SUSTAINED_MIN}))::int
        from cohorts co
        join kids k on k.id = co.child_id
        left join registered r on r.child_id = co.child_id
        left join attended a on a.child_id = co.child_id
       group by co.cohort, k.district, k.age_years`);
  }
}

/** How long a snapshot's children are kept by default: a year of monthly comparisons, and one more. */
export const DEFAULT_RETENTION_MONTHS = 13;

/**
 * Deletes the children (names, dates of birth, postcodes, links and review items) of every
 * snapshot dated more than `retentionMonths` before `today`, each in its own transaction after
 * keeping its figures. The snapshot row stays, marked purged, so the trend still shows it.
 */
export async function purgeSnapshots(
  db: Database,
  options: { retentionMonths: number; today?: string; actor?: Actor },
): Promise<{ cutoff: string; purged: string[] }> {
  const today = options.today ?? londonDate();
  const [y = 0, m = 1, d = 1] = today.split("-").map(Number);
  const cutoffDate = new Date(Date.UTC(y, m - 1 - options.retentionMonths, 1));
  const lastDay = new Date(
    Date.UTC(cutoffDate.getUTCFullYear(), cutoffDate.getUTCMonth() + 1, 0),
  ).getUTCDate();
  cutoffDate.setUTCDate(Math.min(d, lastDay));
  const cutoff = cutoffDate.toISOString().slice(0, 10);
  const old = await db
    .select({ id: baselineSnapshots.id, snapshotDate: baselineSnapshots.snapshotDate })
    .from(baselineSnapshots)
    .where(and(lt(baselineSnapshots.snapshotDate, cutoff), isNull(baselineSnapshots.purgedAt)))
    .orderBy(asc(baselineSnapshots.snapshotDate));
  const purged: string[] = [];
  for (const snapshot of old) {
    await db.transaction(async (tx) => {
      await storeSnapshotFigures(tx, snapshot.id, snapshot.snapshotDate);
      await tx.delete(baselineChildren).where(eq(baselineChildren.snapshotId, snapshot.id));
      await tx
        .update(baselineSnapshots)
        .set({ purgedAt: sql`now()` })
        .where(eq(baselineSnapshots.id, snapshot.id));
      await recordAudit(tx, options.actor ?? { type: "system", id: null }, {
        action: "baseline.purge",
        entityType: "baseline_snapshot",
        entityId: snapshot.id,
        detail: { snapshotDate: snapshot.snapshotDate, retentionMonths: options.retentionMonths },
      });
    });
    purged.push(snapshot.snapshotDate);
  }
  return { cutoff, purged };
}
