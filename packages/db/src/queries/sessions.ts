import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { attendances, kiosks, people, programmes, sessions, sites } from "../schema";
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

/** A session's register: who attended, when, and through which kiosk or member of staff. */
export async function getRegister(db: Database, sessionId: string, scope: Scope, actor: Actor) {
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
    })
    .from(attendances)
    .innerJoin(people, eq(people.id, attendances.personId))
    .leftJoin(kiosks, eq(kiosks.id, attendances.kioskId))
    .where(eq(attendances.sessionId, session.id))
    .orderBy(asc(attendances.checkedInAt), asc(people.lastName), asc(people.firstName));
  await recordAudit(db, actor, {
    action: "register.read",
    entityType: "session",
    entityId: session.id,
    detail: { people: rows.length },
  });
  return { session, attendances: rows };
}
