// The review queue and the lists of named children: for roles allowed to see social care data
// only (the router checks the permission), and every read and decision is an audit event.
import { type Actor, AppError, type Database, recordAudit, type Transaction } from "@familyhub/db";
import { baselineChildren, matchRejections, matchReviews, people } from "@familyhub/db/schema";
import { and, eq, ne, sql } from "drizzle-orm";
import { DEFAULT_SUSTAINED_MIN, type ReportCohort } from "./cohorts";
import { refreshSocialCareFlags } from "./match";
import {
  ageBandSql,
  type ChildScope,
  findSnapshot,
  reachCtes,
  type ReachOptions,
  resolveAges,
} from "./report";
import { selectRows as rows } from "@familyhub/db";

export type ReviewItem = {
  id: string;
  score: number;
  reasons: Record<string, string>;
  snapshotDate: string;
  child: {
    socialCareId: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    postcode: string;
    district: string;
    cohorts: string[];
  };
  person: {
    id: string;
    familyId: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    postcode: string;
    siteName: string;
    registeredOn: string;
  };
};

/** The pending possible matches, the two records side by side, best score first. */
export async function listReviewQueue(
  db: Database,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<ReviewItem[]> {
  const found = await rows<{
    id: string;
    score: number;
    reasons: Record<string, string>;
    snapshot_date: string;
    social_care_id: string;
    child_first: string;
    child_last: string;
    child_dob: string;
    child_postcode: string;
    district: string;
    cohorts: string[] | string;
    person_id: string;
    family_id: string;
    person_first: string;
    person_last: string;
    person_dob: string | null;
    family_postcode: string;
    site_name: string;
    registered_on: string;
  }>(
    db,
    sql`select r.id, r.score, r.reasons, s.snapshot_date::text as snapshot_date,
               c.social_care_id, c.first_name as child_first, c.last_name as child_last,
               c.date_of_birth::text as child_dob, c.postcode as child_postcode, c.district,
               array(select cc.cohort::text from baseline_child_cohorts cc
                      where cc.child_id = c.id order by cc.cohort) as cohorts,
               p.id as person_id, p.family_id, p.first_name as person_first,
               p.last_name as person_last, p.date_of_birth::text as person_dob,
               f.postcode as family_postcode, st.name as site_name,
               f.registered_on::text as registered_on
          from match_reviews r
          join baseline_snapshots s on s.id = r.snapshot_id
          join baseline_children c on c.id = r.child_id
          join people p on p.id = r.person_id
          join families f on f.id = p.family_id
          join sites st on st.id = f.registered_site_id
         where r.status = 'pending'
         order by s.snapshot_date desc, r.score desc, c.last_name, c.first_name, r.id
         limit ${options.limit ?? 200}`,
  );
  await recordAudit(db, actor, {
    action: "reach.review_queue.read",
    entityType: "match_review",
    detail: { items: found.length },
  });
  return found.map((r) => ({
    id: r.id,
    score: r.score,
    reasons: r.reasons,
    snapshotDate: r.snapshot_date,
    child: {
      socialCareId: r.social_care_id,
      firstName: r.child_first,
      lastName: r.child_last,
      dateOfBirth: r.child_dob,
      postcode: r.child_postcode,
      district: r.district,
      cohorts: Array.isArray(r.cohorts) ? r.cohorts : parsePgArray(r.cohorts),
    },
    person: {
      id: r.person_id,
      familyId: r.family_id,
      firstName: r.person_first,
      lastName: r.person_last,
      dateOfBirth: r.person_dob,
      postcode: r.family_postcode,
      siteName: r.site_name,
      registeredOn: r.registered_on,
    },
  }));
}

/** `{LAC,CP}` → ["LAC", "CP"] (a driver that leaves an array of an enum as its text form). */
function parsePgArray(text: string): string[] {
  return text
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter((v) => v !== "");
}

async function pendingReview(db: Database | Transaction, reviewId: string) {
  const [review] = await db
    .select({
      id: matchReviews.id,
      snapshotId: matchReviews.snapshotId,
      childId: matchReviews.childId,
      personId: matchReviews.personId,
      score: matchReviews.score,
      status: matchReviews.status,
      socialCareId: baselineChildren.socialCareId,
    })
    .from(matchReviews)
    .innerJoin(baselineChildren, eq(baselineChildren.id, matchReviews.childId))
    .where(eq(matchReviews.id, reviewId));
  if (!review) throw new AppError("NOT_FOUND", "That possible match was not found.");
  if (review.status !== "pending") {
    throw new AppError("CONFLICT", `Someone has already ${review.status} this match.`);
  }
  return review;
}

/**
 * Confirms a possible match: the child's social care id is stored on the person, so next
 * month's snapshot matches them exactly, and the child counts as linked from now on. The
 * child's other possible matches are closed.
 */
export async function confirmMatch(
  db: Database,
  reviewId: string,
  actor: Actor,
): Promise<{ personId: string; socialCareId: string }> {
  return db.transaction(async (tx) => {
    const review = await pendingReview(tx, reviewId);
    const [holder] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.socialCareId, review.socialCareId), ne(people.id, review.personId)));
    if (holder) {
      throw new AppError(
        "CONFLICT",
        `Social care id ${review.socialCareId} is already recorded on another person. Check that record first; one child has one social care id.`,
      );
    }
    const [person] = await tx
      .select({ socialCareId: people.socialCareId })
      .from(people)
      .where(eq(people.id, review.personId));
    if (person?.socialCareId && person.socialCareId !== review.socialCareId) {
      throw new AppError(
        "CONFLICT",
        `This person already has social care id ${person.socialCareId}, so they are another child. Reject this match.`,
      );
    }
    await tx
      .update(people)
      .set({ socialCareId: review.socialCareId })
      .where(eq(people.id, review.personId));
    await tx
      .update(baselineChildren)
      .set({ personId: review.personId, linkMethod: "confirmed", linkScore: review.score })
      .where(eq(baselineChildren.id, review.childId));
    const decided = { decidedAt: sql`now()`, decidedBy: actor.type === "staff" ? actor.id : null };
    await tx
      .update(matchReviews)
      .set({ status: "confirmed", ...decided })
      .where(eq(matchReviews.id, review.id));
    await tx
      .update(matchReviews)
      .set({ status: "rejected", ...decided })
      .where(
        and(
          eq(matchReviews.childId, review.childId),
          eq(matchReviews.status, "pending"),
          ne(matchReviews.id, review.id),
        ),
      );
    await recordAudit(tx, actor, {
      action: "reach.match.confirm",
      entityType: "person",
      entityId: review.personId,
      detail: { reviewId: review.id, socialCareId: review.socialCareId, score: review.score },
    });
    await refreshSocialCareFlags(tx, review.snapshotId);
    return { personId: review.personId, socialCareId: review.socialCareId };
  });
}

/** Rejects a possible match; the pair is remembered, so no later snapshot queues it again. */
export async function rejectMatch(db: Database, reviewId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const review = await pendingReview(tx, reviewId);
    await tx
      .update(matchReviews)
      .set({
        status: "rejected",
        decidedAt: sql`now()`,
        decidedBy: actor.type === "staff" ? actor.id : null,
      })
      .where(eq(matchReviews.id, review.id));
    await tx
      .insert(matchRejections)
      .values({
        socialCareId: review.socialCareId,
        personId: review.personId,
        rejectedBy: actor.type === "staff" ? actor.id : null,
      })
      .onConflictDoNothing();
    await recordAudit(tx, actor, {
      action: "reach.match.reject",
      entityType: "person",
      entityId: review.personId,
      detail: { reviewId: review.id, socialCareId: review.socialCareId },
    });
  });
}

export const unreachedMeasures = ["registered", "engaged", "sustained"] as const;
export type UnreachedMeasure = (typeof unreachedMeasures)[number];

export type UnreachedChild = {
  socialCareId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  ageYears: number;
  postcode: string;
  district: string;
  cohorts: string[];
  /** The linked person, when there is one (linked but not registered or not attending). */
  personId: string | null;
  familyId: string | null;
};

/**
 * The children behind a figure who are not reached: in the cohort (and district or age band),
 * not registered / not engaged / not sustained in the period. Named children: audited.
 */
export async function unreachedChildren(
  db: Database,
  options: ReachOptions & { cohort: ReportCohort; measure: UnreachedMeasure; ageBand?: string },
  actor: Actor,
): Promise<{ snapshotDate: string; children: UnreachedChild[] }> {
  const snapshot = await findSnapshot(db, options);
  const service = options.service ?? "all";
  const sustainedMin = options.sustainedMin ?? DEFAULT_SUSTAINED_MIN;
  const scope: ChildScope = {
    snapshotId: snapshot.id,
    service,
    ages: resolveAges(service, options.ages),
    district: options.district,
    from: options.from,
    to: options.to,
    sustainedMin,
  };
  const notReached =
    options.measure === "registered"
      ? sql`r.child_id is null`
      : options.measure === "engaged"
        ? sql`a.child_id is null`
        : sql`coalesce(a.n, 0) < ${sustainedMin}`;
  const band = options.ageBand
    ? sql`and ${ageBandSql(sql`k.age_years`)} = ${options.ageBand}`
    : sql``;
  const found = await rows<{
    social_care_id: string;
    first_name: string;
    last_name: string;
    date_of_birth: string;
    age_years: number;
    postcode: string;
    district: string;
    cohorts: string[] | string;
    person_id: string | null;
    family_id: string | null;
  }>(
    db,
    sql`${reachCtes(scope, false)}
    select c.social_care_id, c.first_name, c.last_name, c.date_of_birth::text as date_of_birth,
           c.age_years, c.postcode, c.district,
           array(select cc.cohort::text from baseline_child_cohorts cc
                  where cc.child_id = c.id order by cc.cohort) as cohorts,
           k.person_id, p.family_id
      from cohorts co
      join kids k on k.id = co.child_id
      join baseline_children c on c.id = k.id
      left join people p on p.id = k.person_id
      left join registered r on r.child_id = k.id
      left join attended a on a.child_id = k.id
     where co.cohort = ${options.cohort} and ${notReached} ${band}
     order by c.district, c.last_name, c.first_name, c.social_care_id`,
  );
  await recordAudit(db, actor, {
    action: "reach.unreached.read",
    entityType: "baseline_snapshot",
    entityId: snapshot.id,
    detail: {
      snapshotDate: snapshot.snapshotDate,
      cohort: options.cohort,
      measure: options.measure,
      service,
      district: options.district ?? null,
      ageBand: options.ageBand ?? null,
      children: found.length,
    },
  });
  return {
    snapshotDate: snapshot.snapshotDate,
    children: found.map((c) => ({
      socialCareId: c.social_care_id,
      firstName: c.first_name,
      lastName: c.last_name,
      dateOfBirth: c.date_of_birth,
      ageYears: c.age_years,
      postcode: c.postcode,
      district: c.district,
      cohorts: Array.isArray(c.cohorts) ? c.cohorts : parsePgArray(c.cohorts),
      personId: c.person_id,
      familyId: c.family_id,
    })),
  };
}
