import { and, asc, eq, gte, ilike, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError, messages } from "../errors";
import { CARD_TOKEN } from "@familyhub/validators";
import {
  attendances,
  auditEvents,
  families,
  familyCards,
  people,
  programmes,
  sessions,
  sites,
} from "../schema";
import { monthsBetween } from "../seed/dates";
import { londonDate, londonDayBounds, londonTodayBounds } from "../time";
import { hashSecret } from "../tokens";
import { type Actor, recordAudit } from "./audit";
import { familyForCard } from "./cards";
import type { KioskIdentity } from "./kiosks";
import { selectPreparedRows } from "./raw";
import { type Scope, siteInScope } from "./scope";

/** Today's sessions at the kiosk's own site. */
export async function kioskSessionsToday(db: Database, kiosk: KioskIdentity) {
  const { start, end } = londonTodayBounds();
  return db
    .select({
      id: sessions.id,
      programmeName: programmes.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
    })
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .where(
      and(
        eq(sessions.siteId, kiosk.siteId),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

type KioskSession = {
  id: string;
  startsAt: Date;
  minAgeMonths: number | null;
  maxAgeMonths: number | null;
};

/** Programmes from this age up are for young people, who come without their parents. */
const YOUTH_MIN_MONTHS = 96;

/**
 * Who of a family a session is for, by age on the session's day: the children in the
 * programme's age range, and the grown-ups who bring them (not to a youth programme). A
 * programme with no age range (antenatal, parenting) is for the grown-ups. An unborn child is
 * never here.
 */
export function eligibleForSession(
  members: { id: string; role: "adult" | "child"; dateOfBirth: string | null }[],
  session: KioskSession,
): Set<string> {
  const { minAgeMonths, maxAgeMonths } = session;
  const adults = members.filter((m) => m.role === "adult").map((m) => m.id);
  if (minAgeMonths === null || maxAgeMonths === null) return new Set(adults);
  const day = londonDate(session.startsAt);
  const children = members.filter((m) => {
    if (m.role !== "child" || !m.dateOfBirth) return false;
    const months = monthsBetween(m.dateOfBirth, day);
    return months >= 0 && months >= minAgeMonths && months <= maxAgeMonths;
  });
  const ids = children.map((m) => m.id);
  if (children.length > 0 && minAgeMonths < YOUTH_MIN_MONTHS) ids.push(...adults);
  return new Set(ids);
}

const kioskSessionColumns = {
  id: sessions.id,
  startsAt: sessions.startsAt,
  minAgeMonths: programmes.minAgeMonths,
  maxAgeMonths: programmes.maxAgeMonths,
};

const sessionNotHere = () =>
  new AppError("NOT_FOUND", "That session is not running here today. Choose one from the list.");

// A kiosk may only use a session that runs today at its own site; any other reads as missing.
async function sessionForKiosk(
  db: Database | Transaction,
  kiosk: KioskIdentity,
  sessionId: string,
): Promise<KioskSession> {
  const { start, end } = londonTodayBounds();
  const [session] = await db
    .select(kioskSessionColumns)
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.siteId, kiosk.siteId),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    );
  if (!session) throw sessionNotHere();
  return session;
}

/** How long a kiosk may hold a check-in offline and still have it recorded. */
const OFFLINE_DAYS = 7;

/**
 * The session of a check-in kept offline: at the kiosk's site, on the day it was scanned, and
 * scanned no more than a week ago (a kiosk can be offline for a day or a weekend).
 */
async function sessionForOfflineCheckIn(
  db: Database | Transaction,
  kiosk: KioskIdentity,
  sessionId: string,
  scannedAt: Date,
): Promise<KioskSession> {
  if (Date.now() - scannedAt.getTime() > OFFLINE_DAYS * 86_400_000) throw sessionNotHere();
  const { start, end } = londonDayBounds(londonDate(scannedAt));
  const [session] = await db
    .select(kioskSessionColumns)
    .from(sessions)
    .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.siteId, kiosk.siteId),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    );
  if (!session) throw sessionNotHere();
  return session;
}

async function familyOrRefuse(db: Database | Transaction, code: string) {
  const card = await familyForCard(db, code);
  if (!card) throw new AppError("CARD_NOT_RECOGNISED", messages.cardNotRecognised);
  return card;
}

async function familyMembers(db: Database | Transaction, familyId: string) {
  return db
    .select({
      id: people.id,
      firstName: people.firstName,
      role: people.role,
      dateOfBirth: people.dateOfBirth,
    })
    .from(people)
    .where(eq(people.familyId, familyId))
    .orderBy(asc(people.role), asc(people.dateOfBirth));
}

/**
 * A family's members as the kiosk may show them: first names, whether each is already checked in
 * and whether the session suits their age (pre-ticked). Nothing else leaves the server.
 */
async function membersAtSession(
  db: Database | Transaction,
  session: KioskSession,
  familyId: string,
) {
  const members = (await familyMembers(db, familyId)).filter(
    // An unborn child (due date only) is not shown at the door.
    (m) => m.dateOfBirth !== null || m.role === "adult",
  );
  const present = members.length
    ? await db
        .select({ personId: attendances.personId })
        .from(attendances)
        .where(
          and(
            eq(attendances.sessionId, session.id),
            inArray(
              attendances.personId,
              members.map((m) => m.id),
            ),
          ),
        )
    : [];
  const presentIds = new Set(present.map((p) => p.personId));
  const eligible = eligibleForSession(members, session);
  return members.map((m) => ({
    id: m.id,
    firstName: m.firstName,
    role: m.role,
    checkedIn: presentIds.has(m.id),
    eligible: eligible.has(m.id),
  }));
}

type LookupRow = {
  session: {
    id: string;
    startsAt: string;
    minAgeMonths: number | null;
    maxAgeMonths: number | null;
  } | null;
  family_id: string | null;
  members: {
    id: string;
    firstName: string;
    role: "adult" | "child";
    dateOfBirth: string | null;
    checkedIn: boolean;
  }[];
};

const fromJson = <T>(value: T | string): T =>
  typeof value === "string" ? (JSON.parse(value) as T) : value;

/**
 * What the kiosk shows after a scan (see `membersAtSession`), in one statement with its audit
 * event: the family's first names, who is already checked in, and who the session suits.
 */
export async function lookupCard(
  db: Database,
  kiosk: KioskIdentity,
  input: { sessionId: string; cardCode: string },
  actor: Actor,
) {
  const token = input.cardCode.trim();
  const tokenHash = CARD_TOKEN.test(token) ? hashSecret(token) : "";
  const { start, end } = londonTodayBounds();
  const [row] = await selectPreparedRows<LookupRow>(
    db,
    sql`with
      s as (
        select se.id, se.starts_at, p.min_age_months, p.max_age_months
          from ${sessions} se join ${programmes} p on p.id = se.programme_id
         where se.id = ${input.sessionId} and se.site_id = ${kiosk.siteId}
           and se.starts_at >= ${start.toISOString()}::timestamptz
           and se.starts_at < ${end.toISOString()}::timestamptz
      ),
      c as (
        select family_id from ${familyCards} where token_hash = ${tokenHash} and revoked_at is null
      ),
      aud as (
        insert into ${auditEvents} (actor_type, actor_id, ip, action, entity_type, entity_id)
        select ${actor.type}, ${actor.id}, ${actor.ip ?? null}, 'kiosk.lookup', 'family',
               (select family_id from c)::text
         where exists (select 1 from s) and exists (select 1 from c)
      )
      select (select json_build_object('id', id, 'startsAt', starts_at,
                'minAgeMonths', min_age_months, 'maxAgeMonths', max_age_months) from s) as session,
             (select family_id from c) as family_id,
             coalesce((
               select json_agg(json_build_object(
                   'id', p.id, 'firstName', p.first_name, 'role', p.role,
                   'dateOfBirth', p.date_of_birth,
                   'checkedIn', exists (select 1 from ${attendances} a
                                         where a.session_id = (select id from s)
                                           and a.person_id = p.id))
                 order by p.role, p.date_of_birth)
                 from ${people} p
                -- An unborn child (due date only) is not shown at the door.
                where p.family_id = (select family_id from c)
                  and (p.date_of_birth is not null or p.role = 'adult')
                  and exists (select 1 from s)
             ), '[]'::json) as members`,
  );
  const found = row ? fromJson(row.session) : null;
  if (!found) throw sessionNotHere();
  if (!row?.family_id) throw new AppError("CARD_NOT_RECOGNISED", messages.cardNotRecognised);
  const members = fromJson(row.members);
  const eligible = eligibleForSession(members, { ...found, startsAt: new Date(found.startsAt) });
  return {
    members: members.map((m) => ({
      id: m.id,
      firstName: m.firstName,
      role: m.role,
      checkedIn: m.checkedIn,
      eligible: eligible.has(m.id),
    })),
  };
}

export type CheckInResult = {
  checkedIn: { id: string; firstName: string }[];
  alreadyCheckedIn: { id: string; firstName: string }[];
};

type Attendee = { id: string; firstName: string };

/**
 * Records one check-in exactly once: a replay of the same check-in id returns what the first
 * delivery did, and the (person, session) unique key turns a second scan or a second kiosk into
 * "already checked in" rather than a second attendance.
 */
async function recordCheckIn(
  tx: Transaction,
  input: {
    kiosk: KioskIdentity;
    session: KioskSession;
    familyId: string;
    checkInId: string;
    members: Attendee[];
    unconfirmed: boolean;
    checkedInAt?: Date;
  },
  actor: Actor,
  audit: Record<string, unknown>,
): Promise<CheckInResult & { replayed: boolean }> {
  const { session, members } = input;
  // Serialises deliveries of the same id (a retry racing a reply that was lost): the second
  // waits for the first to commit, then reads it as a replay.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${input.checkInId}))`);
  const replayed = await tx
    .select({ personId: attendances.personId })
    .from(attendances)
    .where(and(eq(attendances.checkInId, input.checkInId), eq(attendances.sessionId, session.id)));
  const replayedIds = new Set(replayed.map((r) => r.personId));
  if (replayed.length) {
    // What the first delivery recorded, whoever of the family it was.
    const firstNames = await tx
      .select({ id: people.id, firstName: people.firstName })
      .from(people)
      .where(inArray(people.id, [...replayedIds]));
    return { checkedIn: firstNames, alreadyCheckedIn: [], replayed: true };
  }
  const inserted = members.length
    ? await tx
        .insert(attendances)
        .values(
          members.map((m) => ({
            sessionId: session.id,
            personId: m.id,
            method: "kiosk" as const,
            kioskId: input.kiosk.id,
            checkInId: input.checkInId,
            unconfirmed: input.unconfirmed,
            ...(input.checkedInAt ? { checkedInAt: input.checkedInAt } : {}),
          })),
        )
        .onConflictDoNothing({ target: [attendances.personId, attendances.sessionId] })
        .returning({ personId: attendances.personId })
    : [];
  const newIds = new Set(inserted.map((r) => r.personId));
  await recordAudit(tx, actor, {
    action: "kiosk.check_in",
    entityType: "session",
    entityId: session.id,
    detail: {
      checkInId: input.checkInId,
      familyId: input.familyId,
      people: newIds.size,
      ...audit,
    },
  });
  return {
    checkedIn: members.filter((m) => newIds.has(m.id)),
    alreadyCheckedIn: members.filter((m) => !newIds.has(m.id)),
    replayed: false,
  };
}

async function tickedMembers(tx: Transaction, familyId: string, personIds: string[]) {
  const members = await tx
    .select({ id: people.id, firstName: people.firstName })
    .from(people)
    .where(and(eq(people.familyId, familyId), inArray(people.id, personIds)));
  if (members.length !== new Set(personIds).size) {
    throw new AppError(
      "BAD_INPUT",
      "Some of the people ticked are not on this card. Scan the card again.",
    );
  }
  return members;
}

type CheckInRow = {
  session_found: boolean;
  family_id: string | null;
  members_found: number;
  replayed: boolean;
  members: { id: string; firstName: string; inserted: boolean; priorCheckInId: string | null }[];
};

/**
 * Checks the people a family ticked in to a session, with the same guarantees as
 * `recordCheckIn` (exactly once per check-in id, once per person and session) in one statement:
 * the kiosk's busiest call makes one round trip to the database instead of nine. The session
 * (today, at this kiosk's site), the card, the ticked members, the replay check, the insert and
 * the audit event are one atomic statement; it writes nothing unless all of them hold.
 *
 * A member whose row the statement neither wrote nor could see was written at the same moment
 * by a concurrent statement (a second kiosk, or a retry of this very check-in whose reply was
 * lost); they are read again once that has committed.
 */
export async function checkIn(
  db: Database,
  kiosk: KioskIdentity,
  input: { checkInId: string; sessionId: string; cardCode: string; personIds: string[] },
  actor: Actor,
): Promise<CheckInResult> {
  const token = input.cardCode.trim();
  if (!CARD_TOKEN.test(token))
    throw new AppError("CARD_NOT_RECOGNISED", messages.cardNotRecognised);
  const personIds = [...new Set(input.personIds)];
  const { start, end } = londonTodayBounds();
  const [row] = await selectPreparedRows<CheckInRow>(
    db,
    sql`with
      s as (
        select id from ${sessions}
         where id = ${input.sessionId} and site_id = ${kiosk.siteId}
           and starts_at >= ${start.toISOString()}::timestamptz and starts_at < ${end.toISOString()}::timestamptz
      ),
      c as (
        select family_id from ${familyCards}
         where token_hash = ${hashSecret(token)} and revoked_at is null
      ),
      m as (
        select p.id, p.first_name from ${people} p
         where p.family_id = (select family_id from c)
           and p.id = any(${`{${personIds.join(",")}}`}::uuid[])
      ),
      replay as (
        select exists (
          select 1 from ${attendances}
           where check_in_id = ${input.checkInId} and session_id = (select id from s)
        ) as replayed
      ),
      go as (
        select exists (select 1 from s) and exists (select 1 from c)
               and (select count(*) from m) = ${personIds.length}
               and not (select replayed from replay) as ok
      ),
      ins as (
        insert into ${attendances} (session_id, person_id, method, kiosk_id, check_in_id, unconfirmed)
        select (select id from s), m.id, 'kiosk', ${kiosk.id}, ${input.checkInId}, false
          from m where (select ok from go)
        on conflict (person_id, session_id) do nothing
        returning person_id
      ),
      prior as (
        select a.person_id, a.check_in_id from ${attendances} a
         where a.session_id = (select id from s) and a.person_id in (select id from m)
      ),
      aud as (
        insert into ${auditEvents} (actor_type, actor_id, ip, action, entity_type, entity_id, detail)
        select ${actor.type}, ${actor.id}, ${actor.ip ?? null}, 'kiosk.check_in', 'session', ${input.sessionId},
               jsonb_build_object('checkInId', ${input.checkInId}::text,
                                  'familyId', (select family_id from c),
                                  'people', (select count(*) from ins))
         where (select ok from go)
           -- A member nobody could see yet is a concurrent write: decided after it commits.
           and (exists (select 1 from ins)
                or not exists (select 1 from m where m.id not in (select person_id from prior)))
      )
      select exists (select 1 from s) as session_found,
             (select family_id from c) as family_id,
             (select count(*) from m)::int as members_found,
             (select replayed from replay) as replayed,
             coalesce((select json_agg(json_build_object(
                 'id', m.id, 'firstName', m.first_name,
                 'inserted', m.id in (select person_id from ins),
                 'priorCheckInId', (select check_in_id from prior where prior.person_id = m.id)))
               from m), '[]'::json) as members`,
  );
  if (!row?.session_found) throw sessionNotHere();
  if (!row.family_id) throw new AppError("CARD_NOT_RECOGNISED", messages.cardNotRecognised);
  if (row.members_found !== personIds.length) {
    throw new AppError(
      "BAD_INPUT",
      "Some of the people ticked are not on this card. Scan the card again.",
    );
  }
  const members = fromJson(row.members);
  if (row.replayed) return replayedCheckIn(db, input.checkInId, input.sessionId);
  const checkedIn: Attendee[] = [];
  const alreadyCheckedIn: Attendee[] = [];
  const undecided: Attendee[] = [];
  for (const m of members) {
    const person = { id: m.id, firstName: m.firstName };
    if (m.inserted) checkedIn.push(person);
    else if (m.priorCheckInId === null || m.priorCheckInId === undefined) undecided.push(person);
    else alreadyCheckedIn.push(person);
  }
  if (undecided.length === 0) return { checkedIn, alreadyCheckedIn };
  return settleConcurrentCheckIn(db, { ...input, familyId: row.family_id }, actor, {
    checkedIn,
    alreadyCheckedIn,
    undecided,
  });
}

/** What the first delivery of a check-in id recorded, for a replay of it. */
async function replayedCheckIn(
  db: Database | Transaction,
  checkInId: string,
  sessionId: string,
): Promise<CheckInResult> {
  const firstNames = await db
    .select({ id: people.id, firstName: people.firstName })
    .from(attendances)
    .innerJoin(people, eq(people.id, attendances.personId))
    .where(and(eq(attendances.checkInId, checkInId), eq(attendances.sessionId, sessionId)));
  return { checkedIn: firstNames, alreadyCheckedIn: [] };
}

/**
 * The rare end of `checkIn`: members whose attendance a concurrent statement was writing. Read
 * now it has committed, a row with this check-in id means this check-in was a retry racing its
 * own first delivery (a replay: no second audit event); any other means someone else checked them
 * in first. If nothing at all was written by this check-in, its audit event is written here.
 */
async function settleConcurrentCheckIn(
  db: Database,
  input: { checkInId: string; sessionId: string; familyId: string },
  actor: Actor,
  found: { checkedIn: Attendee[]; alreadyCheckedIn: Attendee[]; undecided: Attendee[] },
): Promise<CheckInResult> {
  const rows = await db
    .select({ personId: attendances.personId, checkInId: attendances.checkInId })
    .from(attendances)
    .where(
      and(
        eq(attendances.sessionId, input.sessionId),
        inArray(
          attendances.personId,
          found.undecided.map((m) => m.id),
        ),
      ),
    );
  const byPerson = new Map(rows.map((r) => [r.personId, r.checkInId]));
  const ours = found.undecided.filter((m) => byPerson.get(m.id) === input.checkInId);
  if (ours.length) return replayedCheckIn(db, input.checkInId, input.sessionId);
  if (found.checkedIn.length === 0) {
    await recordAudit(db, actor, {
      action: "kiosk.check_in",
      entityType: "session",
      entityId: input.sessionId,
      detail: { checkInId: input.checkInId, familyId: input.familyId, people: 0 },
    });
  }
  return {
    checkedIn: found.checkedIn,
    alreadyCheckedIn: [...found.alreadyCheckedIn, ...found.undecided],
  };
}

/**
 * A check-in the kiosk kept while it was offline: it knew the card, the session and the time,
 * never the members. The members the session suits by age are checked in, flagged for staff to
 * confirm on the register; if it suits none of them by age, all of them are, so staff decide.
 * Idempotent on the check-in id like `checkIn`, and an id already used online (a reply lost
 * after the commit) is a replay too.
 */
export async function checkInFamily(
  db: Database,
  kiosk: KioskIdentity,
  input: { checkInId: string; sessionId: string; cardCode: string; scannedAt: Date },
  actor: Actor,
): Promise<{ recorded: number; replayed: boolean }> {
  // A kiosk's clock can be wrong; a scan is never recorded as after it reached us.
  const scannedAt = new Date(Math.min(input.scannedAt.getTime(), Date.now()));
  return db.transaction(async (tx) => {
    const session = await sessionForOfflineCheckIn(tx, kiosk, input.sessionId, scannedAt);
    const card = await familyOrRefuse(tx, input.cardCode);
    const all = (await familyMembers(tx, card.familyId)).filter(
      (m) => m.dateOfBirth !== null || m.role === "adult",
    );
    const eligible = eligibleForSession(all, session);
    const members = eligible.size ? all.filter((m) => eligible.has(m.id)) : all;
    const result = await recordCheckIn(
      tx,
      {
        kiosk,
        session,
        familyId: card.familyId,
        checkInId: input.checkInId,
        members,
        unconfirmed: true,
        checkedInAt: scannedAt,
      },
      actor,
      { offline: true },
    );
    return { recorded: result.checkedIn.length, replayed: result.replayed };
  });
}

/** The family a kiosk search result names, if it is active and registered in the kiosk's locality. */
async function familyInKioskLocality(
  db: Database | Transaction,
  kiosk: KioskIdentity,
  familyId: string,
) {
  const [family] = await db
    .select({ id: families.id })
    .from(families)
    .where(
      and(
        eq(families.id, familyId),
        eq(families.status, "active"),
        sql`${families.registeredSiteId} in (select ${sites.id} from ${sites} where ${sites.localityId} = (select ${sites.localityId} from ${sites} where ${sites.id} = ${kiosk.siteId}))`,
      ),
    );
  if (!family) throw new AppError("NOT_FOUND", "That family was not found. Search again.");
  return family;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * "I've forgotten my card", once a member of staff has typed their PIN: families registered in
 * the kiosk's locality whose surname or a member's first name starts with `query`. Each is named
 * by first names and the surname's initial, no more, since the screen faces the door.
 */
export async function searchFamiliesAtKiosk(
  db: Database,
  kiosk: KioskIdentity,
  query: string,
  actor: Actor,
  staffId: string,
) {
  const prefix = `${escapeLike(query.trim())}%`;
  const found = await db
    .select({ id: families.id, surname: families.surname })
    .from(families)
    .where(
      and(
        eq(families.status, "active"),
        sql`${families.registeredSiteId} in (select ${sites.id} from ${sites} where ${sites.localityId} = (select ${sites.localityId} from ${sites} where ${sites.id} = ${kiosk.siteId}))`,
        or(
          ilike(families.surname, prefix),
          sql`exists (select 1 from ${people} where ${people.familyId} = ${families.id} and ${people.firstName} ilike ${prefix})`,
        ),
      ),
    )
    .orderBy(asc(families.surname))
    .limit(8);
  const members = found.length
    ? await db
        .select({ familyId: people.familyId, firstName: people.firstName })
        .from(people)
        .where(
          and(
            inArray(
              people.familyId,
              found.map((f) => f.id),
            ),
            isNotNull(people.dateOfBirth),
          ),
        )
        .orderBy(asc(people.role), asc(people.dateOfBirth))
    : [];
  await recordAudit(db, actor, {
    action: "kiosk.search",
    entityType: "kiosk",
    entityId: kiosk.id,
    detail: { staffId, results: found.length },
  });
  return found.map((f) => ({
    familyId: f.id,
    firstNames: members.filter((m) => m.familyId === f.id).map((m) => m.firstName),
    surnameInitial: f.surname.trim().charAt(0).toUpperCase(),
  }));
}

/** The members of a family found by a member of staff, as after a scan. */
export async function assistedLookup(
  db: Database,
  kiosk: KioskIdentity,
  input: { sessionId: string; familyId: string },
  actor: Actor,
  staffId: string,
) {
  const session = await sessionForKiosk(db, kiosk, input.sessionId);
  const family = await familyInKioskLocality(db, kiosk, input.familyId);
  const members = await membersAtSession(db, session, family.id);
  await recordAudit(db, actor, {
    action: "kiosk.lookup",
    entityType: "family",
    entityId: family.id,
    detail: { staffId },
  });
  return { members };
}

/** Checks in the people ticked for a family found by a member of staff. */
export async function assistedCheckIn(
  db: Database,
  kiosk: KioskIdentity,
  input: { checkInId: string; sessionId: string; familyId: string; personIds: string[] },
  actor: Actor,
  staffId: string,
): Promise<CheckInResult> {
  return db.transaction(async (tx) => {
    const session = await sessionForKiosk(tx, kiosk, input.sessionId);
    const family = await familyInKioskLocality(tx, kiosk, input.familyId);
    const members = await tickedMembers(tx, family.id, input.personIds);
    const { checkedIn, alreadyCheckedIn } = await recordCheckIn(
      tx,
      {
        kiosk,
        session,
        familyId: family.id,
        checkInId: input.checkInId,
        members,
        unconfirmed: false,
      },
      actor,
      { staffId },
    );
    return { checkedIn, alreadyCheckedIn };
  });
}

/**
 * Staff settle an attendance a kiosk made offline: confirm it (the person was there) or untick
 * it (they were not), which removes it. Only unconfirmed attendances at a session in scope.
 */
export async function confirmAttendance(
  db: Database,
  input: { attendanceId: string; present: boolean },
  scope: Scope,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: attendances.id,
        sessionId: attendances.sessionId,
        personId: attendances.personId,
      })
      .from(attendances)
      .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
      .where(
        and(
          eq(attendances.id, input.attendanceId),
          eq(attendances.unconfirmed, true),
          siteInScope(scope, sessions.siteId),
        ),
      );
    if (!row) {
      throw new AppError(
        "NOT_FOUND",
        "That check-in was not found or is already confirmed. Reload the register.",
      );
    }
    if (input.present) {
      await tx.update(attendances).set({ unconfirmed: false }).where(eq(attendances.id, row.id));
    } else {
      await tx.delete(attendances).where(eq(attendances.id, row.id));
    }
    await recordAudit(tx, actor, {
      action: input.present ? "attendance.confirm" : "attendance.untick",
      entityType: "session",
      entityId: row.sessionId,
      detail: { attendanceId: row.id, personId: row.personId },
    });
    return { id: row.id, present: input.present };
  });
}
