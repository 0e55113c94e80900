// Comparing people's names and dates of birth as staff, families and social care systems write
// them: in any case, with or without accents, spaces, hyphens and apostrophes, sometimes with a
// letter wrong or the day and month the other way round. Pure functions: the duplicate check
// and the social care baseline matching both use them.

// Letters that Unicode does not decompose into a base letter and an accent.
const FOLDED: Record<string, string> = {
  æ: "ae",
  œ: "oe",
  ø: "o",
  ß: "ss",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

function foldLetters(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[æœøßłđðþı]/g, (c) => FOLDED[c] ?? c);
}

/**
 * A name reduced to its letters, for comparison: "Zoë" → "zoe", "O'Brien" → "obrien",
 * "Smith-Jones" and "Smith Jones" → "smithjones". Letters of any script are kept.
 */
export function normaliseName(raw: string): string {
  return foldLetters(raw).replace(/[^\p{L}\p{N}]/gu, "");
}

/** The parts of a double-barrelled or two-word name, each normalised: "Smith-Jones" → smith, jones. */
export function nameParts(raw: string): string[] {
  return foldLetters(raw)
    .split(/[\s\-‐‑–—_/]+/)
    .map(normaliseName)
    .filter((part) => part.length > 0);
}

/**
 * The Damerau–Levenshtein distance (optimal string alignment): the fewest insertions, deletions,
 * substitutions and swaps of two neighbouring letters that turn `a` into `b`. Counting a swap as
 * one edit matters: "Jonhatan" for "Jonathan" is one slip of the fingers, not two.
 * Stops early and returns `max + 1` once the distance is known to exceed `max`.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;

  const width = t.length + 1;
  // Three rows are enough: the current one, the one before, and the one before that for swaps.
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= s.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[t.length] ?? 0;
}

/**
 * Names shorter than this must match exactly: one letter is too much of a short name ("Ava" and
 * "Eva" are different children, often twins), and too little of a long one to be a new name.
 */
export const MIN_LENGTH_FOR_TYPO = 4;

export type NameMatch = "exact" | "typo" | "part";

/**
 * How two names compare: `exact` once normalised; `typo` when one letter differs (added,
 * missing, wrong or two swapped) in names of four letters or more; `part` when one is a whole
 * part of the other ("Jones" of "Smith-Jones", "Mary" of "Mary Ann"); otherwise null.
 */
export function compareNames(a: string, b: string): NameMatch | null {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (!na || !nb) return null;
  if (na === nb) return "exact";
  if (Math.min(na.length, nb.length) >= MIN_LENGTH_FOR_TYPO && damerauLevenshtein(na, nb, 1) <= 1) {
    return "typo";
  }
  const partsA = nameParts(a);
  const partsB = nameParts(b);
  if (partsA.length > 1 && partsA.includes(nb) && nb.length >= 2) return "part";
  if (partsB.length > 1 && partsB.includes(na) && na.length >= 2) return "part";
  return null;
}

/** Whether two names are the same once normalised: no typo or part allowed (merging people). */
export function sameName(a: string, b: string): boolean {
  const na = normaliseName(a);
  return na !== "" && na === normaliseName(b);
}

/**
 * The date with its day and month the other way round (`2019-03-07` → `2019-07-03`), or null
 * when that is not another valid date (the day is over 12, or equals the month).
 */
export function swapDayAndMonth(isoDate: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [, year, month, day] = match;
  if (!year || !month || !day || month === day || Number(day) > 12) return null;
  return `${year}-${day}-${month}`;
}

export type DateMatch = "exact" | "swapped";

/** How two ISO dates compare: the same, the same with day and month swapped, or neither (null). */
export function compareDates(
  a: string | null | undefined,
  b: string | null | undefined,
): DateMatch | null {
  if (!a || !b) return null;
  if (a === b) return "exact";
  if (swapDayAndMonth(a) === b) return "swapped";
  return null;
}

/**
 * Whether two names have the same parts in another order: double-barrelled surnames are written
 * either way round ("Smith-Jones", "Jones Smith"). Names of one part are left to compareNames.
 */
export function samePartsAnyOrder(a: string, b: string): boolean {
  const partsA = nameParts(a).sort();
  const partsB = nameParts(b).sort();
  return partsA.length > 1 && partsA.join(" ") === partsB.join(" ");
}

// First names and the short forms families and social workers write for them. A name in two
// groups (Sam: Samuel, Samantha) is fine: a group only says the names can be the same person.
const FIRST_NAME_FORMS: readonly (readonly string[])[] = [
  ["samuel", "sam", "sammy"],
  ["samantha", "sam", "sammy"],
  ["alexander", "alex", "alec", "xander", "sandy"],
  ["alexandra", "alex", "lexi", "lexie", "sandra"],
  ["alexis", "alex", "lexi"],
  ["elizabeth", "liz", "lizzie", "lizzy", "beth", "betty", "eliza", "libby", "elsie"],
  ["william", "will", "bill", "billy", "liam"],
  ["robert", "rob", "robbie", "bob", "bobby"],
  ["james", "jim", "jimmy", "jamie"],
  ["thomas", "tom", "tommy"],
  ["benjamin", "ben", "benji"],
  ["daniel", "dan", "danny"],
  ["matthew", "matt", "matty"],
  ["michael", "mike", "mikey", "mick"],
  ["christopher", "chris", "kit"],
  ["christina", "chris", "tina", "christine"],
  ["jonathan", "jon", "jonny", "johnny"],
  ["joseph", "joe", "joey"],
  ["nicholas", "nick", "nicky"],
  ["katherine", "kate", "katie", "kat", "kathy", "kitty"],
  ["catherine", "cath", "cathy", "kate", "katie", "cat"],
  ["margaret", "maggie", "meg", "peggy"],
  ["rebecca", "becky", "becca"],
  ["jessica", "jess", "jessie"],
  ["abigail", "abi", "abby", "abbie"],
  ["victoria", "vicky", "vicki", "tori"],
  ["charlotte", "lottie", "charlie"],
  ["charles", "charlie"],
  ["oliver", "ollie", "olly"],
  ["olivia", "liv", "livvy"],
  ["frederick", "fred", "freddie", "freddy"],
  ["edward", "ed", "eddie", "ted", "teddy"],
  ["henry", "harry", "hal"],
  ["harrison", "harry"],
  ["isabella", "bella", "izzy", "isabel", "issy"],
  ["isabelle", "bella", "izzy", "issy"],
  ["anthony", "tony", "ant"],
  ["zachary", "zach", "zac", "zack"],
  ["joshua", "josh"],
  ["nathaniel", "nathan", "nate"],
  ["nathan", "nate"],
  ["theodore", "theo", "ted", "teddy"],
  ["amelia", "millie", "amy"],
  ["emily", "em", "emmy", "millie"],
  ["patrick", "pat", "paddy"],
  ["andrew", "andy", "drew"],
  ["richard", "rich", "richie", "rick", "ricky"],
  ["gabriel", "gabe"],
  ["gabriella", "gabby", "ella"],
  ["jacob", "jake"],
  ["maximilian", "max"],
  ["maxwell", "max"],
  ["mohammed", "mohammad", "muhammad", "mohamed", "mo"],
  ["stephen", "steve", "stevie"],
  ["steven", "steve", "stevie"],
  ["jennifer", "jen", "jenny"],
  ["kimberley", "kim"],
  ["ronald", "ron", "ronnie"],
  ["dominic", "dom"],
  ["sebastian", "seb"],
  ["frances", "fran", "frankie"],
  ["francesca", "fran", "frankie"],
  ["francis", "frank", "frankie"],
];

const formGroups = new Map<string, Set<number>>();
FIRST_NAME_FORMS.forEach((group, index) => {
  for (const name of group) {
    const groups = formGroups.get(name) ?? new Set<number>();
    groups.add(index);
    formGroups.set(name, groups);
  }
});

/** Whether one first name is a known short form of the other, or both of one name: Sam and Samuel, Liz and Beth. */
export function knownShortForm(a: string, b: string): boolean {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (!na || !nb || na === nb) return false;
  const groupsA = formGroups.get(na);
  const groupsB = formGroups.get(nb);
  if (!groupsA || !groupsB) return false;
  for (const group of groupsA) if (groupsB.has(group)) return true;
  return false;
}
