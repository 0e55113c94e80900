// The rules that derive a family's priority target groups from what is recorded about it. Pure
// functions of plain data and a date, so each edge (a 20th or 5th birthday, 29 February) is
// unit-tested without a database; derive.ts feeds them from the tables.
import { differenceInYears, format, parseISO } from "date-fns";

/** Dates are `YYYY-MM-DD` calendar days (Europe/London), never instants. */
export type IsoDate = string;

export type RuleMember = {
  id: string;
  role: "adult" | "child";
  /** Null for an unborn child. */
  dateOfBirth: IsoDate | null;
  expectedDueDate?: IsoDate | null;
};

export type RuleFamily = {
  registeredOn: IsoDate;
  members: readonly RuleMember[];
  /** The IMD decile of the family's postcode, when the lookup has it (1 = most deprived). */
  imdDecile: number | null;
};

/** The groups a rule can derive; their codes are in the catalogue. */
export const ruleGroupCodes = [
  "teenage_parent",
  "three_under_five",
  "lone_parent",
  "deprived_area",
] as const;
export type RuleGroupCode = (typeof ruleGroupCodes)[number];

/** One group a family (personId null) or one of its members is in, and since when. */
export type DerivedFlag = {
  groupCode: RuleGroupCode;
  personId: string | null;
  startedOn: IsoDate;
};

export const TEENAGE_UNTIL_AGE = 20;
export const UNDER_FIVE_AGE = 5;
export const UNDER_FIVES_FOR_PRIORITY = 3;
/** IMD deciles 1 and 2: the most deprived fifth of neighbourhoods in England. */
export const DEPRIVED_MAX_DECILE = 2;

/**
 * Age in whole years on a date. Someone born on 29 February turns a year older on 1 March in a
 * common year, as English law counts it (date-fns compares month and day the same way).
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  return differenceInYears(parseISO(on), parseISO(dateOfBirth));
}

function born(member: RuleMember, today: IsoDate): member is RuleMember & { dateOfBirth: string } {
  return member.dateOfBirth !== null && member.dateOfBirth <= today;
}

function earlier(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/**
 * Teenage parent: an adult who was under 20 when one of the family's children was born, or who
 * is under 20 today and has a child (born or expected). The flag is on the parent; it holds from
 * the birth that made them a teenage parent (an expectant teenager: from registration).
 */
export function teenageParents(family: RuleFamily, today: IsoDate): DerivedFlag[] {
  const children = family.members.filter((m) => m.role === "child");
  const flags: DerivedFlag[] = [];
  for (const adult of family.members) {
    if (adult.role !== "adult" || !born(adult, today)) continue;
    const births = children
      .filter((c) => born(c, today))
      .map((c) => c.dateOfBirth ?? today)
      .sort();
    const teenBirth = births.find(
      (birth) => birth >= adult.dateOfBirth && ageOn(adult.dateOfBirth, birth) < TEENAGE_UNTIL_AGE,
    );
    if (teenBirth) {
      flags.push({ groupCode: "teenage_parent", personId: adult.id, startedOn: teenBirth });
      continue;
    }
    // Only an expected child can be left: had a child been born, the branch above would have
    // held. A "child" recorded as older than the adult is a data error, not parenthood.
    const expected = children.some((c) => c.dateOfBirth === null);
    if (expected && ageOn(adult.dateOfBirth, today) < TEENAGE_UNTIL_AGE) {
      flags.push({
        groupCode: "teenage_parent",
        personId: adult.id,
        startedOn: earlier(family.registeredOn, today),
      });
    }
  }
  return flags;
}

/**
 * Three or more children under five in the family today (a child is no longer under five on
 * their fifth birthday; an unborn child does not count yet). It has held at least since the
 * third of today's under-fives was born.
 */
export function threeUnderFive(family: RuleFamily, today: IsoDate): DerivedFlag[] {
  const underFives = family.members
    .filter((m) => m.role === "child" && born(m, today))
    .map((m) => m.dateOfBirth ?? today)
    .filter((dob) => ageOn(dob, today) < UNDER_FIVE_AGE)
    .sort();
  const third = underFives[UNDER_FIVES_FOR_PRIORITY - 1];
  if (!third) return [];
  return [{ groupCode: "three_under_five", personId: null, startedOn: third }];
}

/**
 * Lone parent: exactly one adult carer recorded, with at least one child. A young person who
 * registered on their own (no adult) is not a lone parent. What was recorded at registration is
 * taken to have held since then.
 */
export function loneParent(family: RuleFamily, today: IsoDate): DerivedFlag[] {
  const adults = family.members.filter((m) => m.role === "adult");
  const children = family.members.filter((m) => m.role === "child");
  if (adults.length !== 1 || children.length === 0) return [];
  return [
    {
      groupCode: "lone_parent",
      personId: null,
      startedOn: earlier(family.registeredOn, today),
    },
  ];
}

/** Living in a deprived area: the family's postcode is in IMD decile 1 or 2. */
export function deprivedArea(family: RuleFamily, today: IsoDate): DerivedFlag[] {
  if (family.imdDecile === null || family.imdDecile > DEPRIVED_MAX_DECILE) return [];
  return [
    {
      groupCode: "deprived_area",
      personId: null,
      startedOn: earlier(family.registeredOn, today),
    },
  ];
}

/** Every group the rules put the family or its members in on `today`. */
export function deriveFlags(family: RuleFamily, today: IsoDate): DerivedFlag[] {
  return [
    ...teenageParents(family, today),
    ...threeUnderFive(family, today),
    ...loneParent(family, today),
    ...deprivedArea(family, today),
  ];
}

/** A stable key for "this group, for this subject", to compare derived and stored flags. */
export function flagKey(flag: { groupCode: string; personId: string | null }): string {
  return `${flag.groupCode}|${flag.personId ?? ""}`;
}

export function isoDate(date: Date): IsoDate {
  return format(date, "yyyy-MM-dd");
}
