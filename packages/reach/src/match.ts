// Linking a snapshot's children to registered people. The social care id staff recorded on a
// person matches first; then candidates are blocked by date of birth and its day/month swap in
// SQL (two equi-joins on an indexed column, so 15,000 children against 300,000 people stay
// fast), scored in match-score.ts, and linked (above the upper threshold), queued for review
// (between the two) or left (below).
import { type Database, londonDate, swapDayAndMonth, type Transaction } from "@familyhub/db";
import {
  baselineChildCohorts,
  baselineChildren,
  baselineSnapshots,
  matchRejections,
  matchReviews,
} from "@familyhub/db/schema";
import { applySocialCareFlags, type SocialCareCohort } from "@familyhub/targeting";
import { and, desc, eq, sql } from "drizzle-orm";
import {
  canAutoLink,
  isTwinOfBetterMatch,
  type MatchRecord,
  type MatchScore,
  scorePair,
  THRESHOLDS,
} from "./match-score";
import { selectRows as rows } from "@familyhub/db";

export type MatchSummary = {
  children: number;
  /** Linked by the social care id on the person (recorded by staff or by confirming a review). */
  bySocialCareId: number;
  /** Linked automatically by name, date of birth and postcode. */
  automatic: number;
  /** Children with at least one possible match waiting in the review queue. */
  queued: number;
  unmatched: number;
};

/** At most this many possible people per child are queued: a reviewer compares a few, not a list. */
const MAX_QUEUED_PER_CHILD = 3;
const BATCH = 2_000;

type Db = Database | Transaction;

type ChildRecord = MatchRecord & { id: string; socialCareId: string };
type PersonRecord = MatchRecord & {
  id: string;
  socialCareId: string | null;
  /** Already linked to another child of this snapshot by the social care id. */
  linked: boolean;
};

function* batches<T>(list: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * Matches every child of a snapshot afresh: pending reviews are replaced; confirmed matches
 * come back through the social care id now on the person, rejections are remembered by
 * `match_rejections`. When the snapshot is the latest, the social care flags of the linked
 * people follow it (applySocialCareFlags in @familyhub/targeting).
 */
export async function matchSnapshot(
  db: Db,
  snapshotId: string,
  today: string = londonDate(),
): Promise<MatchSummary> {
  await db
    .update(baselineChildren)
    .set({ personId: null, linkMethod: null, linkScore: null })
    .where(eq(baselineChildren.snapshotId, snapshotId));
  await db
    .delete(matchReviews)
    .where(and(eq(matchReviews.snapshotId, snapshotId), eq(matchReviews.status, "pending")));

  // A merged person's social care id may still be on the record it was merged from.
  const bySocialCareId = await rows<{ id: string }>(
    db,
    sql`
    update baseline_children c
       set person_id = coalesce(p.merged_into_id, p.id), link_method = 'social_care_id', link_score = 100
      from people p
     where c.snapshot_id = ${snapshotId} and p.social_care_id = c.social_care_id
     returning c.id`,
  );

  const children = await db
    .select({
      id: baselineChildren.id,
      socialCareId: baselineChildren.socialCareId,
      firstName: baselineChildren.firstName,
      lastName: baselineChildren.lastName,
      dateOfBirth: baselineChildren.dateOfBirth,
      postcode: baselineChildren.postcode,
      personId: baselineChildren.personId,
    })
    .from(baselineChildren)
    .where(eq(baselineChildren.snapshotId, snapshotId));

  // Every person born on an open child's date of birth or its swap, each once (a date is the
  // block of many children), with what rules them out, so the twins rule sees them all.
  const blockPeople = await rows<{
    person_id: string;
    first_name: string;
    last_name: string;
    date_of_birth: string;
    postcode: string;
    social_care_id: string | null;
  }>(
    db,
    sql`
    with open_children as (
      select date_of_birth, swapped_date_of_birth
        from baseline_children where snapshot_id = ${snapshotId} and person_id is null
    ), block_dates as (
      select date_of_birth as day from open_children
      union
      select swapped_date_of_birth from open_children where swapped_date_of_birth is not null
    )
    select p.id as person_id, p.first_name, p.last_name, p.date_of_birth::text as date_of_birth,
           f.postcode, p.social_care_id
      from people p
      join families f on f.id = p.family_id
     where p.date_of_birth in (select day from block_dates)
       and p.merged_into_id is null and f.status = 'active'`,
  );

  // Linked by social care id in this snapshot, or rejected for this child before: not candidates.
  const linkedPeople = new Set(children.flatMap((c) => (c.personId ? [c.personId] : [])));
  const rejections = await db
    .select({ socialCareId: matchRejections.socialCareId, personId: matchRejections.personId })
    .from(matchRejections);
  const rejected = new Set(rejections.map((r) => `${r.socialCareId}|${r.personId}`));

  const peopleByDate = new Map<string, PersonRecord[]>();
  for (const row of blockPeople) {
    const list = peopleByDate.get(row.date_of_birth) ?? [];
    list.push({
      id: row.person_id,
      firstName: row.first_name,
      lastName: row.last_name,
      dateOfBirth: row.date_of_birth,
      postcode: row.postcode,
      socialCareId: row.social_care_id,
      linked: linkedPeople.has(row.person_id),
    });
    peopleByDate.set(row.date_of_birth, list);
  }
  const childrenByDate = new Map<string, ChildRecord[]>();
  for (const child of children) {
    const list = childrenByDate.get(child.dateOfBirth) ?? [];
    list.push(child);
    childrenByDate.set(child.dateOfBirth, list);
  }

  type Candidate = { child: ChildRecord; person: PersonRecord; match: MatchScore };
  const candidatesByChild = new Map<string, Candidate[]>();
  for (const child of children) {
    if (child.personId) continue;
    const swapped = swapDayAndMonth(child.dateOfBirth);
    const block = [
      ...(peopleByDate.get(child.dateOfBirth) ?? []),
      ...(swapped ? (peopleByDate.get(swapped) ?? []) : []),
    ];
    const candidates: Candidate[] = [];
    for (const person of block) {
      // A person with a social care id of their own is another child social care knows.
      if (person.linked || person.socialCareId) continue;
      if (rejected.has(`${child.socialCareId}|${person.id}`)) continue;
      const match = scorePair(child, person);
      if (!match || match.score < THRESHOLDS.review) continue;
      if (match.reasons.firstName !== "exact") {
        // A twin of this child's exact match, or of another child of the snapshot: never across.
        if (isTwinOfBetterMatch(child, person, block)) continue;
        const sameDay = childrenByDate.get(person.dateOfBirth) ?? [];
        if (isTwinOfBetterMatch(person, child, sameDay)) continue;
      }
      candidates.push({ child, person, match });
    }
    candidates.sort((a, b) => b.match.score - a.match.score);
    if (candidates.length > 0) candidatesByChild.set(child.id, candidates);
  }

  // A child with exactly one candidate good enough to link is linked, unless another child
  // claims the same person more strongly; anything ambiguous goes to the review queue.
  const proposals = [...candidatesByChild.values()]
    .filter((list) => list.filter((c) => canAutoLink(c.match)).length === 1)
    .map((list) => list[0])
    .filter((c): c is Candidate => c !== undefined && canAutoLink(c.match))
    .sort((a, b) => b.match.score - a.match.score);
  const claimed = new Set<string>();
  const links: { childId: string; personId: string; score: number }[] = [];
  for (const proposal of proposals) {
    if (claimed.has(proposal.person.id)) continue;
    claimed.add(proposal.person.id);
    links.push({
      childId: proposal.child.id,
      personId: proposal.person.id,
      score: proposal.match.score,
    });
  }
  const linkedChildren = new Set(links.map((l) => l.childId));

  for (const part of batches(links)) {
    const values = sql.join(
      part.map((l) => sql`(${l.childId}::uuid, ${l.personId}::uuid, ${l.score}::int)`),
      sql`, `,
    );
    await db.execute(sql`
      update baseline_children c
         set person_id = v.person_id, link_method = 'auto', link_score = v.score
        from (values ${values}) as v(child_id, person_id, score)
       where c.id = v.child_id`);
  }

  const reviews = [...candidatesByChild.entries()]
    .filter(([childId]) => !linkedChildren.has(childId))
    .flatMap(([, list]) => list.slice(0, MAX_QUEUED_PER_CHILD));
  for (const part of batches(reviews)) {
    await db
      .insert(matchReviews)
      .values(
        part.map((r) => ({
          snapshotId,
          childId: r.child.id,
          personId: r.person.id,
          score: r.match.score,
          reasons: r.match.reasons,
        })),
      )
      .onConflictDoNothing();
  }

  await db
    .update(baselineSnapshots)
    .set({ matchedAt: sql`now()` })
    .where(eq(baselineSnapshots.id, snapshotId));
  await refreshSocialCareFlags(db, snapshotId, today);

  const queued = new Set(reviews.map((r) => r.child.id)).size;
  const scid = bySocialCareId.length;
  return {
    children: children.length,
    bySocialCareId: scid,
    automatic: links.length,
    queued,
    unmatched: children.length - scid - links.length - queued,
  };
}

/**
 * When `snapshotId` is the latest snapshot, the people linked to its LAC, CP and CIN children
 * are flagged in those target groups, and flags it no longer supports end.
 */
export async function refreshSocialCareFlags(
  db: Db,
  snapshotId: string,
  today: string = londonDate(),
): Promise<void> {
  const [latest] = await db
    .select({ id: baselineSnapshots.id })
    .from(baselineSnapshots)
    .orderBy(desc(baselineSnapshots.snapshotDate))
    .limit(1);
  if (latest?.id !== snapshotId) return;
  const cohortRows = await db
    .select({ personId: baselineChildren.personId, cohort: baselineChildCohorts.cohort })
    .from(baselineChildren)
    .innerJoin(baselineChildCohorts, eq(baselineChildCohorts.childId, baselineChildren.id))
    .where(
      and(
        eq(baselineChildren.snapshotId, snapshotId),
        sql`${baselineChildren.personId} is not null`,
        sql`${baselineChildCohorts.cohort} in ('LAC', 'CP', 'CIN')`,
      ),
    );
  const byPerson = new Map<string, SocialCareCohort[]>();
  for (const row of cohortRows) {
    if (!row.personId || row.cohort === "EHN") continue;
    byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.cohort]);
  }
  await applySocialCareFlags(
    db,
    [...byPerson].map(([personId, cohorts]) => ({ personId, cohorts })),
    today,
  );
}
