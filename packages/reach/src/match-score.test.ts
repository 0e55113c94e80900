import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canAutoLink,
  comparePostcodes,
  isTwinOfBetterMatch,
  type MatchRecord,
  postcodeSector,
  scorePair,
  THRESHOLDS,
} from "./match-score";

const child: MatchRecord = {
  firstName: "Jonathan",
  lastName: "Smith-Jones",
  dateOfBirth: "2022-07-05",
  postcode: "FL1 5CD",
};
const score = (person: Partial<MatchRecord>) => scorePair(child, { ...child, ...person });

describe("scorePair", () => {
  it("gives 100 to the same record, written any way", () => {
    expect(score({})?.score).toBe(100);
    expect(score({ firstName: "JONATHAN", lastName: "Jones Smith" })?.score).toBe(100);
  });

  it.each<[string, Partial<MatchRecord>, number, "auto" | "review" | "none"]>([
    ["a first-name typo", { firstName: "Jonahtan" }, 90, "auto"],
    ["a known short form", { firstName: "Jon" }, 93, "auto"],
    ["day and month swapped", { dateOfBirth: "2022-05-07" }, 92, "auto"],
    ["a move in the same sector", { postcode: "FL1 5XY" }, 93, "auto"],
    ["a surname typo", { lastName: "Smith-Jomes" }, 90, "auto"],
    ["the same name and date elsewhere", { postcode: "FL9 9ZZ" }, 85, "review"],
    ["a typo and a swap", { firstName: "Jonahtan", dateOfBirth: "2022-05-07" }, 82, "review"],
    ["another surname", { lastName: "Okafor" }, 70, "review"],
    [
      "another surname elsewhere, a typo",
      { lastName: "Okafor", firstName: "Jonahtan", postcode: "FL9 9ZZ" },
      45,
      "none",
    ],
  ])("%s scores %i (%s)", (_label, person, expected, outcome) => {
    const match = score(person);
    expect(match?.score).toBe(expected);
    const decided = !match
      ? "none"
      : canAutoLink(match)
        ? "auto"
        : match.score >= THRESHOLDS.review
          ? "review"
          : "none";
    expect(decided).toBe(outcome);
  });

  it("is no candidate when the first names or the dates disagree", () => {
    expect(score({ firstName: "Ava" })).toBeNull();
    expect(score({ dateOfBirth: "2022-07-06" })).toBeNull();
    expect(scorePair({ ...child, firstName: "Ava" }, { ...child, firstName: "Eva" })).toBeNull();
  });

  it("never auto-links a postcode in another sector, whatever else agrees", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Jonathan", "Jon", "Jonahtan", "JONATHAN"),
        fc.constantFrom("Smith-Jones", "Jones Smith", "Smith-Jomes", "Okafor"),
        fc.constantFrom("2022-07-05", "2022-05-07"),
        (firstName, lastName, dateOfBirth) => {
          const match = scorePair(child, { firstName, lastName, dateOfBirth, postcode: "ZZ9 9ZZ" });
          expect(match && canAutoLink(match)).toBeFalsy();
        },
      ),
    );
  });

  it("is symmetric", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Jonathan", "Jon", "Jonahtan", "Ava", "Sam", "Samuel"),
        fc.constantFrom("Smith-Jones", "Jones Smith", "Okafor"),
        fc.constantFrom("2022-07-05", "2022-05-07", "2021-01-01"),
        fc.constantFrom("FL1 5CD", "FL1 5XY", "ZZ9 9ZZ"),
        (firstName, lastName, dateOfBirth, postcode) => {
          const other = { firstName, lastName, dateOfBirth, postcode };
          expect(scorePair(other, child)?.score).toBe(scorePair(child, other)?.score);
        },
      ),
    );
  });
});

describe("postcodes", () => {
  it("compares exact, same sector, different", () => {
    expect(postcodeSector("fl1 5cd")).toBe("FL1 5");
    expect(comparePostcodes("FL1 5CD", "fl1 5cd")).toBe("exact");
    expect(comparePostcodes("FL1 5CD", "FL1 5AB")).toBe("sector");
    expect(comparePostcodes("FL1 5CD", "FL1 6CD")).toBe("different");
  });
});

describe("the twins rule", () => {
  const lena = {
    firstName: "Lena",
    lastName: "Kowalski",
    dateOfBirth: "2020-11-20",
    postcode: "FL1 8JK",
  };
  const lana = { ...lena, firstName: "Lana" };
  it("sees that Lana is Lena's twin, not a typo, when a Lana is on the other side", () => {
    expect(scorePair(lena, lana)?.score).toBe(90);
    expect(isTwinOfBetterMatch(lana, lena, [lena, lana])).toBe(true);
    expect(isTwinOfBetterMatch(lana, lena, [lena])).toBe(false);
    // Another postcode is not a twin.
    expect(isTwinOfBetterMatch(lana, lena, [lena, { ...lana, postcode: "FL9 9ZZ" }])).toBe(false);
  });
});
