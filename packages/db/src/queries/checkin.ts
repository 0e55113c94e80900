import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError, messages } from "../errors";
import { attendances, people, programmes, sessions } from "../schema";
import { londonDate, londonDayBounds } from "../time";
import { type Actor, recordAudit } from "./audit";
import { familyForCard } from "./cards";
import type { KioskIdentity } from "./kiosks";

/** Today's sessions at the kiosk's own site. */
export async function kioskSessionsToday(db: Database, kiosk: KioskIdentity) {
  const { start, end } = londonDayBounds(londonDate());
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

// A kiosk may only use a session that runs today at its own site; any other reads as missing.
async function sessionForKiosk(
  db: Database | Transaction,
  kiosk: KioskIdentity,
  sessionId: string,
) {
  const { start, end } = londonDayBounds(londonDate());
  const [session] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.siteId, kiosk.siteId),
        gte(sessions.startsAt, start),
        lt(sessions.startsAt, end),
      ),
    );
  if (!session) {
    throw new AppError(
      "NOT_FOUND",
      "That session is not running here today. Choose one from the list.",
    );
  }
  return session;
}

async function familyOrRefuse(db: Database | Transaction, code: string) {
  const card = await familyForCard(db, code);
  if (!card) throw new AppError("CARD_NOT_RECOGNISED", messages.cardNotRecognised);
  return card;
}

/**
 * What the kiosk shows after a scan: the family's members by first name only, and whether each
 * is already checked in to the session. Nothing else about the family leaves the server.
 */
export async function lookupCard(
  db: Database,
  kiosk: KioskIdentity,
  input: { sessionId: string; cardCode: string },
  actor: Actor,
) {
  const session = await sessionForKiosk(db, kiosk, input.sessionId);
  const card = await familyOrRefuse(db, input.cardCode);
  const members = await db
    .select({
      id: people.id,
      firstName: people.firstName,
      role: people.role,
      dateOfBirth: people.dateOfBirth,
    })
    .from(people)
    .where(eq(people.familyId, card.familyId))
    .orderBy(asc(people.role), asc(people.dateOfBirth));
  const present = await db
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
    );
  const presentIds = new Set(present.map((p) => p.personId));
  await recordAudit(db, actor, {
    action: "kiosk.lookup",
    entityType: "family",
    entityId: card.familyId,
  });
  return {
    members: members.map((m) => ({
      id: m.id,
      firstName: m.firstName,
      role: m.role,
      checkedIn: presentIds.has(m.id),
    })),
  };
}

export type CheckInResult = {
  checkedIn: { id: string; firstName: string }[];
  alreadyCheckedIn: { id: string; firstName: string }[];
};

/**
 * Checks people in to a session. Exactly once: a replay of the same check-in id returns what the
 * first delivery did, and the (person, session) unique key turns a second scan or a second kiosk
 * into "already checked in" rather than a second attendance.
 */
export async function checkIn(
  db: Database,
  kiosk: KioskIdentity,
  input: { checkInId: string; sessionId: string; cardCode: string; personIds: string[] },
  actor: Actor,
): Promise<CheckInResult> {
  return db.transaction(async (tx) => {
    const session = await sessionForKiosk(tx, kiosk, input.sessionId);
    const card = await familyOrRefuse(tx, input.cardCode);
    const members = await tx
      .select({ id: people.id, firstName: people.firstName })
      .from(people)
      .where(and(eq(people.familyId, card.familyId), inArray(people.id, input.personIds)));
    if (members.length !== new Set(input.personIds).size) {
      throw new AppError(
        "BAD_INPUT",
        "Some of the people ticked are not on this card. Scan the card again.",
      );
    }

    const replayed = await tx
      .select({ personId: attendances.personId })
      .from(attendances)
      .where(
        and(eq(attendances.checkInId, input.checkInId), eq(attendances.sessionId, session.id)),
      );
    const inserted = replayed.length
      ? replayed
      : await tx
          .insert(attendances)
          .values(
            members.map((m) => ({
              sessionId: session.id,
              personId: m.id,
              method: "kiosk" as const,
              kioskId: kiosk.id,
              checkInId: input.checkInId,
            })),
          )
          .onConflictDoNothing({ target: [attendances.personId, attendances.sessionId] })
          .returning({ personId: attendances.personId });
    const newIds = new Set(inserted.map((r) => r.personId));
    if (!replayed.length) {
      await recordAudit(tx, actor, {
        action: "kiosk.check_in",
        entityType: "session",
        entityId: session.id,
        detail: { checkInId: input.checkInId, familyId: card.familyId, people: newIds.size },
      });
    }
    return {
      checkedIn: members.filter((m) => newIds.has(m.id)),
      alreadyCheckedIn: members.filter((m) => !newIds.has(m.id)),
    };
  });
}
