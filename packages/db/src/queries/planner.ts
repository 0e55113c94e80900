// The locality planner: the term of every centre of a locality side by side, the sessions that
// duplicate each other, the gaps between registered children and places offered, and copying
// last term's plan forward. Aggregation stays in SQL.
import { and, asc, eq, gte, isNull, lt, ne, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import { AppError } from "../errors";
import { closureDays, localities, programmes, sessionSeries, sessions, sites } from "../schema";
import { addDays, dayOfWeek, daysBetween } from "../seed/dates";
import { londonDayBounds, londonTime } from "../time";
import { type Actor, recordAudit } from "./audit";
import { getTerm, isPlannable, type PlanningCalendar, planningCalendar } from "./programmes";
import { selectRows } from "./raw";
import type { Scope } from "./scope";

export type PlannerRange = { localityId: string; from: string; to: string };

/** A locality is visible to staff of that locality and to authority-wide roles. */
async function localityOrRefuse(db: Database, localityId: string, scope: Scope) {
  if (!scope.all && scope.localityId !== localityId) {
    throw new AppError("NOT_FOUND", "That locality was not found.");
  }
  const [row] = await db
    .select({ id: localities.id, name: localities.name })
    .from(localities)
    .where(eq(localities.id, localityId));
  if (!row) throw new AppError("NOT_FOUND", "That locality was not found.");
  return row;
}

function checkRange(range: { from: string; to: string }) {
  if (range.to < range.from) {
    throw new AppError("BAD_INPUT", "The period ends before it starts: check the two dates.");
  }
  if (daysBetween(range.from, range.to) > 366) {
    throw new AppError("BAD_INPUT", "Plan at most a year at a time: choose a shorter period.");
  }
}

const londonDateOf = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'Europe/London', 'YYYY-MM-DD')`;
const londonClockOf = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'Europe/London', 'HH24:MI')`;

/**
 * The term as a grid: the locality's centres (columns) and every session in the period, each
 * with its London date, ISO weekday (1 = Monday) and the Monday of its week, so the screen
 * lays them out by week or by weekday. Closure days come too, to shade the grid.
 */
export async function plannerGrid(db: Database, range: PlannerRange, scope: Scope) {
  checkRange(range);
  const locality = await localityOrRefuse(db, range.localityId, scope);
  const start = londonDayBounds(range.from).start;
  const end = londonDayBounds(range.to).end;
  const centres = await db
    .select({
      id: sites.id,
      code: sites.code,
      name: sites.name,
      kind: sites.kind,
      isLead: sites.isLead,
    })
    .from(sites)
    .where(and(eq(sites.localityId, range.localityId), ne(sites.kind, "outreach_venue")))
    .orderBy(sql`${sites.isLead} desc`, asc(sites.name));
  const rows = await db
    .select({
      id: sessions.id,
      siteId: sessions.siteId,
      venueSiteId: sessions.venueSiteId,
      seriesId: sessions.seriesId,
      programmeId: programmes.id,
      programmeName: programmes.name,
      serviceArea: programmes.serviceArea,
      offer: programmes.offer,
      minAgeMonths: programmes.minAgeMonths,
      maxAgeMonths: programmes.maxAgeMonths,
      date: londonDateOf(sessions.startsAt),
      weekday: sql<number>`extract(isodow from ${sessions.startsAt} at time zone 'Europe/London')::int`,
      weekStart: sql<string>`to_char(date_trunc('week', ${sessions.startsAt} at time zone 'Europe/London'), 'YYYY-MM-DD')`,
      startTime: londonClockOf(sessions.startsAt),
      endTime: londonClockOf(sessions.endsAt),
      capacity: sessions.capacity,
      booked: sql<number>`(select count(*)::int from bookings b where b.session_id = ${sessions.id} and b.status = 'booked')`,
      cancelled: sql<boolean>`${sessions.cancelledAt} is not null`,
      version: sessions.version,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(
      and(
        eq(sites.localityId, range.localityId),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(programmes.name));
  const closures = await db
    .select({ date: closureDays.date, name: closureDays.name, siteId: closureDays.siteId })
    .from(closureDays)
    .where(and(gte(closureDays.date, range.from), sql`${closureDays.date} <= ${range.to}`))
    .orderBy(asc(closureDays.date));
  return { locality, centres, sessions: rows, closures };
}

export type DuplicateMatch = "programme" | "service_area";

/**
 * Sessions of the same kind, for overlapping ages, at overlapping times at two centres of the
 * locality. The same kind is the same programme, or (match "service_area") the same service
 * area — and the same delivery unit for targeted programmes. A weekly clash is one row, with
 * how many times it happens in the period.
 */
export async function plannerDuplicates(
  db: Database,
  range: PlannerRange & { match?: DuplicateMatch },
  scope: Scope,
) {
  checkRange(range);
  await localityOrRefuse(db, range.localityId, scope);
  const start = londonDayBounds(range.from).start;
  const end = londonDayBounds(range.to).end;
  const sameKind =
    range.match === "service_area"
      ? sql`(pa.id = pb.id or (pa.service_area = pb.service_area
          and pa.delivery_unit is not distinct from pb.delivery_unit))`
      : sql`pa.id = pb.id`;
  const rows = await selectRows<{
    site_a: string;
    site_a_name: string;
    programme_a: string;
    site_b: string;
    site_b_name: string;
    programme_b: string;
    weekday: number;
    time_a: string;
    time_b: string;
    occurrences: number;
    first_date: string;
    last_date: string;
    same_programme: boolean;
  }>(
    db,
    sql`
    with planned as (
      select s.id, s.site_id, s.programme_id, s.starts_at, s.ends_at
      from ${sessions} s join ${sites} st on st.id = s.site_id
      where st.locality_id = ${range.localityId} and s.cancelled_at is null
        and s.starts_at >= ${start.toISOString()}::timestamptz and s.starts_at < ${end.toISOString()}::timestamptz
    )
    select a.site_id as site_a, sa.name as site_a_name, pa.name as programme_a,
      b.site_id as site_b, sb.name as site_b_name, pb.name as programme_b,
      extract(isodow from a.starts_at at time zone 'Europe/London')::int as weekday,
      to_char(a.starts_at at time zone 'Europe/London', 'HH24:MI') as time_a,
      to_char(b.starts_at at time zone 'Europe/London', 'HH24:MI') as time_b,
      count(*)::int as occurrences,
      to_char(min(a.starts_at at time zone 'Europe/London'), 'YYYY-MM-DD') as first_date,
      to_char(max(a.starts_at at time zone 'Europe/London'), 'YYYY-MM-DD') as last_date,
      bool_and(pa.id = pb.id) as same_programme
    from planned a
    join planned b on a.site_id < b.site_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    join ${programmes} pa on pa.id = a.programme_id
    join ${programmes} pb on pb.id = b.programme_id
    join ${sites} sa on sa.id = a.site_id
    join ${sites} sb on sb.id = b.site_id
    where ${sameKind}
      and coalesce(pa.min_age_months, 0) <= coalesce(pb.max_age_months, 100000)
      and coalesce(pb.min_age_months, 0) <= coalesce(pa.max_age_months, 100000)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    order by weekday, time_a, site_a_name, site_b_name`,
  );
  return rows.map((r) => ({
    siteA: { id: r.site_a, name: r.site_a_name, programme: r.programme_a, time: r.time_a },
    siteB: { id: r.site_b, name: r.site_b_name, programme: r.programme_b, time: r.time_b },
    weekday: r.weekday,
    occurrences: r.occurrences,
    firstDate: r.first_date,
    lastDate: r.last_date,
    reason: r.same_programme ? ("same_programme" as const) : ("same_service_area" as const),
  }));
}

/** Age bands of the gaps report, in months [from, to). */
export const plannerAgeBands = [
  { label: "Under 1", from: 0, to: 12 },
  { label: "1 year", from: 12, to: 24 },
  { label: "2 years", from: 24, to: 36 },
  { label: "3–4 years", from: 36, to: 60 },
  { label: "5–10 years", from: 60, to: 132 },
  { label: "11–15 years", from: 132, to: 192 },
  { label: "16–19 years", from: 192, to: 240 },
] as const;

/**
 * Gaps: for each age band, the children registered in the locality (age on the first day of
 * the period) against the session places its centres offer a week for that age; and for each
 * priority target group, its children against the places a week of programmes for that group.
 * "312 under-ones registered, 24 baby places a week".
 */
export async function plannerGaps(db: Database, range: PlannerRange, scope: Scope) {
  checkRange(range);
  await localityOrRefuse(db, range.localityId, scope);
  const start = londonDayBounds(range.from).start.toISOString();
  const end = londonDayBounds(range.to).end.toISOString();
  const weeks = Math.max(1, Math.ceil((daysBetween(range.from, range.to) + 1) / 7));
  const bands = sql.join(
    plannerAgeBands.map((b, i) => sql`(${i}::int, ${b.label}::text, ${b.from}::int, ${b.to}::int)`),
    sql`, `,
  );
  // Each CTE is worked out once (materialized), not again inside each band's or group's
  // subquery: at a county's size a locality has ~17,000 registered children, and the planner
  // otherwise inlines `kids` into every one of the 7 bands' and 15 groups' counts (845 ms of
  // the county's 1 s; see bench/findings.md).
  const common = sql`
    kids as materialized (
      select p.id, p.family_id,
        (extract(year from age(${range.from}::date, p.date_of_birth)) * 12
          + extract(month from age(${range.from}::date, p.date_of_birth)))::int as months
      from people p join families f on f.id = p.family_id
      where p.role = 'child' and p.date_of_birth is not null and p.merged_into_id is null
        and f.status = 'active' and p.date_of_birth <= ${range.from}::date
        and f.registered_site_id in (select id from sites where locality_id = ${range.localityId})
    ),
    offer as materialized (
      select coalesce(s.capacity, pr.capacity, 0) as places, pr.min_age_months as lo,
        pr.max_age_months as hi, pr.target_groups
      from ${sessions} s join ${programmes} pr on pr.id = s.programme_id
      where s.cancelled_at is null
        and s.site_id in (select id from sites where locality_id = ${range.localityId})
        and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
    )`;
  const ageRows = await selectRows<{ label: string; registered: number; places: number }>(
    db,
    sql`
    with bands(ord, label, lo, hi) as (values ${bands}), ${common}
    select b.label,
      (select count(*)::int from kids k where k.months >= b.lo and k.months < b.hi) as registered,
      (select coalesce(sum(o.places), 0)::int from offer o
        where (o.lo is not null or o.hi is not null)
          and coalesce(o.lo, 0) < b.hi and coalesce(o.hi, 100000) > b.lo) as places
    from bands b order by b.ord`,
  );
  const groupRows = await selectRows<{
    code: string;
    name: string;
    registered: number;
    places: number;
  }>(
    db,
    // A family's flags in force at the start, one row a group and family; the children of
    // flagged families counted per group in one pass.
    sql`
    with ${common},
    flagged as (
      select distinct tf.group_code, tf.family_id from target_flags tf
      where tf.started_on <= ${range.from}::date
        and (tf.ended_at is null or tf.ended_at > ${start}::timestamptz)
    ),
    counted as (
      select fl.group_code, count(*)::int as registered
      from kids k join flagged fl on fl.family_id = k.family_id
      group by fl.group_code
    )
    select g.code, g.label as name, coalesce(c.registered, 0) as registered,
      (select coalesce(sum(o.places), 0)::int from offer o where g.code = any(o.target_groups)) as places
    from target_groups g left join counted c on c.group_code = g.code
    where g.is_priority and g.active order by g.label`,
  );
  const perWeek = (places: number) => Math.round(places / weeks);
  return {
    weeks,
    ageBands: ageRows.map((r) => ({
      label: r.label,
      registered: r.registered,
      placesPerWeek: perWeek(r.places),
    })),
    priorityGroups: groupRows.map((r) => ({
      code: r.code,
      name: r.name,
      registered: r.registered,
      placesPerWeek: perWeek(r.places),
    })),
  };
}

const mondayOf = (date: string) => addDays(date, -((dayOfWeek(date) + 6) % 7));

/**
 * Copies a term's sessions of a locality into another term: same weekday, time, centre and
 * programme, shifted by whole weeks from the first term's start; series are copied with them
 * so courses can still be booked whole. Closure days, dates outside the new term and sessions
 * already planned are skipped. Cancelled sessions are not copied.
 */
export async function copyTermForward(
  db: Database,
  input: { localityId: string; fromTermId: string; toTermId: string },
  scope: Scope,
  actor: Actor,
) {
  await localityOrRefuse(db, input.localityId, scope);
  const from = await getTerm(db, input.fromTermId);
  const to = await getTerm(db, input.toTermId);
  if (to.startsOn <= from.startsOn) {
    throw new AppError("BAD_INPUT", "Copy a term forward, into a later term.");
  }
  const shift = daysBetween(mondayOf(from.startsOn), mondayOf(to.startsOn));
  return db.transaction(async (tx) => {
    const source = await tx
      .select({
        programmeId: sessions.programmeId,
        siteId: sessions.siteId,
        venueSiteId: sessions.venueSiteId,
        seriesId: sessions.seriesId,
        date: londonDateOf(sessions.startsAt),
        startTime: londonClockOf(sessions.startsAt),
        endTime: londonClockOf(sessions.endsAt),
        minutes: sql<number>`(extract(epoch from ${sessions.endsAt} - ${sessions.startsAt}) / 60)::int`,
        capacity: sessions.capacity,
        heldPlaces: sessions.heldPlaces,
        holdReleaseHours: sessions.holdReleaseHours,
        facilitators: sessions.facilitators,
      })
      .from(sessions)
      .innerJoin(sites, eq(sites.id, sessions.siteId))
      .where(
        and(
          eq(sites.localityId, input.localityId),
          isNull(sessions.cancelledAt),
          gte(sessions.startsAt, londonDayBounds(from.startsOn).start),
          lt(sessions.startsAt, londonDayBounds(from.endsOn).end),
        ),
      )
      .orderBy(asc(sessions.startsAt));

    const calendars = new Map<string, PlanningCalendar>();
    const calendarFor = async (siteId: string) => {
      const known = calendars.get(siteId);
      if (known) return known;
      const made = await planningCalendar(tx, { siteId, from: to.startsOn, to: to.endsOn });
      calendars.set(siteId, made);
      return made;
    };
    const newSeries = new Map<string, string>();
    const seriesFor = async (oldId: string | null) => {
      if (!oldId) return null;
      const known = newSeries.get(oldId);
      if (known) return known;
      const [old] = await tx.select().from(sessionSeries).where(eq(sessionSeries.id, oldId));
      if (!old) return null;
      const { id: _id, createdAt: _createdAt, ...rest } = old;
      const [made] = await tx
        .insert(sessionSeries)
        .values({
          ...rest,
          startsOn: addDays(old.startsOn, shift),
          untilDate: old.untilDate ? addDays(old.untilDate, shift) : null,
          createdBy: actor.type === "staff" ? actor.id : null,
        })
        .returning({ id: sessionSeries.id });
      if (!made) throw new Error("no series");
      newSeries.set(oldId, made.id);
      return made.id;
    };

    let copied = 0;
    let alreadyPlanned = 0;
    const skipped: { date: string; reason: "closure_or_outside_term" }[] = [];
    for (const s of source) {
      const date = addDays(s.date, shift);
      if (
        date < to.startsOn ||
        date > to.endsOn ||
        !isPlannable(await calendarFor(s.siteId), date)
      ) {
        skipped.push({ date, reason: "closure_or_outside_term" });
        continue;
      }
      const [h, m] = s.startTime.split(":").map(Number) as [number, number];
      const startsAt = londonTime(date, h, m);
      const inserted = await tx
        .insert(sessions)
        .values({
          programmeId: s.programmeId,
          siteId: s.siteId,
          venueSiteId: s.venueSiteId,
          seriesId: await seriesFor(s.seriesId),
          startsAt,
          endsAt: new Date(startsAt.getTime() + s.minutes * 60_000),
          capacity: s.capacity,
          heldPlaces: s.heldPlaces,
          holdReleaseHours: s.holdReleaseHours,
          facilitators: s.facilitators,
        })
        .onConflictDoNothing({ target: [sessions.programmeId, sessions.siteId, sessions.startsAt] })
        .returning({ id: sessions.id });
      if (inserted.length) copied += 1;
      else alreadyPlanned += 1;
    }
    await recordAudit(tx, actor, {
      action: "planner.copy_term",
      entityType: "locality",
      entityId: input.localityId,
      detail: {
        fromTermId: from.id,
        toTermId: to.id,
        copied,
        alreadyPlanned,
        skipped: skipped.length,
      },
    });
    return { copied, alreadyPlanned, skipped };
  });
}
