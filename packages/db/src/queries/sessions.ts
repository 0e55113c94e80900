import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import {
  attendances,
  families,
  kiosks,
  people,
  programmes,
  sessions,
  sites,
  targetFlags,
  targetGroups,
} from "../schema";
import { londonDate, londonDayBounds } from "../time";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

export async function listSites(db: Database, scope: Scope) {
  return db
    .select({
      id: sites.id,
      code: sites.code,
      name: sites.name,
      kind: sites.kind,
      operator: sites.operator,
      district: sites.district,
      isLead: sites.isLead,
      localityId: sites.localityId,
    })
    .from(sites)
    .where(siteInScope(scope, sites.id))
    .orderBy(asc(sites.name));
}

/** The sessions on one Europe/London day, at one site or every site in scope. */
export async function listSessionsForDay(
  db: Database,
  input: { siteId?: string; date?: string },
  scope: Scope,
) {
  const { start, end } = londonDayBounds(input.date ?? londonDate());
  return db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      siteId: sites.id,
      siteName: sites.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      attended: sql<number>`(select count(*)::int from ${attendances} where ${attendances.sessionId} = ${sessions.id})`,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(
      and(
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
        input.siteId ? eq(sessions.siteId, input.siteId) : undefined,
        siteInScope(scope, sessions.siteId),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sites.name));
}

/**
 * Whether the attendee's family was in a priority target group on the session's day (a flag
 * open that day in a group the authority counts as priority). The same definition as
 * @familyhub/targeting's reports, written out here because this package cannot depend on it.
 */
const attendeeIsPriority = sql<boolean>`exists (select 1 from ${targetFlags}
  inner join ${targetGroups} on ${targetGroups.code} = ${targetFlags.groupCode}
  where ${targetFlags.familyId} = ${people.familyId} and ${targetGroups.isPriority}
  and ${targetFlags.startedOn} <= (${sessions.startsAt} at time zone 'Europe/London')::date
  and (${targetFlags.endedAt} is null
    or (${targetFlags.endedAt} at time zone 'Europe/London')::date > (${sessions.startsAt} at time zone 'Europe/London')::date))`;

/**
 * A session's register: who attended, when, and through which kiosk or member of staff.
 * `withPriority` (callers with flag:read) marks the attendees from priority target groups, so
 * staff can follow up those who stop coming; for anyone else, and for families registered
 * outside the caller's scope, `priority` is null.
 */
export async function getRegister(
  db: Database,
  sessionId: string,
  scope: Scope,
  actor: Actor,
  options: { withPriority?: boolean } = {},
) {
  const [session] = await db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      siteName: sites.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(and(eq(sessions.id, sessionId), siteInScope(scope, sessions.siteId)));
  if (!session) throw new AppError("NOT_FOUND", "That session was not found.");

  const rows = await db
    .select({
      id: attendances.id,
      personId: people.id,
      familyId: people.familyId,
      firstName: people.firstName,
      lastName: people.lastName,
      role: people.role,
      dateOfBirth: people.dateOfBirth,
      checkedInAt: attendances.checkedInAt,
      method: attendances.method,
      kioskName: kiosks.name,
      // A family from another locality can come to a session here ("no wrong door"), but
      // whether it is priority is for the staff of its own locality: null, not shown.
      priority: options.withPriority
        ? sql<
            boolean | null
          >`case when ${siteInScope(scope, families.registeredSiteId)} then ${attendeeIsPriority} end`
        : sql<boolean | null>`null`,
    })
    .from(attendances)
    .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
    .innerJoin(people, eq(people.id, attendances.personId))
    .innerJoin(families, eq(families.id, people.familyId))
    .leftJoin(kiosks, eq(kiosks.id, attendances.kioskId))
    .where(eq(attendances.sessionId, session.id))
    .orderBy(asc(attendances.checkedInAt), asc(people.lastName), asc(people.firstName));
  await recordAudit(db, actor, {
    action: "register.read",
    entityType: "session",
    entityId: session.id,
    detail: { people: rows.length, priority: options.withPriority === true },
  });
  return { session, attendances: rows };
}
