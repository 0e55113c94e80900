// The monthly scorecard (Kent's, seed 004): reach of the children known to social care,
// registrations, attendances, distinct attendees and contact hours, by district and age band
// for a calendar month, with the totals. Each part is one SQL query with grouping sets, so the
// totals (distinct attendees above all) are counted, not added up in JavaScript.
//
// At a county's size (2,000,000 attendances a year) the month is read through its sessions:
// the month's ~5,000 sessions by `sessions (starts_at)`, and each one's attendees from
// `attendances (session_id, person_id)` by index-only scans, never the year's attendances.
import { AppError, type Database, londonDayBounds, type Transaction } from "@familyhub/db";
import { baselineSnapshots } from "@familyhub/db/schema";
import { and, desc, isNull, lte, type SQL, sql } from "drizzle-orm";
import { reachAgeBands, scsCohorts, serviceSiteKinds } from "./cohorts";
import { ageBandSql, csvLine } from "./report";
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

export type ScorecardRow = {
  /** A district, or `All` for the total over districts. */
  district: string;
  /** An age band, or `All`. */
  ageBand: string;
  scsBaseline: Count;
  scsRegistered: Count;
  scsRegisteredPct: Percentage;
  scsEngaged: Count;
  scsEngagedPct: Percentage;
  registrations: Count;
  attendances: Count;
  attendees: Count;
  /** Hours, one decimal. */
  contactHours: number | "c";
};

export type Scorecard = {
  month: string;
  from: string;
  to: string;
  /** The snapshot the reach columns read (the latest on or before the month's end), if any. */
  snapshotDate: string | null;
  suppressed: boolean;
  rows: ScorecardRow[];
};

type Raw = {
  district: string;
  age_band: string;
  scs_baseline: number;
  scs_registered: number;
  scs_engaged: number;
  registrations: number;
  attendances: number;
  attendees: number;
  contact_tenths: number;
};

/** `2026-06` → the first and last days of the month. */
export function monthBounds(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) {
    throw new AppError(
      "BAD_INPUT",
      `The month '${month}' is not a month: use YYYY-MM, e.g. 2026-06.`,
    );
  }
  const y = Number(match[1]);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    from: `${match[1]}-${match[2]}-01`,
    to: `${match[1]}-${match[2]}-${String(last).padStart(2, "0")}`,
  };
}

const label = (column: SQL) => sql`case when grouping(${column}) = 1 then 'All' else ${column} end`;

export async function scorecard(
  db: Db,
  options: { month: string; suppress?: boolean; suppression?: SuppressionRange },
): Promise<Scorecard> {
  const { from, to } = monthBounds(options.month);
  const { start } = londonDayBounds(from);
  const { end } = londonDayBounds(to);
  const [snapshot] = await db
    .select({ id: baselineSnapshots.id, snapshotDate: baselineSnapshots.snapshotDate })
    .from(baselineSnapshots)
    .where(and(lte(baselineSnapshots.snapshotDate, to), isNull(baselineSnapshots.purgedAt)))
    .orderBy(desc(baselineSnapshots.snapshotDate))
    .limit(1);

  const monthStart = sql`${start.toISOString()}::timestamptz`;
  const monthEnd = sql`${end.toISOString()}::timestamptz`;
  const registrationBand = ageBandSql(
    sql`coalesce(date_part('year', age(f.registered_on, p.date_of_birth)), 0)`,
  );
  const scs = sql.join(
    scsCohorts.map((c) => sql`${c}`),
    sql`, `,
  );
  const serviceKinds = sql.join(
    serviceSiteKinds.all.map((k) => sql`${k}`),
    sql`, `,
  );

  const [attended, registered, reached] = await Promise.all([
    // The month's sessions once each (their London day, district and length), then their
    // attendances by index-only scans of attendances (session_id, person_id). The age on the
    // day is worked out once an attendance (OFFSET 0 keeps the planner from copying the
    // expression into each branch of the band's CASE).
    rows<Raw>(
      db,
      sql`with month_sessions as materialized (
            select s.id, st.district, (s.starts_at at time zone 'Europe/London')::date as day,
                   extract(epoch from s.ends_at - s.starts_at) / 60 as minutes
              from sessions s
              join sites st on st.id = s.site_id
             where s.starts_at >= ${monthStart} and s.starts_at < ${monthEnd}
          )
          select ${label(sql`x.district`)} as district, ${label(sql`x.band`)} as age_band,
                 count(*)::int as attendances, count(distinct x.person_id)::int as attendees,
                 round(sum(x.minutes) / 6.0)::int as contact_tenths
            from (select y.district, ${ageBandSql(sql`y.age`)} as band, y.person_id, y.minutes
                    from (select ms.district, a.person_id, ms.minutes,
                                 date_part('year', age(ms.day, p.date_of_birth)) as age
                            from month_sessions ms
                            join attendances a on a.session_id = ms.id
                            join people p on p.id = a.person_id
                          offset 0) y) x
           group by grouping sets ((x.district, x.band), (x.district), (x.band), ())`,
    ),
    rows<Raw>(
      db,
      sql`select ${label(sql`x.district`)} as district, ${label(sql`x.band`)} as age_band,
                 count(*)::int as registrations
            from (select st.district, ${registrationBand} as band
                    from people p
                    join families f on f.id = p.family_id
                    join sites st on st.id = f.registered_site_id
                   where f.status = 'active' and p.merged_into_id is null
                     and f.registered_on between ${from} and ${to}) x
           group by grouping sets ((x.district, x.band), (x.district), (x.band), ())`,
    ),
    // The reach report's definitions (report.ts, reachCtes) for all services over the month,
    // asked only of the children known to social care, and only whether each is registered and
    // whether they came at all: the month's attendees are one set, read from the month's
    // sessions as above, rather than each child's attendances looked up and counted.
    snapshot
      ? rows<Raw>(
          db,
          sql`with service_sites as (
                select id from sites where kind in (${serviceKinds})
              ), kids as (
                select c.district, c.age_years,
                       coalesce(lp.merged_into_id, c.person_id) as person_id
                  from baseline_children c
                  left join people lp on lp.id = c.person_id
                 where c.snapshot_id = ${snapshot.id}
                   and exists (select 1 from baseline_child_cohorts cc
                                where cc.child_id = c.id and cc.cohort in (${scs}))
              )
              select ${label(sql`x.district`)} as district, ${label(sql`x.band`)} as age_band,
                     count(*)::int as scs_baseline,
                     (count(*) filter (where x.registered))::int as scs_registered,
                     (count(*) filter (where x.engaged))::int as scs_engaged
                from (select k.district, ${ageBandSql(sql`k.age_years`)} as band,
                             exists (select 1
                                       from people p
                                       join families f on f.id = p.family_id
                                      where p.id = k.person_id and f.status = 'active'
                                        and f.registered_on <= ${to}
                                        and f.registered_site_id in (select id from service_sites)
                             ) as registered,
                             exists (select 1
                                       from sessions s
                                       join attendances a on a.session_id = s.id
                                      where a.person_id = k.person_id
                                        and s.starts_at >= ${monthStart} and s.starts_at < ${monthEnd}
                                        and s.site_id in (select id from service_sites)
                             ) as engaged
                        from kids k) x
               group by grouping sets ((x.district, x.band), (x.district), (x.band), ())`,
        )
      : Promise.resolve([] as Raw[]),
  ]);

  const districts = [...new Set([...attended, ...registered, ...reached].map((r) => r.district))]
    .filter((d) => d !== "All")
    .sort((a, b) => a.localeCompare(b, "en-GB"));
  const bands = [...reachAgeBands, "All"];
  const key = (district: string, band: string) => `${district}|${band}`;
  const index = (list: Raw[]) => new Map(list.map((r) => [key(r.district, r.age_band), r]));
  const [byAttended, byRegistered, byReached] = [
    index(attended),
    index(registered),
    index(reached),
  ];

  const raw = [...districts, "All"].flatMap((district) =>
    bands.map((band) => {
      const k = key(district, band);
      const a = byAttended.get(k);
      const r = byReached.get(k);
      return {
        district,
        ageBand: band,
        scsBaseline: r?.scs_baseline ?? 0,
        scsRegistered: r?.scs_registered ?? 0,
        scsEngaged: r?.scs_engaged ?? 0,
        registrations: byRegistered.get(k)?.registrations ?? 0,
        attendances: a?.attendances ?? 0,
        attendees: a?.attendees ?? 0,
        contactHours: (a?.contact_tenths ?? 0) / 10,
      };
    }),
  );

  const suppress = options.suppress ?? false;
  // Each district's bands add up to its total, and each band's districts to the band's total.
  const groups = [
    ...[...districts, "All"].map((d) => raw.flatMap((row, i) => (row.district === d ? [i] : []))),
    ...bands.map((b) => raw.flatMap((row, i) => (row.ageBand === b ? [i] : []))),
  ];
  const range = options.suppression ?? DEFAULT_SUPPRESSION;
  const hide = (
    column: "scsBaseline" | "scsRegistered" | "scsEngaged" | "registrations" | "attendees",
  ) =>
    suppress
      ? suppressCells(
          raw.map((row) => row[column]),
          groups,
          range,
        )
      : new Set<number>();
  const hidden = {
    scsBaseline: hide("scsBaseline"),
    scsRegistered: hide("scsRegistered"),
    scsEngaged: hide("scsEngaged"),
    registrations: hide("registrations"),
    attendees: hide("attendees"),
  };

  return {
    month: options.month,
    from,
    to,
    snapshotDate: snapshot?.snapshotDate ?? null,
    suppressed: suppress,
    rows: raw.map((row, i) => {
      const baselineHidden = hidden.scsBaseline.has(i);
      const pct = (count: number, set: Set<number>): Percentage =>
        baselineHidden || set.has(i) ? "c" : percentage(count, row.scsBaseline);
      // Attendances and hours of a handful of attendees would point at them: hidden with them.
      const fewAttendees = hidden.attendees.has(i);
      return {
        district: row.district,
        ageBand: row.ageBand,
        scsBaseline: baselineHidden ? "c" : row.scsBaseline,
        scsRegistered: hidden.scsRegistered.has(i) ? "c" : row.scsRegistered,
        scsRegisteredPct: pct(row.scsRegistered, hidden.scsRegistered),
        scsEngaged: hidden.scsEngaged.has(i) ? "c" : row.scsEngaged,
        scsEngagedPct: pct(row.scsEngaged, hidden.scsEngaged),
        registrations: hidden.registrations.has(i) ? "c" : row.registrations,
        attendances: fewAttendees ? "c" : row.attendances,
        attendees: fewAttendees ? "c" : row.attendees,
        contactHours: fewAttendees ? "c" : row.contactHours,
      };
    }),
  };
}

export const scorecardCsvHeader = [
  "district",
  "age_band",
  "scs_baseline",
  "scs_registered",
  "scs_registered_pct",
  "scs_engaged",
  "scs_engaged_pct",
  "registrations",
  "attendances",
  "attendees",
  "contact_hours",
] as const;

export function scorecardCsv(card: Scorecard): string {
  return [
    csvLine(scorecardCsvHeader),
    ...card.rows.map((row) =>
      csvLine([
        row.district,
        row.ageBand,
        String(row.scsBaseline),
        String(row.scsRegistered),
        formatPercentage(row.scsRegisteredPct),
        String(row.scsEngaged),
        formatPercentage(row.scsEngagedPct),
        String(row.registrations),
        String(row.attendances),
        String(row.attendees),
        row.contactHours === "c" ? "c" : row.contactHours.toFixed(1),
      ]),
    ),
  ].join("");
}
