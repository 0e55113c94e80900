// Scoring one baseline child against one registered person: pure, so the thresholds can be
// tested on their own. The database work (blocking, writing links and the queue) is in match.ts.
import {
  compareDates,
  compareNames,
  knownShortForm,
  normaliseName,
  samePartsAnyOrder,
} from "@familyhub/db";

export type MatchRecord = {
  firstName: string;
  lastName: string;
  /** `YYYY-MM-DD` */
  dateOfBirth: string;
  /** Normalised, `AB1 2CD`. */
  postcode: string;
};

export type FirstNameAgreement = "exact" | "short_form" | "typo";
export type LastNameAgreement = "exact" | "typo" | "part" | "different";
export type DateAgreement = "exact" | "swapped";
export type PostcodeAgreement = "exact" | "sector" | "different";

export type MatchReasons = {
  firstName: FirstNameAgreement;
  lastName: LastNameAgreement;
  dateOfBirth: DateAgreement;
  postcode: PostcodeAgreement;
};

export type MatchScore = { score: number; reasons: MatchReasons };

// Points out of 100. A first name that agrees in no way is not a candidate at all: that is what
// keeps twins (same surname, date of birth and postcode) apart.
export const POINTS = {
  firstName: { exact: 35, short_form: 28, typo: 25 },
  lastName: { exact: 30, typo: 20, part: 20, different: 0 },
  dateOfBirth: { exact: 20, swapped: 12 },
  postcode: { exact: 15, sector: 8, different: 0 },
} as const;

/**
 * At or above `auto` a link is made without asking anyone; from `review` up to it the pair waits
 * in the review queue; below `review` nothing happens. With these points, everything exact but
 * the postcode in another sector scores 85: a child of the same name and date of birth elsewhere
 * is never linked without a person looking (and `canAutoLink` says so outright as well).
 */
export const THRESHOLDS = { auto: 88, review: 60 } as const;

/** `FL1 2AB` → `FL1 2`: the postcode sector, a few streets. */
export function postcodeSector(postcode: string): string {
  const [outward = "", inward = ""] = postcode.trim().toUpperCase().split(/\s+/);
  return `${outward} ${inward.slice(0, 1)}`;
}

export function comparePostcodes(a: string, b: string): PostcodeAgreement {
  const na = a.toUpperCase().replace(/\s+/g, "");
  const nb = b.toUpperCase().replace(/\s+/g, "");
  if (na === nb) return "exact";
  return postcodeSector(a) === postcodeSector(b) ? "sector" : "different";
}

/**
 * Remembers comparisons: a baseline meets the same few thousand names hundreds of thousands of
 * times, and normalising (Unicode decomposition) is most of the cost. Bounded, for a server.
 */
function remembered<T>(compare: (a: string, b: string) => T): (a: string, b: string) => T {
  const cache = new Map<string, { value: T }>();
  return (a, b) => {
    const key = `${a}\u0000${b}`;
    const hit = cache.get(key);
    if (hit) return hit.value;
    if (cache.size >= 500_000) cache.clear();
    const value = compare(a, b);
    cache.set(key, { value });
    return value;
  };
}

export const compareFirstNames = remembered((a: string, b: string): FirstNameAgreement | null => {
  const names = compareNames(a, b);
  if (names === "exact") return "exact";
  if (knownShortForm(a, b)) return "short_form";
  // "Mary" for "Mary Ann" is as good as a short form; a typo only in names of 4 letters or more.
  if (names === "part") return "short_form";
  if (names === "typo") return "typo";
  return null;
});

export const compareLastNames = remembered((a: string, b: string): LastNameAgreement => {
  if (samePartsAnyOrder(a, b)) return "exact";
  return compareNames(a, b) ?? "different";
});

/** The score of a pair, or null when it is not a candidate (first names or dates disagree). */
export function scorePair(child: MatchRecord, person: MatchRecord): MatchScore | null {
  const firstName = compareFirstNames(child.firstName, person.firstName);
  if (!firstName) return null;
  const dateOfBirth = compareDates(child.dateOfBirth, person.dateOfBirth);
  if (!dateOfBirth) return null;
  const lastName = compareLastNames(child.lastName, person.lastName);
  const postcode = comparePostcodes(child.postcode, person.postcode);
  const reasons: MatchReasons = { firstName, lastName, dateOfBirth, postcode };
  const score =
    POINTS.firstName[firstName] +
    POINTS.lastName[lastName] +
    POINTS.dateOfBirth[dateOfBirth] +
    POINTS.postcode[postcode];
  return { score, reasons };
}

/**
 * Whether a score may link without review: over the threshold, and never with the postcode in
 * another sector (a different child of the same name and date of birth is likelier than a move).
 */
export function canAutoLink(match: MatchScore): boolean {
  return match.score >= THRESHOLDS.auto && match.reasons.postcode !== "different";
}

/**
 * The twins rule. Two records are twins of each other when they share a surname, a date of birth
 * and a postcode and have different first names. `others` are the records on the other side of
 * the pair (other people for a child; other baseline children for a person): when one of them is
 * the same surname, date and postcode with the exact first name, this pair is a twin, not a typo.
 */
export function isTwinOfBetterMatch(
  record: MatchRecord,
  candidate: MatchRecord,
  others: readonly MatchRecord[],
): boolean {
  const first = normaliseName(record.firstName);
  return others.some(
    (other) =>
      other !== candidate &&
      normaliseName(other.firstName) === first &&
      normaliseName(other.firstName) !== normaliseName(candidate.firstName) &&
      other.dateOfBirth === candidate.dateOfBirth &&
      compareNames(other.lastName, candidate.lastName) === "exact" &&
      comparePostcodes(other.postcode, candidate.postcode) === "exact",
  );
}
