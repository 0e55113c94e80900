// Aggregate reports on whom the service reaches: counts only, never a name or an id of a
// person. Each report reads sessions in a Europe/London date range, inside the caller's scope.
import { type Database, londonDayBounds, type Scope, siteInScope } from "@familyhub/db";
import {
  attendances,
  families,
  localities,
  people,
  sessions,
  sites,
  targetFlags,
  targetGroups,
} from "@familyhub/db/schema";
import { and, asc, eq, gte, inArray, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import { familyPriorityOn, flagOpenOn } from "./priority-sql";

export type ReportRange = {
  from: string;
  to: string;
  siteId?: string | undefined;
  localityId?: string | undefined;
};

/** Attendances and distinct attendees, and of them those from priority target groups. */
export type Share = {
  attendances: number;
  priorityAttendances: number;
  attendees: number;
  priorityAttendees: number;
};

export const ageBands = ["0-4", "5-10", "11-15", "16+", "unknown"] as const;
export type AgeBand = (typeof ageBands)[number];

/** Sessions that started within the range, at sites in scope and in the chosen site or locality. */
function sessionsWhere(range: ReportRange, scope: Scope): SQL | undefined {
  const start = londonDayBounds(range.from).start;
  const end = londonDayBounds(range.to).end;
  return and(
    gte(sessions.startsAt, start),
    lt(sessions.startsAt, end),
    siteInScope(scope, sessions.siteId),
    range.siteId ? eq(sessions.siteId, range.siteId) : undefined,
    range.localityId
      ? sql`${sessions.siteId} in (select ${sites.id} from ${sites} where ${sites.localityId} = ${range.localityId})`
      : undefined,
  );
}

/** The London calendar day of a session: the day a flag must be open on for its attendances. */
const sessionDay = sql<string>`(${sessions.startsAt} at time zone 'Europe/London')::date`;

/**
 * One row per attendance in the range, with whether the attendee's family was priority that day.
 * Its columns are prefixed because drizzle names them unqualified in the queries that join it.
 */
function attendanceRows(db: Database, range: ReportRange, scope: Scope) {
  return db.$with("report_attendances").as(
    db
      .select({
        attendanceId: sql<string>`${attendances.id}`.as("ra_attendance_id"),
        personId: sql<string>`${attendances.personId}`.as("ra_person_id"),
        familyId: sql<string>`${people.familyId}`.as("ra_family_id"),
        siteId: sql<string>`${sessions.siteId}`.as("ra_site_id"),
        day: sessionDay.as("ra_day"),
        dateOfBirth: sql<string | null>`${people.dateOfBirth}`.as("ra_date_of_birth"),
        priority: familyPriorityOn(people.familyId, sessionDay).as("ra_priority"),
      })
      .from(attendances)
      .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
      .innerJoin(people, eq(people.id, attendances.personId))
      .where(sessionsWhere(range, scope)),
  );
}

const shareColumns = (rows: ReturnType<typeof attendanceRows>) => ({
  attendances: sql<number>`count(*)::int`,
  priorityAttendances: sql<number>`(count(*) filter (where ${rows.priority}))::int`,
  attendees: sql<number>`count(distinct ${rows.personId})::int`,
  priorityAttendees: sql<number>`(count(distinct ${rows.personId}) filter (where ${rows.priority}))::int`,
});

const emptyShare: Share = {
  attendances: 0,
  priorityAttendances: 0,
  attendees: 0,
  priorityAttendees: 0,
};

/**
 * The share of attendances, and of distinct attendees, from priority target groups: in total, by
 * site, by locality, by month and by group. An attendance is from a priority group when the
 * attendee's family had a flag in a group the authority counts as priority open on the session's
 * day (a flag on any member counts for the whole family). An attendee is from a priority group
 * when at least one of their attendances in the range was. By group, an attendance counts once
 * for each group its family was in, so the groups add up to more than the total.
 */
export async function priorityShareReport(db: Database, range: ReportRange, scope: Scope) {
  const rows = attendanceRows(db, range, scope);
  const share = shareColumns(rows);
  const month = sql<string>`to_char(${rows.day}, 'YYYY-MM')`;

  const [total, bySite, byLocality, byMonth, byGroup] = await Promise.all([
    db.with(rows).select(share).from(rows),
    db
      .with(rows)
      .select({
        siteId: sites.id,
        siteName: sites.name,
        localityName: localities.name,
        ...share,
      })
      .from(rows)
      .innerJoin(sites, eq(sites.id, rows.siteId))
      .innerJoin(localities, eq(localities.id, sites.localityId))
      .groupBy(sites.id, sites.name, localities.name)
      .orderBy(asc(localities.name), asc(sites.name)),
    db
      .with(rows)
      .select({ localityId: localities.id, localityName: localities.name, ...share })
      .from(rows)
      .innerJoin(sites, eq(sites.id, rows.siteId))
      .innerJoin(localities, eq(localities.id, sites.localityId))
      .groupBy(localities.id, localities.name)
      .orderBy(asc(localities.name)),
    db
      .with(rows)
      .select({ month, ...share })
      .from(rows)
      .groupBy(month)
      .orderBy(month),
    db
      .with(rows)
      .select({
        code: targetGroups.code,
        label: targetGroups.label,
        category: targetGroups.category,
        isPriority: targetGroups.isPriority,
        attendances: sql<number>`count(distinct ${rows.attendanceId})::int`,
        attendees: sql<number>`count(distinct ${rows.personId})::int`,
      })
      .from(rows)
      .innerJoin(targetFlags, and(eq(targetFlags.familyId, rows.familyId), flagOpenOn(rows.day)))
      .innerJoin(targetGroups, eq(targetGroups.code, targetFlags.groupCode))
      .groupBy(
        targetGroups.code,
        targetGroups.label,
        targetGroups.category,
        targetGroups.isPriority,
      )
      .orderBy(sql`count(distinct ${rows.attendanceId}) desc`, asc(targetGroups.label)),
  ]);
  return {
    range: { from: range.from, to: range.to },
    total: total[0] ?? emptyShare,
    bySite,
    byLocality,
    byMonth,
    byGroup,
  };
}

/**
 * Distinct people who attended in the range, by age band on the session's day (0–4, 5–10,
 * 11–15, 16+; "unknown" for an unborn child's record or a missing date of birth). Someone who
 * had a birthday into the next band during the range is counted in both; `total` counts each
 * person once.
 */
export async function reachByAgeBandReport(db: Database, range: ReportRange, scope: Scope) {
  const rows = attendanceRows(db, range, scope);
  const band = sql<AgeBand>`case
    when ${rows.dateOfBirth} is null or ${rows.dateOfBirth} > ${rows.day} then 'unknown'
    when extract(year from age(${rows.day}, ${rows.dateOfBirth})) < 5 then '0-4'
    when extract(year from age(${rows.day}, ${rows.dateOfBirth})) < 11 then '5-10'
    when extract(year from age(${rows.day}, ${rows.dateOfBirth})) < 16 then '11-15'
    else '16+' end`;
  const [counted, total] = await Promise.all([
    db
      .with(rows)
      .select({
        band,
        people: sql<number>`count(distinct ${rows.personId})::int`,
        priorityPeople: sql<number>`(count(distinct ${rows.personId}) filter (where ${rows.priority}))::int`,
        attendances: sql<number>`count(*)::int`,
      })
      .from(rows)
      .groupBy(band),
    db
      .with(rows)
      .select({
        people: sql<number>`count(distinct ${rows.personId})::int`,
        priorityPeople: sql<number>`(count(distinct ${rows.personId}) filter (where ${rows.priority}))::int`,
        attendances: sql<number>`count(*)::int`,
      })
      .from(rows),
  ]);
  const byBand = new Map(counted.map((r) => [r.band, r]));
  return {
    range: { from: range.from, to: range.to },
    bands: ageBands.map((b) => ({
      band: b,
      people: byBand.get(b)?.people ?? 0,
      priorityPeople: byBand.get(b)?.priorityPeople ?? 0,
      attendances: byBand.get(b)?.attendances ?? 0,
    })),
    total: total[0] ?? { people: 0, priorityPeople: 0, attendances: 0 },
  };
}

/**
 * New registrations per calendar quarter: families registered (and the people in them) at
 * centres in scope, by the date they registered. Families merged into another were duplicates
 * and self-registrations still pending are not registered yet, so neither counts.
 */
export async function registrationsByQuarterReport(db: Database, range: ReportRange, scope: Scope) {
  const quarter = sql<string>`to_char(${families.registeredOn}, 'YYYY-"Q"Q')`;
  return db
    .select({
      quarter,
      families: sql<number>`count(distinct ${families.id})::int`,
      people: sql<number>`count(${people.id})::int`,
      children: sql<number>`(count(${people.id}) filter (where ${people.role} = 'child'))::int`,
    })
    .from(families)
    .leftJoin(people, and(eq(people.familyId, families.id), isNull(people.mergedIntoId)))
    .where(
      and(
        // An erased family was registered all the same: the figures of the past stay true.
        inArray(families.status, ["active", "erased"]),
        gte(families.registeredOn, range.from),
        lte(families.registeredOn, range.to),
        siteInScope(scope, families.registeredSiteId),
        range.siteId ? eq(families.registeredSiteId, range.siteId) : undefined,
        range.localityId
          ? sql`${families.registeredSiteId} in (select ${sites.id} from ${sites} where ${sites.localityId} = ${range.localityId})`
          : undefined,
      ),
    )
    .groupBy(quarter)
    .orderBy(quarter);
}

/** The localities and sites a report can be narrowed to, within the caller's scope. */
export async function reportFilters(db: Database, scope: Scope) {
  const siteRows = await db
    .select({
      id: sites.id,
      name: sites.name,
      localityId: localities.id,
      localityName: localities.name,
    })
    .from(sites)
    .innerJoin(localities, eq(localities.id, sites.localityId))
    .where(siteInScope(scope, sites.id))
    .orderBy(asc(localities.name), asc(sites.name));
  const localityList = [
    ...new Map(
      siteRows.map((s) => [s.localityId, { id: s.localityId, name: s.localityName }]),
    ).values(),
  ];
  return {
    localities: localityList,
    sites: siteRows.map((s) => ({ id: s.id, name: s.name, localityId: s.localityId })),
  };
}
