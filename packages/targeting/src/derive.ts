import { type Database, londonDate, recordAudit, type Transaction } from "@familyhub/db";
import { deprivationLookup, families, people, targetFlags } from "@familyhub/db/schema";
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { ensureBuiltInGroups } from "./catalogue";
import { type DerivedFlag, deriveFlags, flagKey, type RuleFamily, ruleGroupCodes } from "./rules";

export const NO_LONGER_APPLIES = "no longer applies";

// Families per round trip when refreshing many: a few queries each, well under PostgreSQL's
// parameter limit, and little memory however large the authority.
const PAGE = 2_000;
// Rows per INSERT: well under PostgreSQL's 65,535 parameters a statement.
const INSERT_ROWS = 1_000;

type Db = Database | Transaction;

export type RefreshResult = { families: number; opened: number; ended: number };

/**
 * Brings one family's rule flags up to date: opens those the rules now derive and ends those
 * they no longer do (endReason "no longer applies"). Staff, self-declared and social care flags
 * are never touched. Call it after creating, changing, accepting or merging a family; a merged
 * family keeps no rule flags (the family it was merged into has them).
 */
export async function refreshDerivedFlags(
  db: Database | Transaction,
  familyId: string,
  today: string = londonDate(),
): Promise<void> {
  const result = await refreshFamilies(db, [familyId], today);
  if (result.opened + result.ended === 0) return;
  await recordAudit(
    db,
    { type: "system", id: null },
    {
      action: "flags.derive",
      entityType: "family",
      entityId: familyId,
      detail: { opened: result.opened, ended: result.ended, today },
    },
  );
}

/**
 * Refreshes the rule flags of every family, a page at a time. Rules follow the calendar (a
 * parent turns 20, a child turns 5), so this runs at server start and after a deprivation
 * lookup import; it is idempotent.
 */
export async function refreshAllDerivedFlags(
  db: Database | Transaction,
  today: string = londonDate(),
): Promise<RefreshResult> {
  const total: RefreshResult = { families: 0, opened: 0, ended: 0 };
  let after: string | null = null;
  for (;;) {
    const page: { id: string }[] = await db
      .select({ id: families.id })
      .from(families)
      .where(after ? gt(families.id, after) : undefined)
      .orderBy(asc(families.id))
      .limit(PAGE);
    if (page.length === 0) break;
    const result = await refreshFamilies(
      db,
      page.map((f) => f.id),
      today,
    );
    total.families += result.families;
    total.opened += result.opened;
    total.ended += result.ended;
    after = page[page.length - 1]?.id ?? null;
    if (page.length < PAGE) break;
  }
  await recordAudit(
    db,
    { type: "system", id: null },
    { action: "flags.derive_all", detail: { ...total, today } },
  );
  return total;
}

async function refreshFamilies(db: Db, familyIds: string[], today: string): Promise<RefreshResult> {
  if (familyIds.length === 0) return { families: 0, opened: 0, ended: 0 };
  const [familyRows, memberRows, openRows] = await Promise.all([
    db
      .select({
        id: families.id,
        status: families.status,
        registeredOn: families.registeredOn,
        imdDecile: deprivationLookup.imdDecile,
      })
      .from(families)
      .leftJoin(deprivationLookup, eq(deprivationLookup.postcode, families.postcode))
      .where(inArray(families.id, familyIds)),
    db
      .select({
        id: people.id,
        familyId: people.familyId,
        role: people.role,
        dateOfBirth: people.dateOfBirth,
        expectedDueDate: people.expectedDueDate,
      })
      .from(people)
      .where(and(inArray(people.familyId, familyIds), isNull(people.mergedIntoId))),
    db
      .select({
        id: targetFlags.id,
        familyId: targetFlags.familyId,
        personId: targetFlags.personId,
        groupCode: targetFlags.groupCode,
      })
      .from(targetFlags)
      .where(
        and(
          inArray(targetFlags.familyId, familyIds),
          eq(targetFlags.source, "rule"),
          isNull(targetFlags.endedAt),
        ),
      ),
  ]);

  const membersOf = new Map<string, RuleFamily["members"][number][]>();
  for (const m of memberRows) {
    const list = membersOf.get(m.familyId) ?? [];
    list.push(m);
    membersOf.set(m.familyId, list);
  }
  const openOf = new Map<string, Map<string, string>>();
  for (const f of openRows) {
    const byKey = openOf.get(f.familyId) ?? new Map<string, string>();
    byKey.set(flagKey(f), f.id);
    openOf.set(f.familyId, byKey);
  }

  const toOpen: (DerivedFlag & { familyId: string })[] = [];
  const toEnd: string[] = [];
  for (const family of familyRows) {
    // Only a verified family's details are trusted: a pending self-registration gets its rule
    // flags when staff accept it, and a merged family's are on the family it was merged into.
    const derived =
      family.status !== "active"
        ? []
        : deriveFlags(
            {
              registeredOn: family.registeredOn,
              imdDecile: family.imdDecile,
              members: membersOf.get(family.id) ?? [],
            },
            today,
          );
    const open = openOf.get(family.id) ?? new Map<string, string>();
    const wanted = new Set(derived.map(flagKey));
    for (const flag of derived) {
      if (!open.has(flagKey(flag))) toOpen.push({ ...flag, familyId: family.id });
    }
    for (const [key, id] of open) if (!wanted.has(key)) toEnd.push(id);
  }

  let opened = 0;
  if (toOpen.length > 0) {
    // A concurrent refresh of the same family may have opened it first: the partial unique
    // index on open flags turns that into a no-op rather than a duplicate.
    await ensureBuiltInGroups(db, [...new Set(toOpen.map((f) => f.groupCode))]);
    for (let i = 0; i < toOpen.length; i += INSERT_ROWS) {
      const inserted = await db
        .insert(targetFlags)
        .values(toOpen.slice(i, i + INSERT_ROWS).map((f) => ({ ...f, source: "rule" as const })))
        .onConflictDoNothing()
        .returning({ id: targetFlags.id });
      opened += inserted.length;
    }
  }
  let ended = 0;
  if (toEnd.length > 0) {
    const rows = await db
      .update(targetFlags)
      .set({ endedAt: sql`now()`, endReason: NO_LONGER_APPLIES })
      .where(
        and(
          inArray(targetFlags.id, toEnd),
          isNull(targetFlags.endedAt),
          inArray(targetFlags.groupCode, [...ruleGroupCodes]),
        ),
      )
      .returning({ id: targetFlags.id });
    ended = rows.length;
  }
  return { families: familyRows.length, opened, ended };
}

export const socialCareCohortGroups = {
  LAC: "child_in_care",
  CP: "child_protection",
  CIN: "child_in_need",
} as const;
export type SocialCareCohort = keyof typeof socialCareCohortGroups;
export const NO_LONGER_IN_SOCIAL_CARE = "no longer in the social care records";

/**
 * Flags children matched to the social care baseline: in care (LAC), on a child protection plan
 * (CP), in need (CIN). `links` is the whole match of the latest snapshot, so every social care
 * flag it no longer supports is ended. Staff and rule flags are not touched.
 */
export async function applySocialCareFlags(
  db: Database | Transaction,
  links: readonly { personId: string; cohorts: readonly SocialCareCohort[] }[],
  today: string = londonDate(),
): Promise<{ opened: number; ended: number }> {
  const familyOf = new Map<string, string>();
  const personIds = [...new Set(links.map((l) => l.personId))];
  for (let i = 0; i < personIds.length; i += PAGE) {
    const rows = await db
      .select({ id: people.id, familyId: people.familyId })
      .from(people)
      .where(and(inArray(people.id, personIds.slice(i, i + PAGE)), isNull(people.mergedIntoId)));
    for (const row of rows) familyOf.set(row.id, row.familyId);
  }
  const wanted = new Map<string, { familyId: string; personId: string; groupCode: string }>();
  for (const link of links) {
    const familyId = familyOf.get(link.personId);
    if (!familyId) continue;
    for (const cohort of link.cohorts) {
      const groupCode = socialCareCohortGroups[cohort];
      wanted.set(flagKey({ groupCode, personId: link.personId }), {
        familyId,
        personId: link.personId,
        groupCode,
      });
    }
  }
  const open = await db
    .select({
      id: targetFlags.id,
      personId: targetFlags.personId,
      groupCode: targetFlags.groupCode,
    })
    .from(targetFlags)
    .where(and(eq(targetFlags.source, "social_care"), isNull(targetFlags.endedAt)));
  const openKeys = new Set(open.map(flagKey));
  const toEnd = open.filter((f) => !wanted.has(flagKey(f))).map((f) => f.id);
  const toOpen = [...wanted.entries()].filter(([key]) => !openKeys.has(key)).map(([, f]) => f);

  let opened = 0;
  if (toOpen.length > 0) {
    await ensureBuiltInGroups(db, Object.values(socialCareCohortGroups));
    for (let i = 0; i < toOpen.length; i += PAGE) {
      const inserted = await db
        .insert(targetFlags)
        .values(
          toOpen
            .slice(i, i + PAGE)
            .map((f) => ({ ...f, source: "social_care" as const, startedOn: today })),
        )
        .onConflictDoNothing()
        .returning({ id: targetFlags.id });
      opened += inserted.length;
    }
  }
  let ended = 0;
  for (let i = 0; i < toEnd.length; i += PAGE) {
    const rows = await db
      .update(targetFlags)
      .set({ endedAt: sql`now()`, endReason: NO_LONGER_IN_SOCIAL_CARE })
      .where(and(inArray(targetFlags.id, toEnd.slice(i, i + PAGE)), isNull(targetFlags.endedAt)))
      .returning({ id: targetFlags.id });
    ended += rows.length;
  }
  await recordAudit(
    db,
    { type: "system", id: null },
    { action: "flags.social_care", detail: { links: links.length, opened, ended, today } },
  );
  return { opened, ended };
}

/**
 * Refreshes every family's rule flags once each Europe/London day while the server runs, so a
 * child's fifth birthday or a parent's twentieth ends a flag without anyone restarting it.
 * Returns a function that stops it. Several servers may each do it: a refresh is idempotent.
 */
export function keepDerivedFlagsCurrent(
  db: Database,
  onError: (error: unknown) => void,
  lastRefreshed: string = londonDate(),
): () => void {
  let last = lastRefreshed;
  let running = false;
  const timer = setInterval(() => {
    const today = londonDate();
    if (today === last || running) return;
    running = true;
    refreshAllDerivedFlags(db, today)
      .then(() => {
        last = today;
      })
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, 15 * 60_000);
  // A timer alone must not keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
