import { and, asc, count, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { AppError } from "../errors";
import { consents, families, familyCards, people, sites } from "../schema";
import { londonDate } from "../time";
import { type Actor, recordAudit } from "./audit";
import { type Scope, siteInScope } from "./scope";

export type NewFamily = {
  siteId: string;
  postcode: string;
  members: { firstName: string; lastName: string; dateOfBirth: string; role: "child" | "adult" }[];
  privacyNotice: { version: string };
};

export async function createFamily(
  db: Database,
  input: NewFamily,
  scope: Scope,
  actor: Actor,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [site] = await tx
      .select({ id: sites.id })
      .from(sites)
      .where(and(eq(sites.id, input.siteId), siteInScope(scope, sites.id)));
    if (!site)
      throw new AppError("NOT_FOUND", "That centre was not found. Choose a centre from the list.");

    const firstAdult = input.members.find((m) => m.role === "adult") ?? input.members[0];
    const [family] = await tx
      .insert(families)
      .values({
        surname: firstAdult?.lastName ?? "",
        postcode: input.postcode,
        registeredSiteId: site.id,
        registeredOn: londonDate(),
        registeredBy: actor.type === "staff" ? actor.id : null,
      })
      .returning({ id: families.id });
    if (!family) throw new Error("insert returned no family");

    await tx.insert(people).values(input.members.map((m) => ({ ...m, familyId: family.id })));
    await tx.insert(consents).values({
      familyId: family.id,
      kind: "privacy_notice",
      version: input.privacyNotice.version,
      recordedBy: actor.type === "staff" ? actor.id : null,
    });
    await recordAudit(tx, actor, {
      action: "family.create",
      entityType: "family",
      entityId: family.id,
      detail: { members: input.members.length, siteId: site.id },
    });
    return family;
  });
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
      registeredOn: families.registeredOn,
      siteName: sites.name,
      members: sql<number>`(select count(*)::int from ${people} where ${people.familyId} = ${families.id})`,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(and(siteInScope(scope, families.registeredSiteId), matches))
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
      postcode: families.postcode,
      registeredOn: families.registeredOn,
      siteId: sites.id,
      siteName: sites.name,
    })
    .from(families)
    .innerJoin(sites, eq(sites.id, families.registeredSiteId))
    .where(and(eq(families.id, id), siteInScope(scope, families.registeredSiteId)));
  if (!family) throw new AppError("NOT_FOUND", "That family was not found.");

  const [members, familyConsents, cards] = await Promise.all([
    db
      .select({
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        role: people.role,
      })
      .from(people)
      .where(eq(people.familyId, id))
      .orderBy(desc(people.role), asc(people.dateOfBirth)),
    db
      .select({
        id: consents.id,
        kind: consents.kind,
        version: consents.version,
        givenAt: consents.givenAt,
        withdrawnAt: consents.withdrawnAt,
      })
      .from(consents)
      .where(eq(consents.familyId, id)),
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
  const [row] = await db
    .select({ families: count() })
    .from(families)
    .where(siteInScope(scope, families.registeredSiteId));
  const [withoutCard] = await db
    .select({ n: count() })
    .from(families)
    .where(
      and(
        siteInScope(scope, families.registeredSiteId),
        sql`not exists (select 1 from ${familyCards} where ${familyCards.familyId} = ${families.id} and ${isNull(familyCards.revokedAt)})`,
      ),
    );
  return { families: row?.families ?? 0, withoutCard: withoutCard?.n ?? 0 };
}
