// Tell us once: before a family is registered, find the families anywhere in the authority that
// may be the same one. Candidates are blocked in SQL on indexed columns (a date of birth or its
// day/month swap; the postcode), so the search reads a few hundred rows however many people are
// registered, and are then scored here with the tolerant name rules of ../names.
import { normalisePostcode } from "@familyhub/validators";
import { and, asc, desc, eq, inArray, isNull, ne, notInArray, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "../client";
import {
  compareDates,
  compareNames,
  type DateMatch,
  type NameMatch,
  swapDayAndMonth,
} from "../names";
import { families, people, sites } from "../schema";
import { type Actor, recordAudit } from "./audit";
import type { Scope } from "./scope";

export type DuplicateQuery = {
  postcode: string;
  members: { firstName: string; lastName: string; dateOfBirth?: string | null }[];
};

export type DuplicateCandidate = {
  familyId: string;
  surname: string;
  postcode: string;
  siteName: string;
  /** The locality of the registering site, to decide what a member of staff may see of it. */
  localityId: string | null;
  status: "active" | "pending" | "merged" | "erased";
  /** 0–100: higher is more likely the same family. */
  score: number;
  /** Why it may be the same family, in words staff read ("Jonathan Okafor: same name…"). */
  reasons: string[];
  members: {
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    role: "child" | "adult";
  }[];
};

// The most rows a block may read: far above any real block (a day's births across a county and
// the households of one postcode), so it only bounds a pathological query.
const BLOCK_LIMIT = 5_000;
const MAX_CANDIDATES = 10;

const PERSON_WEIGHT = 40;
const SAME_POSTCODE = 20;
const nameFactor: Record<NameMatch, number> = { exact: 1, typo: 0.8, part: 0.85 };
const dateFactor: Record<DateMatch, number> = { exact: 1, swapped: 0.8 };
// A different last name counts only at the same postcode, with the same first name and date of
// birth: a mother recorded under her maiden name, not a stranger.
const OTHER_LAST_NAME = 0.6;

type BlockedPerson = {
  id: string;
  familyId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  postcode: string;
};

type PersonMatch = {
  candidateIndex: number;
  person: BlockedPerson;
  score: number;
  reason: string;
};

function describeMatch(
  typed: DuplicateQuery["members"][number],
  person: BlockedPerson,
  first: NameMatch,
  last: NameMatch | "different",
  date: DateMatch,
): string {
  const parts: string[] = [];
  if (first === "exact" && last === "exact") parts.push("same name");
  else {
    if (first === "exact") parts.push("same first name");
    else if (first === "typo")
      parts.push(`first name one letter different (you typed ${typed.firstName.trim()})`);
    else parts.push(`first name written differently (you typed ${typed.firstName.trim()})`);
    if (last === "exact") parts.push("same last name");
    else if (last === "typo")
      parts.push(`last name one letter different (you typed ${typed.lastName.trim()})`);
    else if (last === "part")
      parts.push(`last name written differently (you typed ${typed.lastName.trim()})`);
    else parts.push(`a different last name (you typed ${typed.lastName.trim()})`);
  }
  parts.push(
    date === "exact" ? "same date of birth" : "same date of birth with day and month swapped",
  );
  return `${person.firstName} ${person.lastName}: ${parts.join("; ")}`;
}

/**
 * Scores one existing person against one typed member, or null when they cannot be the same
 * person. The first name must match: twins share a surname, a date of birth and a postcode, and
 * only their first names tell them apart.
 */
function matchPerson(
  typed: DuplicateQuery["members"][number],
  candidateIndex: number,
  person: BlockedPerson,
  samePostcode: boolean,
): PersonMatch | null {
  const date = compareDates(typed.dateOfBirth, person.dateOfBirth);
  if (!date) return null;
  const first = compareNames(typed.firstName, person.firstName);
  if (!first) return null;
  let last: NameMatch | "different" | null = compareNames(typed.lastName, person.lastName);
  let factor = nameFactor[first] * dateFactor[date];
  if (last) factor *= nameFactor[last];
  else if (samePostcode && first === "exact" && date === "exact") {
    last = "different";
    factor *= OTHER_LAST_NAME;
  } else return null;
  return {
    candidateIndex,
    person,
    score: PERSON_WEIGHT * factor,
    reason: describeMatch(typed, person, first, last, date),
  };
}

/** Pairs typed members with existing people, best first, each used once. */
function bestMatches(matches: PersonMatch[]): PersonMatch[] {
  const chosen: PersonMatch[] = [];
  const usedTyped = new Set<number>();
  const usedPeople = new Set<string>();
  for (const match of [...matches].sort((a, b) => b.score - a.score)) {
    if (usedTyped.has(match.candidateIndex) || usedPeople.has(match.person.id)) continue;
    usedTyped.add(match.candidateIndex);
    usedPeople.add(match.person.id);
    chosen.push(match);
  }
  return chosen;
}

/**
 * Families anywhere in the authority that may be the family described, best first. One person
 * matching (name and date of birth, tolerant of case, accents, spacing, hyphens, apostrophes, one
 * letter in a name and a day/month swap) makes a candidate at the same postcode; elsewhere two
 * people must match, because two children in different families can share a common name and a
 * birthday. Merged families are never candidates; pending (self-registered) ones are.
 * Unscoped on purpose (tell us once): callers decide what to show (see reviewPossibleDuplicates).
 */
export async function findPossibleDuplicates(
  db: Database | Transaction,
  candidate: DuplicateQuery,
  excludeFamilyId?: string,
): Promise<DuplicateCandidate[]> {
  const postcode = normalisePostcode(candidate.postcode) ?? candidate.postcode.trim().toUpperCase();
  const dates = new Set<string>();
  for (const member of candidate.members) {
    if (!member.dateOfBirth) continue;
    dates.add(member.dateOfBirth);
    const swapped = swapDayAndMonth(member.dateOfBirth);
    if (swapped) dates.add(swapped);
  }

  // Two blocks, each read through its own index: people born on a typed date (or its swap), by
  // people.date_of_birth; everyone at the typed postcode, by families.postcode then
  // people.family_id. Two queries, not one with OR: PostgreSQL cannot use an index for an OR
  // across two tables and would read every person.
  const blockQuery = (block: SQL) =>
    db
      .select({
        id: people.id,
        familyId: people.familyId,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        postcode: families.postcode,
      })
      .from(people)
      .innerJoin(families, eq(families.id, people.familyId))
      .where(
        and(
          block,
          isNull(people.mergedIntoId),
          notInArray(families.status, ["merged", "erased"]),
          excludeFamilyId ? ne(families.id, excludeFamilyId) : undefined,
        ),
      )
      .limit(BLOCK_LIMIT);
  const [atPostcode, bornThen] = await Promise.all([
    blockQuery(eq(families.postcode, postcode)),
    dates.size > 0 ? blockQuery(inArray(people.dateOfBirth, [...dates])) : [],
  ]);
  const blocked = new Map<string, BlockedPerson>();
  for (const person of [...atPostcode, ...bornThen]) blocked.set(person.id, person);

  const byFamily = new Map<string, BlockedPerson[]>();
  for (const person of blocked.values()) {
    const list = byFamily.get(person.familyId) ?? [];
    list.push(person);
    byFamily.set(person.familyId, list);
  }

  const scored: { familyId: string; score: number; reasons: string[] }[] = [];
  for (const [familyId, members] of byFamily) {
    const samePostcode = members[0]?.postcode === postcode;
    const pairs: PersonMatch[] = [];
    candidate.members.forEach((typed, index) => {
      for (const person of members) {
        const match = matchPerson(typed, index, person, samePostcode);
        if (match) pairs.push(match);
      }
    });
    const matches = bestMatches(pairs);
    if (matches.length === 0 || (!samePostcode && matches.length < 2)) continue;
    const score = matches.reduce((sum, m) => sum + m.score, samePostcode ? SAME_POSTCODE : 0);
    scored.push({
      familyId,
      score: Math.min(100, Math.round(score)),
      reasons: [
        ...(samePostcode ? ["Same postcode"] : []),
        // In the order staff typed the members, which is the order they will read them.
        ...[...matches].sort((a, b) => a.candidateIndex - b.candidateIndex).map((m) => m.reason),
      ],
    });
  }
  scored.sort((a, b) => b.score - a.score || a.familyId.localeCompare(b.familyId));
  const top = scored.slice(0, MAX_CANDIDATES);
  if (top.length === 0) return [];

  const ids = top.map((c) => c.familyId);
  const [familyRows, memberRows] = await Promise.all([
    db
      .select({
        id: families.id,
        surname: families.surname,
        postcode: families.postcode,
        status: families.status,
        siteName: sites.name,
        localityId: sites.localityId,
      })
      .from(families)
      .innerJoin(sites, eq(sites.id, families.registeredSiteId))
      .where(inArray(families.id, ids)),
    db
      .select({
        familyId: people.familyId,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        role: people.role,
      })
      .from(people)
      .where(and(inArray(people.familyId, ids), isNull(people.mergedIntoId)))
      .orderBy(desc(people.role), asc(people.dateOfBirth), asc(people.firstName)),
  ]);
  const familyById = new Map(familyRows.map((f) => [f.id, f]));
  return top.flatMap((c) => {
    const family = familyById.get(c.familyId);
    if (!family) return [];
    return [
      {
        familyId: family.id,
        surname: family.surname,
        postcode: family.postcode,
        siteName: family.siteName,
        localityId: family.localityId,
        status: family.status,
        score: c.score,
        reasons: c.reasons,
        members: memberRows
          .filter((m) => m.familyId === family.id)
          .map(({ familyId: _familyId, ...member }) => member),
      },
    ];
  });
}

/** What a member of staff is shown of a possible duplicate. */
export type DuplicateView = {
  /** Null when the family is outside the caller's locality: it cannot be opened from here. */
  familyId: string | null;
  canOpen: boolean;
  surname: string;
  postcode: string | null;
  siteName: string;
  status: "active" | "pending" | "merged" | "erased";
  score: number;
  reasons: string[];
  members: {
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    yearOfBirth: number | null;
    role: "child" | "adult";
  }[];
};

function inScope(scope: Scope, localityId: string | null): boolean {
  if (scope.all) return true;
  return scope.localityId !== null && scope.localityId === localityId;
}

/**
 * The possible duplicates of a family being registered, as the caller may see them. A family in
 * the caller's own locality is shown in full and can be opened. One elsewhere is shown with just
 * enough to recognise it (surname, names, year of birth, centre): no id, no postcode, no full date
 * of birth, so staff ask that centre to share the record rather than reading it themselves.
 * Every check is audited with the families it showed.
 */
export async function reviewPossibleDuplicates(
  db: Database,
  candidate: DuplicateQuery & { excludeFamilyId?: string | undefined },
  scope: Scope,
  actor: Actor,
): Promise<DuplicateView[]> {
  const found = await findPossibleDuplicates(db, candidate, candidate.excludeFamilyId);
  const views = found.map((c): DuplicateView => {
    const open = inScope(scope, c.localityId);
    return {
      familyId: open ? c.familyId : null,
      canOpen: open,
      surname: c.surname,
      postcode: open ? c.postcode : null,
      siteName: c.siteName,
      status: c.status,
      score: c.score,
      reasons: open ? c.reasons : c.reasons.filter((r) => r !== "Same postcode"),
      members: c.members.map((m) => ({
        firstName: m.firstName,
        lastName: m.lastName,
        dateOfBirth: open ? m.dateOfBirth : null,
        yearOfBirth: m.dateOfBirth ? Number(m.dateOfBirth.slice(0, 4)) : null,
        role: m.role,
      })),
    };
  });
  await recordAudit(db, actor, {
    action: "family.duplicates.check",
    detail: {
      shown: found.map((c) => c.familyId),
      outsideScope: views.filter((v) => !v.canOpen).length,
    },
  });
  return views;
}
