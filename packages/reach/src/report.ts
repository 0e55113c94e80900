// The reach report (PRODUCT.md, "Reach, defined"): of a snapshot's baseline children, how many
// are registered with, engaged by (one attendance in the period) and sustained by (N or more)
// the service. Every count is made in PostgreSQL; JavaScript only fills in the empty rows,
// suppresses small numbers and works out the percentages.
import { AppError, type Database, londonDayBounds, type Transaction } from "@familyhub/db";
import { baselineSnapshots, sites } from "@familyhub/db/schema";
import { asc, desc, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import {
  type AgeRange,
  ageBandRanges,
  DEFAULT_SUSTAINED_MIN,
  defaultAges,
  type ReachBreakdown,
  type ReachService,
  reachAgeBands,
  reportCohorts,
  type ReportCohort,
  serviceSiteKinds,
} from "./cohorts";
import { selectRows as rows } from "@familyhub/db";
import {
  type Count,
  DEFAULT_SUPPRESSION,
  formatPercentage,
  type Percentage,
  percentage,
  type SuppressionRange,
  suppressCells,
} from "./suppression";

type Db = Database | Transaction;

export type ReachOptions = {
  /** `YYYY-MM-DD`, Europe/London days, both included. */
  from: string;
  to: string;
  /** Default: the latest snapshot on or before `to`. */
  snapshotDate?: string | undefined;
  service?: ReachService | undefined;
  /** Undefined: the service's default ages; null: every age. */
  ages?: AgeRange | null | undefined;
  by?: ReachBreakdown | undefined;
  /** Only the children of one district (the dashboard's filter). */
  district?: string | undefined;
  sustainedMin?: number | undefined;
  suppress?: boolean | undefined;
  suppression?: SuppressionRange | undefined;
};

export type ReachCounts = {
  baseline: number;
  registered: number;
  engaged: number;
  sustained: number;
};

export type ReachRow = {
  cohort: ReportCohort;
  /** The district, or `All`; for `by: site`, the site's district. */
  district: string;
  ageBand: string;
  /** The site code, only for `by: site`. */
  site: string | null;
  siteName: string | null;
  baseline: Count;
  registered: Count;
  registeredPct: Percentage;
  engaged: Count;
  engagedPct: Percentage;
  sustained: Count;
  sustainedPct: Percentage;
};

export type ReachReport = {
  snapshot: { id: string; snapshotDate: string };
  from: string;
  to: string;
  service: ReachService;
  ages: AgeRange | null;
  by: ReachBreakdown;
  district: string | null;
  sustainedMin: number;
  suppressed: boolean;
  rows: ReachRow[];
};

export type Snapshot = { id: string; snapshotDate: string; purgedAt: Date | null };

/**
 * The snapshot a report reads: the one of `snapshotDate`, or the latest on or before `to`.
 * A period with no snapshot, or a purged one, says so in words a person can act on.
 */
export async function findSnapshot(
  db: Db,
  options: { snapshotDate?: string | undefined; to: string },
): Promise<Snapshot> {
  const columns = {
    id: baselineSnapshots.id,
    snapshotDate: baselineSnapshots.snapshotDate,
    purgedAt: baselineSnapshots.purgedAt,
  };
  const [snapshot] = options.snapshotDate
    ? await db
        .select(columns)
        .from(baselineSnapshots)
        .where(eq(baselineSnapshots.snapshotDate, options.snapshotDate))
    : await db
        .select(columns)
        .from(baselineSnapshots)
        .where(lte(baselineSnapshots.snapshotDate, options.to))
        .orderBy(desc(baselineSnapshots.snapshotDate))
        .limit(1);
  if (!snapshot) {
    const known = await db
      .select({ date: baselineSnapshots.snapshotDate })
      .from(baselineSnapshots)
      .orderBy(asc(baselineSnapshots.snapshotDate));
    const list = known.length
      ? `The snapshots are: ${known.map((k) => k.date).join(", ")}.`
      : "There are no snapshots yet: import one with `pnpm cli import baseline <file> --snapshot-date YYYY-MM-DD`.";
    throw new AppError(
      "NOT_FOUND",
      options.snapshotDate
        ? `There is no baseline snapshot of ${options.snapshotDate}. ${list}`
        : `There is no baseline snapshot for the period to ${options.to} (none on or before that date). ${list}`,
    );
  }
  if (snapshot.purgedAt) {
    throw new AppError(
      "NOT_FOUND",
      `The baseline snapshot of ${snapshot.snapshotDate} was purged after its retention period: only its month's figures remain (see the trend). Choose a later snapshot.`,
    );
  }
  return snapshot;
}

export const ageBandSql = (age: SQL) => sql<string>`case
  when ${age} <= 4 then '0-4' when ${age} <= 10 then '5-10' when ${age} <= 15 then '11-15'
  else '16+' end`;

export type ChildScope = {
  snapshotId: string;
  service: ReachService;
  ages: AgeRange | null;
  district?: string | undefined;
  from: string;
  to: string;
  sustainedMin: number;
};

/**
 * The common table expressions every reach query starts from: the snapshot's children in
 * scope (`kids`, each with the person they are linked to, following a merge), their cohorts
 * with SCS added once (`cohorts`), the service's sites, and which children are registered and
 * how often each attended in the period.
 */
export function reachCtes(scope: ChildScope, perSite: boolean): SQL {
  const { start } = londonDayBounds(scope.from);
  const { end } = londonDayBounds(scope.to);
  const kinds = sql.join(
    serviceSiteKinds[scope.service].map((k) => sql`${k}`),
    sql`, `,
  );
  const ages = scope.ages
    ? sql`and c.age_years >= ${scope.ages.min} ${scope.ages.max === null ? sql`` : sql`and c.age_years <= ${scope.ages.max}`}`
    : sql``;
  const district = scope.district ? sql`and c.district = ${scope.district}` : sql``;
  const site = perSite ? sql`, f.registered_site_id as site_id` : sql``;
  return sql`
    with kids as (
      select c.id, c.district, c.age_years,
             coalesce((select lp.merged_into_id from people lp where lp.id = c.person_id), c.person_id)
               as person_id
        from baseline_children c
       where c.snapshot_id = ${scope.snapshotId} ${ages} ${district}
    ), cohorts as (
      select cc.child_id, cc.cohort::text as cohort
        from baseline_child_cohorts cc join kids k on k.id = cc.child_id
      union
      select cc.child_id, 'SCS'
        from baseline_child_cohorts cc join kids k on k.id = cc.child_id
       where cc.cohort in ('LAC', 'CP', 'CIN')
    ), service_sites as (
      select id from sites where kind in (${kinds})
    ), registered as (
      -- Per child through the primary keys, like attended below.
      select k.id as child_id ${site}
        from kids k
        cross join lateral (
          select f.registered_site_id
            from people p join families f on f.id = p.family_id
           where p.id = k.person_id and f.status = 'active' and f.registered_on <= ${scope.to}
             and f.registered_site_id in (select id from service_sites)
        ) f
    ), attended as (
      -- Per child through the index on attendances(person_id): a few thousand small lookups,
      -- whatever the planner believes about a snapshot imported a moment ago.
      select k.id as child_id ${perSite ? sql`, x.site_id` : sql``}, x.n
        from kids k
        cross join lateral (
          select ${perSite ? sql`s.site_id,` : sql``} count(*)::int as n
            from attendances a
            join sessions s on s.id = a.session_id
           where a.person_id = k.person_id
             and s.starts_at >= ${start.toISOString()}::timestamptz
             and s.starts_at < ${end.toISOString()}::timestamptz
             and s.site_id in (select id from service_sites)
           ${perSite ? sql`group by s.site_id` : sql``}
        ) x
       where k.person_id is not null and x.n > 0
    )`;
}

type GroupRow = ReachCounts & { cohort: string; district: string; age_band: string };

/** Counts by cohort, and by district or age band when asked: one SQL query. */
export async function reachCounts(
  db: Db,
  scope: ChildScope,
  by: "cohort" | "district" | "age_band" | "district_age_band",
): Promise<GroupRow[]> {
  const district = by === "district" || by === "district_age_band" ? sql`k.district` : sql`'All'`;
  const band =
    by === "age_band" || by === "district_age_band" ? ageBandSql(sql`k.age_years`) : sql`'All'`;
  return rows<GroupRow>(
    db,
    sql`${reachCtes(scope, false)}
    select co.cohort, ${district} as district, ${band} as age_band,
           count(*)::int as baseline,
           count(r.child_id)::int as registered,
           count(a.child_id)::int as engaged,
           (count(*) filter (where a.n >= ${scope.sustainedMin}))::int as sustained
      from cohorts co
      join kids k on k.id = co.child_id
      left join registered r on r.child_id = co.child_id
      left join attended a on a.child_id = co.child_id
     group by 1, 2, 3`,
  );
}

type SiteRow = {
  cohort: string;
  site_id: string;
  registered: number;
  engaged: number;
  sustained: number;
};

async function reachCountsBySite(db: Db, scope: ChildScope) {
  const [perSite, totals] = await Promise.all([
    rows<SiteRow>(
      db,
      sql`${reachCtes(scope, true)}, per_site as (
        select coalesce(r.child_id, a.child_id) as child_id, coalesce(r.site_id, a.site_id) as site_id,
               r.child_id is not null as registered, coalesce(a.n, 0) as n
          from registered r full join attended a on a.child_id = r.child_id and a.site_id = r.site_id
      )
      select co.cohort, ps.site_id,
             (count(*) filter (where ps.registered))::int as registered,
             (count(*) filter (where ps.n >= 1))::int as engaged,
             (count(*) filter (where ps.n >= ${scope.sustainedMin}))::int as sustained
        from per_site ps join cohorts co on co.child_id = ps.child_id
       group by 1, 2`,
    ),
    reachCounts(db, scope, "cohort"),
  ]);
  return { perSite, totals };
}

const zero: ReachCounts = { baseline: 0, registered: 0, engaged: 0, sustained: 0 };

export function resolveAges(
  service: ReachService,
  ages: AgeRange | null | undefined,
): AgeRange | null {
  return ages === undefined ? defaultAges[service] : ages;
}

function bandsWithin(ages: AgeRange | null): string[] {
  return reachAgeBands.filter((band) => {
    if (!ages) return true;
    const range = ageBandRanges[band];
    const bandMax = range.max ?? Number.POSITIVE_INFINITY;
    const agesMax = ages.max ?? Number.POSITIVE_INFINITY;
    return range.min <= agesMax && bandMax >= ages.min;
  });
}

type RawRow = Omit<ReachRow, keyof ReachCounts | `${string}Pct`> & ReachCounts;

/** The report of PRODUCT.md's definitions, with suppression when asked (see suppressReach). */
export async function reachReport(db: Db, options: ReachOptions): Promise<ReachReport> {
  if (options.from > options.to) {
    throw new AppError(
      "BAD_INPUT",
      `The period starts (${options.from}) after it ends (${options.to}).`,
    );
  }
  const snapshot = await findSnapshot(db, options);
  const service = options.service ?? "all";
  const ages = resolveAges(service, options.ages);
  const by = options.by ?? "cohort";
  const sustainedMin = options.sustainedMin ?? DEFAULT_SUSTAINED_MIN;
  const scope: ChildScope = {
    snapshotId: snapshot.id,
    service,
    ages,
    district: options.district,
    from: options.from,
    to: options.to,
    sustainedMin,
  };

  let raw: RawRow[];
  if (by === "site") {
    const { perSite, totals } = await reachCountsBySite(db, scope);
    const siteList = await db
      .select({ id: sites.id, code: sites.code, name: sites.name, district: sites.district })
      .from(sites)
      .where(inArray(sites.kind, [...serviceSiteKinds[service]]))
      .orderBy(asc(sites.code));
    const counts = new Map(perSite.map((r) => [`${r.cohort}|${r.site_id}`, r]));
    const baselineOf = new Map(totals.map((t) => [t.cohort, t.baseline]));
    raw = reportCohorts.flatMap((cohort) =>
      siteList.map((site) => {
        const found = counts.get(`${cohort}|${site.id}`);
        return {
          cohort,
          district: site.district,
          ageBand: "All",
          site: site.code,
          siteName: site.name,
          baseline: baselineOf.get(cohort) ?? 0,
          registered: found?.registered ?? 0,
          engaged: found?.engaged ?? 0,
          sustained: found?.sustained ?? 0,
        };
      }),
    );
  } else {
    const counted = await reachCounts(db, scope, by);
    const found = new Map(counted.map((r) => [`${r.cohort}|${r.district}|${r.age_band}`, r]));
    let keys: { district: string; ageBand: string }[] = [{ district: "All", ageBand: "All" }];
    if (by === "district") {
      const districts = await rows<{ district: string }>(
        db,
        sql`select distinct district from baseline_children where snapshot_id = ${snapshot.id}
            ${options.district ? sql`and district = ${options.district}` : sql``} order by district`,
      );
      keys = districts.map((d) => ({ district: d.district, ageBand: "All" }));
    } else if (by === "age_band") {
      keys = bandsWithin(ages).map((ageBand) => ({ district: "All", ageBand }));
    }
    raw = reportCohorts.flatMap((cohort) =>
      keys.map((key) => {
        const counts = found.get(`${cohort}|${key.district}|${key.ageBand}`) ?? zero;
        return {
          cohort,
          district: key.district,
          ageBand: key.ageBand,
          site: null,
          siteName: null,
          baseline: counts.baseline,
          registered: counts.registered,
          engaged: counts.engaged,
          sustained: counts.sustained,
        };
      }),
    );
  }

  const suppress = options.suppress ?? false;
  return {
    snapshot: { id: snapshot.id, snapshotDate: snapshot.snapshotDate },
    from: options.from,
    to: options.to,
    service,
    ages,
    by,
    district: options.district ?? null,
    sustainedMin,
    suppressed: suppress,
    rows: suppress
      ? suppressReach(raw, by, options.suppression ?? DEFAULT_SUPPRESSION)
      : raw.map(withPercentages),
  };
}

const measures = ["baseline", "registered", "engaged", "sustained"] as const;

function withPercentages(row: RawRow): ReachRow {
  return {
    ...row,
    registeredPct: percentage(row.registered, row.baseline),
    engagedPct: percentage(row.engaged, row.baseline),
    sustainedPct: percentage(row.sustained, row.baseline),
  };
}

/**
 * Hides counts of 1–5 as `c`. The rows of one cohort add up to that cohort's total (published
 * by the report without a breakdown), so each measure of a cohort is a group for secondary
 * suppression; under `by: site` the baseline is the cohort's total on every row, so it is not.
 * A percentage is hidden with its count or its baseline (either would give the other away).
 * SCS is not the sum of LAC, CP and CIN (a child may be in two), so no group spans cohorts.
 */
export function suppressReach(
  raw: readonly RawRow[],
  by: ReachBreakdown,
  range: SuppressionRange,
): ReachRow[] {
  return suppressRows(
    raw,
    (measure) =>
      by === "cohort" || (by === "site" && measure === "baseline")
        ? []
        : reportCohorts.map((cohort) =>
            raw.flatMap((row, index) => (row.cohort === cohort ? [index] : [])),
          ),
    range,
  );
}

/** Suppression of each measure with its own groups; percentages follow their count and baseline. */
function suppressRows(
  raw: readonly RawRow[],
  groupsFor: (measure: (typeof measures)[number]) => number[][],
  range: SuppressionRange,
): ReachRow[] {
  const hidden = measures.map((measure) =>
    suppressCells(
      raw.map((row) => row[measure]),
      groupsFor(measure),
      range,
    ),
  );
  const [hideBaseline, hideRegistered, hideEngaged, hideSustained] = hidden;
  return raw.map((row, i) => {
    const baselineHidden = hideBaseline?.has(i) ?? false;
    const count = (value: number, set: Set<number> | undefined): Count =>
      set?.has(i) ? "c" : value;
    const pct = (value: number, set: Set<number> | undefined): Percentage => {
      // A hidden baseline of 0 would be given away by an empty percentage.
      if (baselineHidden || set?.has(i)) return "c";
      return percentage(value, row.baseline);
    };
    return {
      ...row,
      baseline: baselineHidden ? "c" : row.baseline,
      registered: count(row.registered, hideRegistered),
      registeredPct: pct(row.registered, hideRegistered),
      engaged: count(row.engaged, hideEngaged),
      engagedPct: pct(row.engaged, hideEngaged),
      sustained: count(row.sustained, hideSustained),
      sustainedPct: pct(row.sustained, hideSustained),
    };
  });
}

export const reachCsvHeader = [
  "cohort",
  "district",
  "age_band",
  "baseline",
  "registered",
  "registered_pct",
  "engaged",
  "engaged_pct",
  "sustained",
  "sustained_pct",
] as const;

/** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled. */
export function csvLine(values: readonly string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",")}\n`;
}

/** The report as CSV: the header of the issue, then a row per cohort (and breakdown value). With `by: site`, a last `site` column. */
export function reachReportCsv(report: ReachReport): string {
  const site = report.by === "site";
  const lines = [csvLine(site ? [...reachCsvHeader, "site"] : reachCsvHeader)];
  for (const row of report.rows) {
    const values = [
      row.cohort,
      row.district,
      row.ageBand,
      String(row.baseline),
      String(row.registered),
      formatPercentage(row.registeredPct),
      String(row.engaged),
      formatPercentage(row.engagedPct),
      String(row.sustained),
      formatPercentage(row.sustainedPct),
    ];
    lines.push(csvLine(site ? [...values, row.site ?? ""] : values));
  }
  return lines.join("");
}

export type ReachTable = Omit<ReachReport, "by" | "rows"> & { rows: ReachRow[] };

/**
 * The dashboard's table: every cohort by district and age band (rows with no children left
 * out). Each cohort's cells add up along a district and along an age band, so both are groups
 * for secondary suppression.
 */
export async function reachTable(db: Db, options: Omit<ReachOptions, "by">): Promise<ReachTable> {
  const snapshot = await findSnapshot(db, options);
  const service = options.service ?? "all";
  const ages = resolveAges(service, options.ages);
  const sustainedMin = options.sustainedMin ?? DEFAULT_SUSTAINED_MIN;
  const counted = await reachCounts(
    db,
    {
      snapshotId: snapshot.id,
      service,
      ages,
      district: options.district,
      from: options.from,
      to: options.to,
      sustainedMin,
    },
    "district_age_band",
  );
  const order = (band: string) => reachAgeBands.findIndex((b) => b === band);
  const raw: RawRow[] = [...counted]
    .sort(
      (a, b) =>
        reportCohorts.findIndex((c) => c === a.cohort) -
          reportCohorts.findIndex((c) => c === b.cohort) ||
        a.district.localeCompare(b.district, "en-GB") ||
        order(a.age_band) - order(b.age_band),
    )
    .flatMap((r) => {
      const cohort = reportCohorts.find((c) => c === r.cohort);
      if (!cohort) return [];
      return [
        {
          cohort,
          district: r.district,
          ageBand: r.age_band,
          site: null,
          siteName: null,
          baseline: r.baseline,
          registered: r.registered,
          engaged: r.engaged,
          sustained: r.sustained,
        },
      ];
    });
  const suppress = options.suppress ?? false;
  const range = options.suppression ?? DEFAULT_SUPPRESSION;
  const groupsBy = (key: (row: RawRow) => string) => {
    const groups = new Map<string, number[]>();
    raw.forEach((row, i) => {
      const k = `${row.cohort}|${key(row)}`;
      groups.set(k, [...(groups.get(k) ?? []), i]);
    });
    return [...groups.values()];
  };
  const groups = [...groupsBy((r) => r.district), ...groupsBy((r) => r.ageBand)];
  return {
    snapshot: { id: snapshot.id, snapshotDate: snapshot.snapshotDate },
    from: options.from,
    to: options.to,
    service,
    ages,
    district: options.district ?? null,
    sustainedMin,
    suppressed: suppress,
    rows: suppress ? suppressRows(raw, () => groups, range) : raw.map(withPercentages),
  };
}
