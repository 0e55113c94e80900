import type { FamilyRegistration, FamilyUpdate } from "@familyhub/validators";
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNull,
  ne,
  notInArray,
  or,
  sql,
} from "drizzle-orm";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import {
  attendances,
  consents,
  families,
  familyCards,
  people,
  sites,
  targetFlags,
} from "../schema";
import { londonDate } from "../time";
import { type Actor, recordAudit } from "./audit";
import { findPossibleDuplicates } from "./duplicates";
import { type Scope, siteInScope } from "./scope";

type Member = FamilyRegistration["members"][number];

function staffId(actor: Actor): string | null {
  return actor.type === "staff" ? actor.id : null;
}

/** A family is known by the last name of its first adult (or of its first member). */
function surnameOf(members: { role: string; lastName: string }[]): string {
  return (members.find((m) => m.role === "adult") ?? members[0])?.lastName ?? "";
}

function memberColumns(member: Member) {
  return {
    firstName: member.firstName,
    lastName: member.lastName,
    role: member.role,
    dateOfBirth: member.dateOfBirth ?? null,
    // A due date belongs only to a child not yet born.
    expectedDueDate: member.dateOfBirth ? null : (member.expectedDueDate ?? null),
    sex: member.sex ?? null,
    ethnicity: member.ethnicity ?? null,
    firstLanguage: member.firstLanguage ?? null,
    relationship: member.relationship ?? null,
    disability: member.disability,
    sen: member.sen ?? null,
  };
}

function contactColumns(input: FamilyRegistration | FamilyUpdate) {
  return {
    postcode: input.postcode,
    addressLine1: input.addressLine1 ?? null,
    addressLine2: input.addressLine2 ?? null,
    town: input.town ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    howHeard: input.howHeard ?? null,
  };
}

const contactColumnsSelect = {
  postcode: families.postcode,
  addressLine1: families.addressLine1,
  addressLine2: families.addressLine2,
  town: families.town,
  phone: families.phone,
  email: families.email,
  howHeard: families.howHeard,
};

async function siteOrRefuse(db: Database | Transaction, siteId: string, scope: Scope) {
  const [site] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.id, siteId), siteInScope(scope, sites.id)));
  if (!site)
    throw new AppError("NOT_FOUND", "That centre was not found. Choose a centre from the list.");
  return site;
}

/**
 * Registers a family with everything staff record: contact details, members, and each consent
 * as its own row (the privacy notice with its version). Refuses, writing nothing, while the
 * family may already be registered somewhere in the authority and staff have not said they
 * checked (`duplicatesReviewed`): tell us once.
 */
export async function createFamily(
  db: Database,
  input: FamilyRegistration,
  scope: Scope,
  actor: Actor,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const site = await siteOrRefuse(tx, input.siteId, scope);

    if (!input.duplicatesReviewed) {
      const possible = await findPossibleDuplicates(tx, input);
      if (possible.length > 0) {
        throw new AppError(
          "CONFLICT",
          `This family may already be registered (${possible.length === 1 ? "1 possible match" : `${possible.length} possible matches`} in the authority). Check the possible matches, then open the family or confirm that this is a new family.`,
        );
      }
    }

    const by = staffId(actor);
    const [family] = await tx
      .insert(families)
      .values({
        surname: surnameOf(input.members),
        ...contactColumns(input),
        registeredSiteId: site.id,
        registeredOn: londonDate(),
        registeredBy: by,
      })
      .returning({ id: families.id });
    if (!family) throw new Error("insert returned no family");

    await tx
      .insert(people)
      .values(input.members.map((m) => ({ ...memberColumns(m), familyId: family.id })));
    const version = input.consents.privacyNotice.version;
    const kinds = [
      "privacy_notice" as const,
      ...(input.consents.dataSharing ? ["data_sharing" as const] : []),
      ...(input.consents.photographs ? ["photographs" as const] : []),
    ];
    await tx
      .insert(consents)
      .values(kinds.map((kind) => ({ familyId: family.id, kind, version, recordedBy: by })));
    await recordAudit(tx, actor, {
      action: "family.create",
      entityType: "family",
      entityId: family.id,
      detail: {
        members: input.members.length,
        siteId: site.id,
        consents: kinds,
        privacyNoticeVersion: version,
        duplicatesReviewed: input.duplicatesReviewed,
      },
    });
    return family;
  });
}

// PostgreSQL's "a row still refers to this one": a person linked from somewhere we do not know.
function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e === "object" && "code" in e && e.code === "23503") return true;
    e = typeof e === "object" && "cause" in e ? e.cause : null;
  }
  return false;
}

/**
 * Changes a family's details and members: a member with an id is updated, one without is added,
 * and one left out is removed, but only if they have never attended a session (their
 * attendances are the service's record and are never lost). Audited with what changed.
 */
export async function updateFamily(
  db: Database,
  input: FamilyUpdate,
  scope: Scope,
  actor: Actor,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [family] = await tx
      .select({
        id: families.id,
        status: families.status,
        surname: families.surname,
        registeredSiteId: families.registeredSiteId,
        ...contactColumnsSelect,
      })
      .from(families)
      .where(
        and(
          eq(families.id, input.id),
          ne(families.status, "erased"),
          siteInScope(scope, families.registeredSiteId),
        ),
      )
      .for("update");
    if (!family) throw new AppError("NOT_FOUND", "That family was not found.");
    if (family.status === "merged") {
      throw new AppError(
        "CONFLICT",
        "This family was merged into another record and cannot be changed. Open the family it was merged into.",
      );
    }
    await siteOrRefuse(tx, input.siteId, scope);

    const existing = await tx
      .select({ id: people.id, firstName: people.firstName, lastName: people.lastName })
      .from(people)
      .where(and(eq(people.familyId, family.id), isNull(people.mergedIntoId)));
    const existingIds = new Set(existing.map((p) => p.id));
    const keptIds = new Set<string>();
    for (const member of input.members) {
      if (!member.id) continue;
      if (!existingIds.has(member.id) || keptIds.has(member.id)) {
        throw new AppError(
          "BAD_INPUT",
          "A member in the form is not in this family any more. Reload the page and make the change again.",
        );
      }
      keptIds.add(member.id);
    }
    const removed = existing.filter((p) => !keptIds.has(p.id));

    if (removed.length > 0) {
      const attended = await tx
        .select({ personId: attendances.personId, n: count() })
        .from(attendances)
        .where(
          inArray(
            attendances.personId,
            removed.map((p) => p.id),
          ),
        )
        .groupBy(attendances.personId);
      const first = attended[0];
      if (first) {
        const person = removed.find((p) => p.id === first.personId);
        const name = person ? `${person.firstName} ${person.lastName}` : "A member";
        throw new AppError(
          "CONFLICT",
          `${name} has attended ${first.n === 1 ? "a session" : `${first.n} sessions`}, so cannot be removed: attendances are kept. If they have left the household, keep them in the family; if they are recorded twice, merge the records instead.`,
        );
      }
      const staffFlags = await tx
        .select({ personId: targetFlags.personId })
        .from(targetFlags)
        .where(
          and(
            inArray(
              targetFlags.personId,
              removed.map((p) => p.id),
            ),
            ne(targetFlags.source, "rule"),
          ),
        )
        .limit(1);
      if (staffFlags[0]) {
        const person = removed.find((p) => p.id === staffFlags[0]?.personId);
        throw new AppError(
          "CONFLICT",
          `${person ? `${person.firstName} ${person.lastName}` : "A member"} has priority target groups recorded by staff or social care, so cannot be removed. End those first.`,
        );
      }
      // Flags a rule derived are worked out again from the family as it now is.
      await tx.delete(targetFlags).where(
        inArray(
          targetFlags.personId,
          removed.map((p) => p.id),
        ),
      );
      try {
        await tx.delete(people).where(
          inArray(
            people.id,
            removed.map((p) => p.id),
          ),
        );
      } catch (error) {
        if (!isForeignKeyViolation(error)) throw error;
        throw new AppError(
          "CONFLICT",
          "A member you removed is linked to other records (for example a social care match), so cannot be removed. Keep them in the family.",
        );
      }
    }

    const contact = contactColumns(input);
    const changedFields = Object.entries(contact)
      .filter(([key, value]) => family[key as keyof typeof contact] !== value)
      .map(([key]) => key);
    if (family.registeredSiteId !== input.siteId) changedFields.push("registeredSiteId");
    await tx
      .update(families)
      .set({ ...contact, surname: surnameOf(input.members), registeredSiteId: input.siteId })
      .where(eq(families.id, family.id));

    let added = 0;
    for (const member of input.members) {
      if (member.id) {
        await tx
          .update(people)
          .set(memberColumns(member))
          .where(and(eq(people.id, member.id), eq(people.familyId, family.id)));
      } else {
        await tx.insert(people).values({ ...memberColumns(member), familyId: family.id });
        added += 1;
      }
    }

    const consentChanges = await setOptionalConsents(tx, family.id, input.consents, actor);
    await recordAudit(tx, actor, {
      action: "family.update",
      entityType: "family",
      entityId: family.id,
      detail: {
        fields: changedFields,
        membersUpdated: keptIds.size,
        membersAdded: added,
        membersRemoved: removed.map((p) => p.id),
        consents: consentChanges,
      },
    });
    return { id: family.id };
  });
}

/** Gives or withdraws data sharing and photographs; a withdrawn consent stays, with its date. */
async function setOptionalConsents(
  tx: Transaction,
  familyId: string,
  wanted: { dataSharing: boolean; photographs: boolean },
  actor: Actor,
): Promise<string[]> {
  const active = await tx
    .select({ id: consents.id, kind: consents.kind })
    .from(consents)
    .where(and(eq(consents.familyId, familyId), isNull(consents.withdrawnAt)));
  const [privacy] = await tx
    .select({ version: consents.version })
    .from(consents)
    .where(and(eq(consents.familyId, familyId), eq(consents.kind, "privacy_notice")))
    .orderBy(desc(consents.givenAt))
    .limit(1);
  const changes: string[] = [];
  for (const [kind, on] of [
    ["data_sharing", wanted.dataSharing],
    ["photographs", wanted.photographs],
  ] as const) {
    const current = active.filter((c) => c.kind === kind);
    if (on && current.length === 0) {
      await tx.insert(consents).values({
        familyId,
        kind,
        version: privacy?.version ?? "unknown",
        recordedBy: staffId(actor),
      });
      changes.push(`${kind}: given`);
    } else if (!on && current.length > 0) {
      await tx
        .update(consents)
        .set({ withdrawnAt: new Date() })
        .where(
          inArray(
            consents.id,
            current.map((c) => c.id),
          ),
        );
      changes.push(`${kind}: withdrawn`);
    }
  }
  return changes;
}

export async function searchFamilies(
  db: Database,
  input: { query: string; limit: number },
  scope: Scope,
  actor: Actor,
) {
  const q = input.query.trim();
  const like = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = q
    ? or(
        ilike(families.surname, like),
        ilike(families.postcode, like),
        sql`exists (select 1 from ${people} where ${people.familyId} = ${families.id}
          and (${people.firstName} ilike ${like} or ${people.lastName} ilike ${like}))`,
      )
    : undefined;
  const rows = await db
    .select({
      id: families.id,
      surname: families.surname,
      postcode: families.postcode,
      status: families.status,
      registeredOn: families.registeredOn,
      siteName: sites.name,
      members: sql<number>`(select count(*)::int from ${people} where ${people.familyId} = ${families.id} and ${people.mergedIntoId} is null)`,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(
      and(
        siteInScope(scope, families.registeredSiteId),
        // A merged record lives on in the family it was merged into.
        notInArray(families.status, ["merged", "erased"]),
        matches,
      ),
    )
    .orderBy(desc(families.createdAt), asc(families.surname))
    .limit(input.limit);
  await recordAudit(db, actor, {
    action: "family.search",
    detail: { query: q, results: rows.length },
  });
  return rows;
}

export async function getFamily(db: Database, id: string, scope: Scope, actor: Actor) {
  const [family] = await db
    .select({
      id: families.id,
      surname: families.surname,
      ...contactColumnsSelect,
      status: families.status,
      mergedIntoId: families.mergedIntoId,
      selfRegisteredAt: families.selfRegisteredAt,
      registeredOn: families.registeredOn,
      siteId: sites.id,
      siteName: sites.name,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(
      and(
        eq(families.id, id),
        ne(families.status, "erased"),
        siteInScope(scope, families.registeredSiteId),
      ),
    );
  if (!family) throw new AppError("NOT_FOUND", "That family was not found.");

  const [members, familyConsents, cards] = await Promise.all([
    db
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        expectedDueDate: people.expectedDueDate,
        role: people.role,
        sex: people.sex,
        ethnicity: people.ethnicity,
        firstLanguage: people.firstLanguage,
        relationship: people.relationship,
        disability: people.disability,
        sen: people.sen,
        attendances: sql<number>`(select count(*)::int from ${attendances} where ${attendances.personId} = ${people.id})`,
      })
      .from(people)
      // A person merged into another record is shown there, not here.
      .where(and(eq(people.familyId, id), isNull(people.mergedIntoId)))
      .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.createdAt)),
    db
      .select({
        id: consents.id,
        kind: consents.kind,
        version: consents.version,
        givenAt: consents.givenAt,
        withdrawnAt: consents.withdrawnAt,
      })
      .from(consents)
      .where(eq(consents.familyId, id))
      .orderBy(asc(consents.givenAt)),
    db
      .select({
        id: familyCards.id,
        issuedAt: familyCards.issuedAt,
        revokedAt: familyCards.revokedAt,
      })
      .from(familyCards)
      .where(eq(familyCards.familyId, id))
      .orderBy(desc(familyCards.issuedAt)),
  ]);
  await recordAudit(db, actor, { action: "family.read", entityType: "family", entityId: id });
  return { ...family, members, consents: familyConsents, cards };
}

/** The number of families in scope, and of them those with no active card (for the dashboard). */
export async function countFamilies(db: Database, scope: Scope) {
  const counted = and(
    siteInScope(scope, families.registeredSiteId),
    notInArray(families.status, ["merged", "erased"]),
  );
  const [row] = await db.select({ families: count() }).from(families).where(counted);
  const [withoutCard] = await db
    .select({ n: count() })
    .from(families)
    .where(
      and(
        counted,
        sql`not exists (select 1 from ${familyCards} where ${familyCards.familyId} = ${families.id} and ${isNull(familyCards.revokedAt)})`,
      ),
    );
  return { families: row?.families ?? 0, withoutCard: withoutCard?.n ?? 0 };
}
