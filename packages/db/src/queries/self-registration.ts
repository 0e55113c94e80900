// Self-registration: a family tells us about itself at a kiosk or on its own phone, the family is
// held as pending, and a member of staff checks it, then accepts it as a new family or closes it.
import type { selfRegistrationInput } from "@familyhub/validators";
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import { auditEvents, consents, families, people, sites } from "../schema";
import { londonDate } from "../time";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

export type SelfRegistration = z.output<typeof selfRegistrationInput>;
export type SelfRegistrationChannel = "kiosk" | "phone";

const SELF_REGISTER = "family.self_register";

const notFound = () =>
  new AppError(
    "NOT_FOUND",
    "That registration was not found, or it has already been checked. Go back to the list of families waiting to be checked.",
  );

/**
 * The schema lets a family leave a date out; FamilyHub still needs one to tell families apart
 * ("tell us once"), so everyone has a date of birth except a baby on the way, who has a due date.
 */
function checkMemberDates(members: SelfRegistration["members"]) {
  members.forEach((member, index) => {
    if (member.dateOfBirth && member.expectedDueDate) {
      throw new AppError(
        "BAD_INPUT",
        `members.${index}.expectedDueDate: A child has a date of birth or an expected due date, not both`,
      );
    }
    const unborn = member.role === "child" && member.expectedDueDate;
    if (!member.dateOfBirth && !unborn) {
      throw new AppError(
        "BAD_INPUT",
        member.role === "child"
          ? `members.${index}.dateOfBirth: Enter the date of birth, or an expected due date for a baby not yet born`
          : `members.${index}.dateOfBirth: Enter the date of birth`,
      );
    }
  });
}

function surnameOf(members: SelfRegistration["members"]): string {
  return (members.find((m) => m.role === "adult") ?? members[0])?.lastName ?? "";
}

/** The centre a QR poster names by its code; an unknown code says what to do. */
export async function findSiteByCode(db: Database, code: string) {
  const normal = code.trim().toUpperCase();
  const [site] = normal
    ? await db
        .select({ id: sites.id, code: sites.code, name: sites.name })
        .from(sites)
        .where(eq(sites.code, normal))
    : [];
  if (!site) {
    throw new AppError(
      "NOT_FOUND",
      `We don't know a centre with the code '${code.trim().slice(0, 20)}'. Check the address on the poster, or ask at the centre's reception.`,
    );
  }
  return site;
}

/**
 * Holds what a family told us as a pending family at `siteId`. Nothing is returned about the
 * family: the kiosk or phone that sent it has no business reading it back.
 */
export async function createPendingFamily(
  db: Database,
  input: { siteId: string; channel: SelfRegistrationChannel; registration: SelfRegistration },
  actor: Actor,
): Promise<{ id: string }> {
  const { registration } = input;
  checkMemberDates(registration.members);
  return db.transaction(async (tx) => {
    const [family] = await tx
      .insert(families)
      .values({
        surname: surnameOf(registration.members),
        postcode: registration.postcode,
        phone: registration.phone ?? null,
        email: registration.email ?? null,
        status: "pending",
        selfRegisteredAt: new Date(),
        registeredSiteId: input.siteId,
        registeredOn: londonDate(),
      })
      .returning({ id: families.id });
    if (!family) throw new Error("insert returned no family");

    await tx.insert(people).values(
      registration.members.map((m) => ({
        familyId: family.id,
        firstName: m.firstName,
        lastName: m.lastName,
        role: m.role,
        dateOfBirth: m.dateOfBirth ?? null,
        expectedDueDate: m.expectedDueDate ?? null,
      })),
    );
    // Every consent is given under the privacy notice the family was shown, so it carries its version.
    const version = registration.consents.privacyNotice.version;
    await tx
      .insert(consents)
      .values([
        { familyId: family.id, kind: "privacy_notice" as const, version },
        ...(registration.consents.dataSharing
          ? [{ familyId: family.id, kind: "data_sharing" as const, version }]
          : []),
        ...(registration.consents.photographs
          ? [{ familyId: family.id, kind: "photographs" as const, version }]
          : []),
      ]);
    // The staff queue shows how a family registered; this event is where that is kept.
    await recordAudit(tx, actor, {
      action: SELF_REGISTER,
      entityType: "family",
      entityId: family.id,
      detail: {
        via: input.channel,
        siteId: input.siteId,
        members: registration.members.length,
      },
    });
    return family;
  });
}

/** How a pending family reached us, read from the event that created it. */
const channelOf = sql<SelfRegistrationChannel | null>`(
  select ${auditEvents.detail} ->> 'via' from ${auditEvents}
  where ${auditEvents.entityType} = 'family'
    and ${auditEvents.entityId} = ${families.id}::text
    and ${auditEvents.action} = ${SELF_REGISTER}
  limit 1)`;

const pendingInScope = (scope: Scope) =>
  and(eq(families.status, "pending"), siteInScope(scope, families.registeredSiteId));

/** The families waiting to be checked at the sites in scope, oldest first: a queue. */
export async function listPendingFamilies(db: Database, scope: Scope, actor: Actor) {
  const rows = await db
    .select({
      id: families.id,
      surname: families.surname,
      siteName: sites.name,
      selfRegisteredAt: families.selfRegisteredAt,
      via: channelOf,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(pendingInScope(scope))
    .orderBy(asc(families.selfRegisteredAt), asc(families.createdAt))
    .limit(200);
  const members = rows.length
    ? await db
        .select({
          familyId: people.familyId,
          firstName: people.firstName,
          lastName: people.lastName,
          role: people.role,
        })
        .from(people)
        .where(
          inArray(
            people.familyId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.createdAt))
    : [];
  await recordAudit(db, actor, {
    action: "family.pending_list",
    detail: { results: rows.length },
  });
  return rows.map((row) => ({
    ...row,
    members: members
      .filter((m) => m.familyId === row.id)
      .map(({ firstName, lastName, role }) => ({ firstName, lastName, role })),
  }));
}

export async function countPendingFamilies(db: Database, scope: Scope): Promise<number> {
  const [row] = await db.select({ n: count() }).from(families).where(pendingInScope(scope));
  return row?.n ?? 0;
}

/** Everything a pending family told us, for the member of staff who checks it. */
export async function getPendingFamily(db: Database, id: string, scope: Scope, actor: Actor) {
  const [family] = await db
    .select({
      id: families.id,
      surname: families.surname,
      postcode: families.postcode,
      phone: families.phone,
      email: families.email,
      siteId: sites.id,
      siteName: sites.name,
      selfRegisteredAt: families.selfRegisteredAt,
      via: channelOf,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(and(eq(families.id, id), pendingInScope(scope)));
  if (!family) throw notFound();

  const [members, given] = await Promise.all([
    db
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        role: people.role,
        dateOfBirth: people.dateOfBirth,
        expectedDueDate: people.expectedDueDate,
      })
      .from(people)
      .where(eq(people.familyId, id))
      .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.createdAt)),
    db
      .select({ kind: consents.kind, version: consents.version, givenAt: consents.givenAt })
      .from(consents)
      .where(and(eq(consents.familyId, id), isNull(consents.withdrawnAt))),
  ]);
  await recordAudit(db, actor, {
    action: "family.read",
    entityType: "family",
    entityId: id,
    detail: { pending: true },
  });
  const privacy = given.find((c) => c.kind === "privacy_notice");
  return {
    ...family,
    members,
    consents: {
      privacyNotice: privacy ? { version: privacy.version, givenAt: privacy.givenAt } : null,
      dataSharing: given.some((c) => c.kind === "data_sharing"),
      photographs: given.some((c) => c.kind === "photographs"),
    },
  };
}

// Only a pending family in scope can be decided, and only once: the row is locked, so two members
// of staff pressing at the same moment cannot both accept (or one accept, one reject) it.
async function lockPending(tx: Transaction, id: string, scope: Scope) {
  const [family] = await tx
    .select({ id: families.id })
    .from(families)
    .where(and(eq(families.id, id), pendingInScope(scope)))
    .for("update");
  if (!family) throw notFound();
  return family;
}

async function setOptionalConsent(
  tx: Transaction,
  familyId: string,
  kind: "data_sharing" | "photographs",
  wanted: boolean,
  version: string,
  actor: Actor,
) {
  const [current] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(
      and(eq(consents.familyId, familyId), eq(consents.kind, kind), isNull(consents.withdrawnAt)),
    );
  const by = actor.type === "staff" ? actor.id : null;
  if (wanted && !current) {
    await tx.insert(consents).values({ familyId, kind, version, recordedBy: by });
  } else if (!wanted && current) {
    await tx.update(consents).set({ withdrawnAt: new Date() }).where(eq(consents.id, current.id));
  }
}

/**
 * Accepts a pending family as a new family, with the corrections staff made to what the family
 * typed (`memberIds[i]` is the stored person that `registration.members[i]` corrects). Consents
 * already given stay as they were given; the optional ones follow what staff recorded.
 * Takes a transaction too, so the caller can refresh derived flags in the same one.
 */
export async function acceptPendingFamily(
  db: Database | Transaction,
  input: { id: string; memberIds: string[]; registration: SelfRegistration },
  scope: Scope,
  actor: Actor,
): Promise<{ id: string }> {
  const { registration } = input;
  checkMemberDates(registration.members);
  return db.transaction(async (tx) => {
    const family = await lockPending(tx, input.id, scope);
    const stored = await tx
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        role: people.role,
        dateOfBirth: people.dateOfBirth,
        expectedDueDate: people.expectedDueDate,
      })
      .from(people)
      .where(eq(people.familyId, family.id));
    const sameMembers =
      input.memberIds.length === registration.members.length &&
      input.memberIds.length === stored.length &&
      new Set(input.memberIds).size === stored.length &&
      stored.every((p) => input.memberIds.includes(p.id));
    if (!sameMembers) {
      throw new AppError(
        "BAD_INPUT",
        "The people in this registration do not match what was stored. Reload the page and check them again.",
      );
    }

    let corrected = 0;
    for (const [index, member] of registration.members.entries()) {
      const before = stored.find((p) => p.id === input.memberIds[index]);
      if (!before) continue;
      const after = {
        firstName: member.firstName,
        lastName: member.lastName,
        role: member.role,
        dateOfBirth: member.dateOfBirth ?? null,
        expectedDueDate: member.expectedDueDate ?? null,
      };
      const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
        (key) => after[key] !== before[key],
      );
      if (changed.length === 0) continue;
      corrected += changed.length;
      await tx.update(people).set(after).where(eq(people.id, before.id));
    }

    const [privacy] = await tx
      .select({ version: consents.version })
      .from(consents)
      .where(and(eq(consents.familyId, family.id), eq(consents.kind, "privacy_notice")));
    const version = privacy?.version ?? registration.consents.privacyNotice.version;
    await setOptionalConsent(
      tx,
      family.id,
      "data_sharing",
      registration.consents.dataSharing,
      version,
      actor,
    );
    await setOptionalConsent(
      tx,
      family.id,
      "photographs",
      registration.consents.photographs,
      version,
      actor,
    );

    await tx
      .update(families)
      .set({
        surname: surnameOf(registration.members),
        postcode: registration.postcode,
        phone: registration.phone ?? null,
        email: registration.email ?? null,
        status: "active",
        verifiedAt: new Date(),
        verifiedBy: actor.type === "staff" ? actor.id : null,
      })
      .where(eq(families.id, family.id));
    await recordAudit(tx, actor, {
      action: "family.accept",
      entityType: "family",
      entityId: family.id,
      detail: { corrected },
    });
    return { id: family.id };
  });
}

export type RejectReason = "existing_family" | "not_a_registration";

/**
 * Closes a pending family without making it a family. Nothing is deleted: the family becomes
 * `merged`, into the existing family it duplicates, or into nothing when it was not a real
 * registration (a test, a mistake, a prank from the public page). `verifiedAt`/`verifiedBy` say
 * who decided and when; the audit event says why.
 */
export async function rejectPendingFamily(
  db: Database,
  input: { id: string; reason: RejectReason; existingFamilyId?: string | null },
  scope: Scope,
  actor: Actor,
): Promise<{ id: string; mergedIntoId: string | null }> {
  return db.transaction(async (tx) => {
    const family = await lockPending(tx, input.id, scope);
    let mergedIntoId: string | null = null;
    if (input.reason === "existing_family") {
      // The family it duplicates: one the caller may open (as the possible duplicates show it),
      // already known or itself still waiting (a family that registered twice).
      const [existing] = input.existingFamilyId
        ? await tx
            .select({ id: families.id })
            .from(families)
            .where(
              and(
                eq(families.id, input.existingFamilyId),
                inArray(families.status, ["active", "pending"]),
                siteInScope(scope, families.registeredSiteId),
              ),
            )
        : [];
      if (!existing || existing.id === family.id) {
        throw new AppError(
          "BAD_INPUT",
          "Choose the existing family from the possible matches shown on this page.",
        );
      }
      mergedIntoId = existing.id;
    }
    await tx
      .update(families)
      .set({
        status: "merged",
        mergedIntoId,
        verifiedAt: new Date(),
        verifiedBy: actor.type === "staff" ? actor.id : null,
      })
      .where(eq(families.id, family.id));
    await recordAudit(tx, actor, {
      action: "family.reject",
      entityType: "family",
      entityId: family.id,
      detail: { reason: input.reason, mergedIntoId },
    });
    return { id: family.id, mergedIntoId };
  });
}
