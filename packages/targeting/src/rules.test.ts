import { describe, expect, it } from "vitest";
import {
  ageOn,
  deprivedArea,
  deriveFlags,
  loneParent,
  type RuleFamily,
  type RuleMember,
  teenageParents,
  threeUnderFive,
} from "./rules";

const adult = (id: string, dateOfBirth: string | null): RuleMember => ({
  id,
  role: "adult",
  dateOfBirth,
});
const child = (id: string, dateOfBirth: string | null, expectedDueDate?: string): RuleMember => ({
  id,
  role: "child",
  dateOfBirth,
  expectedDueDate: expectedDueDate ?? null,
});
const family = (members: RuleMember[], extra: Partial<RuleFamily> = {}): RuleFamily => ({
  registeredOn: "2020-01-01",
  imdDecile: null,
  members,
  ...extra,
});

describe("ageOn", () => {
  it("turns a year older on the birthday, not the day before", () => {
    expect(ageOn("2006-06-15", "2026-06-14")).toBe(19);
    expect(ageOn("2006-06-15", "2026-06-15")).toBe(20);
    expect(ageOn("2006-06-15", "2026-06-16")).toBe(20);
  });

  it("counts a 29 February birthday from 1 March in a common year", () => {
    expect(ageOn("2008-02-29", "2028-02-28")).toBe(19);
    expect(ageOn("2008-02-29", "2028-02-29")).toBe(20); // 2028 is a leap year
    expect(ageOn("2004-02-29", "2024-02-28")).toBe(19);
    expect(ageOn("2005-02-28", "2025-02-28")).toBe(20);
    expect(ageOn("2007-02-28", "2027-02-28")).toBe(20);
    // A common-year 20th birthday of a leap-day baby: still 19 on 28 February, 20 on 1 March.
    expect(ageOn("2008-02-29", "2027-02-28")).toBe(18);
    expect(ageOn("2004-02-29", "2023-02-28")).toBe(18);
    expect(ageOn("2004-02-29", "2023-03-01")).toBe(19);
  });
});

describe("teenage parent", () => {
  it("flags a parent who was 19 at a child's birth, even once older", () => {
    // Born 2000-03-10; the child born the day before the parent's 20th birthday.
    const f = family([adult("mum", "2000-03-10"), child("kid", "2020-03-09")]);
    expect(teenageParents(f, "2026-05-01")).toEqual([
      { groupCode: "teenage_parent", personId: "mum", startedOn: "2020-03-09" },
    ]);
  });

  it("does not flag a parent whose child was born on their 20th birthday or after", () => {
    expect(
      teenageParents(
        family([adult("mum", "2000-03-10"), child("kid", "2020-03-10")]),
        "2026-05-01",
      ),
    ).toEqual([]);
    expect(
      teenageParents(
        family([adult("mum", "2000-03-10"), child("kid", "2020-03-11")]),
        "2026-05-01",
      ),
    ).toEqual([]);
  });

  it("handles a leap-day parent: a birth on 28 February of their 20th year is a teenage birth", () => {
    const mum = adult("mum", "2004-02-29");
    expect(teenageParents(family([mum, child("kid", "2024-02-28")]), "2026-01-01")).toHaveLength(1);
    expect(teenageParents(family([mum, child("kid", "2024-02-29")]), "2026-01-01")).toEqual([]);
  });

  it("flags an expectant parent under 20 today, from registration, and not once 20", () => {
    const f = family([adult("mum", "2007-06-15"), child("bump", null, "2026-09-01")], {
      registeredOn: "2026-04-01",
    });
    expect(teenageParents(f, "2026-06-14")).toEqual([
      { groupCode: "teenage_parent", personId: "mum", startedOn: "2026-04-01" },
    ]);
    expect(teenageParents(f, "2027-06-15")).toEqual([]);
  });

  it("never flags an adult without children, or uses a child born before the parent", () => {
    expect(teenageParents(family([adult("young", "2008-01-01")]), "2026-01-01")).toEqual([]);
    expect(
      teenageParents(family([adult("a", "2010-01-01"), child("c", "2005-01-01")]), "2026-01-01"),
    ).toEqual([]);
  });

  it("flags each teenage parent of the family on their own", () => {
    const f = family([
      adult("mum", "2005-01-01"),
      adult("dad", "1990-01-01"),
      child("kid", "2024-05-01"),
    ]);
    expect(teenageParents(f, "2026-01-01").map((x) => x.personId)).toEqual(["mum"]);
  });
});

describe("three or more children under five", () => {
  const parent = adult("p", "1990-01-01");

  it("holds until the eldest's fifth birthday and ends on it", () => {
    const f = family([
      parent,
      child("eldest", "2021-04-10"),
      child("middle", "2023-01-01"),
      child("baby", "2025-07-01"),
    ]);
    expect(threeUnderFive(f, "2026-04-09")).toEqual([
      { groupCode: "three_under_five", personId: null, startedOn: "2025-07-01" },
    ]);
    expect(threeUnderFive(f, "2026-04-10")).toEqual([]);
  });

  it("counts a leap-day child as under five until 1 March of a common year", () => {
    const f = family([
      parent,
      child("leap", "2020-02-29"),
      child("b", "2022-01-01"),
      child("c", "2024-01-01"),
    ]);
    expect(threeUnderFive(f, "2025-02-28")).toHaveLength(1);
    expect(threeUnderFive(f, "2025-03-01")).toEqual([]);
  });

  it("does not count an unborn child, and starts on the third birth", () => {
    const twoAndBump = family([
      parent,
      child("a", "2023-01-01"),
      child("b", "2024-06-01"),
      child("bump", null, "2026-08-01"),
    ]);
    expect(threeUnderFive(twoAndBump, "2026-01-01")).toEqual([]);
    const four = family([
      parent,
      child("a", "2022-01-01"),
      child("b", "2023-01-01"),
      child("c", "2024-01-01"),
      child("d", "2025-01-01"),
    ]);
    expect(threeUnderFive(four, "2026-01-01")).toEqual([
      { groupCode: "three_under_five", personId: null, startedOn: "2024-01-01" },
    ]);
  });

  it("ignores a child whose recorded birth is after today", () => {
    const f = family([
      parent,
      child("a", "2025-01-01"),
      child("b", "2025-06-01"),
      child("c", "2026-02-01"),
    ]);
    expect(threeUnderFive(f, "2026-01-31")).toEqual([]);
    expect(threeUnderFive(f, "2026-02-01")).toHaveLength(1);
  });
});

describe("lone parent", () => {
  it("flags one adult with a child, from registration", () => {
    expect(
      loneParent(family([adult("a", "1990-01-01"), child("c", "2024-01-01")]), "2026-01-01"),
    ).toEqual([{ groupCode: "lone_parent", personId: null, startedOn: "2020-01-01" }]);
  });

  it("does not flag two adults, no adult, or an adult with no child", () => {
    const today = "2026-01-01";
    expect(
      loneParent(
        family([adult("a", "1990-01-01"), adult("b", "1990-01-01"), child("c", "2024-01-01")]),
        today,
      ),
    ).toEqual([]);
    expect(loneParent(family([child("c", "2010-01-01")]), today)).toEqual([]);
    expect(loneParent(family([adult("a", "1990-01-01")]), today)).toEqual([]);
  });
});

describe("deprived area", () => {
  it("flags IMD deciles 1 and 2 only", () => {
    const today = "2026-01-01";
    const at = (imdDecile: number | null) => deprivedArea(family([], { imdDecile }), today);
    expect(at(1)).toHaveLength(1);
    expect(at(2)).toHaveLength(1);
    expect(at(3)).toEqual([]);
    expect(at(10)).toEqual([]);
    expect(at(null)).toEqual([]);
  });
});

describe("deriveFlags", () => {
  it("puts the rules together", () => {
    const f = family(
      [
        adult("mum", "2003-05-05"),
        child("a", "2022-01-01"),
        child("b", "2023-03-01"),
        child("c", "2025-02-01"),
      ],
      { imdDecile: 1, registeredOn: "2022-02-01" },
    );
    expect(
      deriveFlags(f, "2026-01-01")
        .map((x) => x.groupCode)
        .sort(),
    ).toEqual(["deprived_area", "lone_parent", "teenage_parent", "three_under_five"]);
  });
});
