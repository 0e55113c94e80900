// Programme reports: targeted programme performance per delivery unit (seed 000's table at
// 3.41) and per centre and locality the sessions run, places, fill, attendances and reach.
// Every figure is aggregated in SQL; the scope is applied to the sessions counted.
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { deliveryUnits, sites } from "../schema";
import { londonDayBounds } from "../time";
import { type Actor, recordAudit } from "./audit";
import { selectRows } from "./raw";
import { type Scope, siteInScope } from "./scope";

export type ReportPeriod = { from: string; to: string };

/** A course participant completed it when they attended at least this share of its sessions. */
export const COMPLETION_SHARE = 0.75;

/** Seed 000's names for the ten units, in its order. */
export const deliveryUnitNames: Record<(typeof deliveryUnits)[number], string> = {
  boys_and_young_men: "Boys and Young Men's Programmes",
  creative_arts: "Creative Arts Programmes",
  emotional_health_and_wellbeing: "Emotional Health and Wellbeing Programmes",
  girls_and_young_women: "Girls and Young Women's Programmes",
  mobile_and_detached: "Mobile and Detached Programmes",
  peer_leadership: "Peer Leadership Programmes",
  substance_use: "Substance Use and Misuse Programmes",
  sexual_health: "Sexual Health and Wellbeing Programmes",
  transition_support: "Transition Support Programmes",
  volunteer_engagement: "Volunteer Engagement Programmes",
};

function bounds(period: ReportPeriod) {
  if (period.to < period.from) {
    throw new AppError("BAD_INPUT", "The period ends before it starts: check the two dates.");
  }
  return {
    start: londonDayBounds(period.from).start.toISOString(),
    end: londonDayBounds(period.to).end.toISOString(),
  };
}

/** Sessions held in the period at sites in scope (cancelled ones were not held). */
function heldSessions(period: ReportPeriod, scope: Scope, extra: SQL = sql`true`) {
  const { start, end } = bounds(period);
  return sql`
    select s.id, s.site_id, st.locality_id, s.series_id, s.programme_id, s.starts_at,
      extract(epoch from s.ends_at - s.starts_at) / 3600.0 as hours,
      coalesce(s.capacity, pr.capacity) as places, pr.delivery_unit
    from sessions s
    join programmes pr on pr.id = s.programme_id
    join sites st on st.id = s.site_id
    where s.cancelled_at is null
      and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
      and ${scopeOn(scope)} and ${extra}`;
}

/** siteInScope on the alias `s` of the sessions above. */
function scopeOn(scope: Scope): SQL {
  if (scope.all) return sql`true`;
  if (!scope.localityId) return sql`false`;
  return sql`st.locality_id = ${scope.localityId}`;
}

const round1 = (value: number | string | null) =>
  value === null ? null : Math.round(Number(value) * 10) / 10;

/**
 * Per delivery unit, for a period: programmes run (a course, or a programme at a centre
 * without one), participants (distinct people who attended), contact hours (each attendance
 * times its session's length, anonymous counts included) and the completion rate of the
 * courses that ended in the period (participants attending at least COMPLETION_SHARE of the
 * course's sessions, of all who attended one).
 */
export async function targetedProgrammePerformance(
  db: Database,
  period: ReportPeriod,
  scope: Scope,
  actor: Actor,
) {
  const { end } = bounds(period);
  const rows = await selectRows<{
    delivery_unit: (typeof deliveryUnits)[number];
    programmes_run: number;
    participants: number;
    contact_hours: string | number;
    course_participants: number;
    completed: number;
  }>(
    db,
    sql`
    with held as (${heldSessions(period, scope, sql`pr.offer = 'targeted' and pr.delivery_unit is not null`)}),
    att as (
      select a.person_id, h.delivery_unit, h.hours from attendances a join held h on h.id = a.session_id
    ),
    anon as (
      select h.delivery_unit, sum(aa.count * h.hours) as hours
      from anonymous_attendance aa join held h on h.id = aa.session_id group by h.delivery_unit
    ),
    courses as (
      select c.id, pr.delivery_unit,
        (select count(*) from sessions x where x.series_id = c.id and x.cancelled_at is null) as total
      from session_series c join programmes pr on pr.id = c.programme_id
      where c.id in (select series_id from held where series_id is not null)
        and (select max(x.starts_at) from sessions x where x.series_id = c.id and x.cancelled_at is null)
          < ${end}::timestamptz
    ),
    course_people as (
      select c.delivery_unit, a.person_id, c.total, count(*) as attended
      from courses c join sessions x on x.series_id = c.id and x.cancelled_at is null
      join attendances a on a.session_id = x.id
      group by c.id, c.delivery_unit, a.person_id, c.total
    )
    select u.unit as delivery_unit,
      (select count(distinct coalesce(h.series_id::text, h.programme_id::text || h.site_id::text))::int
        from held h where h.delivery_unit = u.unit) as programmes_run,
      (select count(distinct person_id)::int from att where att.delivery_unit = u.unit) as participants,
      coalesce((select sum(hours) from att where att.delivery_unit = u.unit), 0)
        + coalesce((select hours from anon where anon.delivery_unit = u.unit), 0) as contact_hours,
      (select count(*)::int from course_people cp where cp.delivery_unit = u.unit) as course_participants,
      (select count(*)::int from course_people cp where cp.delivery_unit = u.unit
        and cp.attended >= ${COMPLETION_SHARE}::numeric * cp.total) as completed
    from unnest(enum_range(null::delivery_unit)) as u(unit)`,
  );
  await recordAudit(db, actor, {
    action: "report.targeted_programmes",
    detail: { from: period.from, to: period.to },
  });
  const byUnit = new Map(rows.map((r) => [r.delivery_unit, r]));
  return deliveryUnits.map((unit) => {
    const r = byUnit.get(unit);
    const courseParticipants = r?.course_participants ?? 0;
    return {
      deliveryUnit: unit,
      name: deliveryUnitNames[unit],
      programmesRun: r?.programmes_run ?? 0,
      participants: r?.participants ?? 0,
      contactHours: round1(r?.contact_hours ?? 0) ?? 0,
      courseParticipants,
      completed: r?.completed ?? 0,
      /** Percentage, one decimal; null when no course of the unit ended in the period. */
      completionRate:
        courseParticipants === 0 ? null : round1((100 * (r?.completed ?? 0)) / courseParticipants),
    };
  });
}

/**
 * Per centre, per locality and in total, for a period: sessions run, places offered, fill
 * rate (attendances of sessions with a capacity over their places), attendances (named, and
 * anonymous counted apart), distinct attendees, contact hours and the share of attendances
 * from families in a priority target group on the day.
 */
export async function centrePerformance(
  db: Database,
  period: ReportPeriod & { localityId?: string },
  scope: Scope,
  actor: Actor,
) {
  const locality = period.localityId ? sql`st.locality_id = ${period.localityId}` : sql`true`;
  const sets = sql`grouping sets ((locality_id, site_id), (locality_id), ())`;
  const rows = await selectRows<{
    locality_id: string | null;
    site_id: string | null;
    sessions_run: number;
    places: number;
    attendances: number;
    filled: number;
    anonymous: number;
    distinct_attendees: number;
    contact_hours: string | number;
    priority_attendances: number;
  }>(
    db,
    sql`
    with held as (${heldSessions(period, scope, locality)}),
    att as (
      select a.person_id, h.id as session_id, h.site_id, h.locality_id, h.hours, h.places,
        exists (select 1 from target_flags tf join target_groups g on g.code = tf.group_code
          where tf.family_id = p.family_id and g.is_priority
            and tf.started_on <= (h.starts_at at time zone 'Europe/London')::date
            and (tf.ended_at is null
              or (tf.ended_at at time zone 'Europe/London')::date > (h.starts_at at time zone 'Europe/London')::date)
        ) as priority
      from attendances a join held h on h.id = a.session_id join people p on p.id = a.person_id
    ),
    s_agg as (
      select locality_id, site_id, count(*)::int as sessions_run, coalesce(sum(places), 0)::int as places
      from held group by ${sets}
    ),
    a_agg as (
      select locality_id, site_id, count(*)::int as attendances,
        count(*) filter (where places is not null)::int as filled,
        count(distinct person_id)::int as distinct_attendees,
        coalesce(sum(hours), 0) as hours,
        count(*) filter (where priority)::int as priority_attendances
      from att group by ${sets}
    ),
    n_agg as (
      select h.locality_id, h.site_id, sum(aa.count)::int as anonymous,
        sum(aa.count * h.hours) as hours
      from anonymous_attendance aa join held h on h.id = aa.session_id group by ${sets}
    )
    select s.locality_id, s.site_id, s.sessions_run, s.places,
      coalesce(a.attendances, 0) as attendances, coalesce(a.filled, 0) as filled,
      coalesce(n.anonymous, 0) as anonymous,
      coalesce(a.distinct_attendees, 0) as distinct_attendees,
      coalesce(a.hours, 0) + coalesce(n.hours, 0) as contact_hours,
      coalesce(a.priority_attendances, 0) as priority_attendances
    from s_agg s
    left join a_agg a on a.locality_id is not distinct from s.locality_id and a.site_id is not distinct from s.site_id
    left join n_agg n on n.locality_id is not distinct from s.locality_id and n.site_id is not distinct from s.site_id`,
  );
  const names = await db
    .select({ id: sites.id, name: sites.name, localityId: sites.localityId })
    .from(sites)
    .where(siteInScope(scope, sites.id));
  const localityNames = await selectRows<{ id: string; name: string }>(
    db,
    sql`select id, name from localities`,
  );
  await recordAudit(db, actor, {
    action: "report.centre_performance",
    detail: { from: period.from, to: period.to, localityId: period.localityId ?? null },
  });
  const pct = (part: number, whole: number) => (whole === 0 ? null : round1((100 * part) / whole));
  const out = rows.map((r) => {
    const level = r.site_id ? "site" : r.locality_id ? "locality" : "total";
    return {
      level: level as "site" | "locality" | "total",
      siteId: r.site_id,
      siteName: names.find((n) => n.id === r.site_id)?.name ?? null,
      localityId: r.locality_id,
      localityName: localityNames.find((l) => l.id === r.locality_id)?.name ?? null,
      sessionsRun: r.sessions_run,
      placesOffered: r.places,
      /** Percentage of places filled, one decimal; null without places. */
      fillRate: pct(r.filled, r.places),
      attendances: r.attendances,
      anonymousAttendances: r.anonymous,
      distinctAttendees: r.distinct_attendees,
      contactHours: round1(r.contact_hours) ?? 0,
      /** Percentage of named attendances from priority target groups; null without any. */
      priorityShare: pct(r.priority_attendances, r.attendances),
    };
  });
  const order = { total: 2, locality: 1, site: 0 };
  return out.sort(
    (a, b) =>
      (a.localityName ?? "~").localeCompare(b.localityName ?? "~") ||
      order[a.level] - order[b.level] ||
      (a.siteName ?? "").localeCompare(b.siteName ?? ""),
  );
}
