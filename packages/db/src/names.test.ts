import { describe, expect, it } from "vitest";
import {
  compareDates,
  compareNames,
  damerauLevenshtein,
  nameParts,
  normaliseName,
  sameName,
  swapDayAndMonth,
} from "./names";

describe("normaliseName", () => {
  it.each([
    ["Zoë", "zoe"],
    ["ZOE", "zoe"],
    ["  zoe ", "zoe"],
    ["O'Brien", "obrien"],
    ["O’Brien", "obrien"],
    ["Smith-Jones", "smithjones"],
    ["Smith Jones", "smithjones"],
    ["Smith – Jones", "smithjones"],
    ["Anne-Marie", "annemarie"],
    ["José", "jose"],
    ["Łukasz", "lukasz"],
    ["Søren", "soren"],
    ["Çelik", "celik"],
    ["Nguyễn", "nguyen"],
    ["Straße", "strasse"],
    ["محمد", "محمد"],
  ])("%s → %s", (raw, normal) => {
    expect(normaliseName(raw)).toBe(normal);
  });

  it("keeps nothing of a name with no letters", () => {
    expect(normaliseName(" - ' ")).toBe("");
  });
});

describe("nameParts", () => {
  it("splits on spaces and hyphens but not apostrophes", () => {
    expect(nameParts("Smith-Jones")).toEqual(["smith", "jones"]);
    expect(nameParts("Mary  Ann")).toEqual(["mary", "ann"]);
    expect(nameParts("O'Brien")).toEqual(["obrien"]);
  });
});

describe("damerauLevenshtein", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "ab", 2],
    ["jonathan", "jonathan", 0],
    ["jonathon", "jonathan", 1],
    ["jonathan", "jonathn", 1],
    ["jonathan", "jonnathan", 1],
    ["jonathan", "jonahtan", 1],
    ["ca", "abc", 3],
    ["kitten", "sitting", 3],
    ["mohammed", "muhammad", 2],
  ])("%s ↔ %s = %i", (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });

  it("stops early once past the limit", () => {
    expect(damerauLevenshtein("mohammed", "muhammad", 1)).toBe(2);
    expect(damerauLevenshtein("a", "abcdef", 1)).toBe(2);
    expect(damerauLevenshtein("jonathon", "jonathan", 1)).toBe(1);
  });

  it("counts letters, not UTF-16 units", () => {
    expect(damerauLevenshtein("a😀b", "ab")).toBe(1);
  });
});

describe("compareNames", () => {
  it("treats case, accents, spacing, hyphens and apostrophes as the same name", () => {
    expect(compareNames("Zoë", "zoe")).toBe("exact");
    expect(compareNames("Smith-Jones", "Smith Jones")).toBe("exact");
    expect(compareNames("O'Brien", "OBRIEN")).toBe("exact");
    expect(compareNames("  Amina ", "amina")).toBe("exact");
  });

  it("allows one letter wrong in names of four letters or more", () => {
    expect(compareNames("Jonathon", "Jonathan")).toBe("typo");
    expect(compareNames("Okafor", "Okafro")).toBe("typo");
    expect(compareNames("Mohammed", "Muhammad")).toBeNull();
  });

  it("does not let a short name differ at all: Ava and Eva are two children", () => {
    expect(compareNames("Ava", "Eva")).toBeNull();
    expect(compareNames("Leo", "Lea")).toBeNull();
    expect(compareNames("Zoe", "Zoey")).toBeNull();
  });

  it("matches one part of a double-barrelled or two-word name", () => {
    expect(compareNames("Smith-Jones", "Jones")).toBe("part");
    expect(compareNames("Mary", "Mary Ann")).toBe("part");
    expect(compareNames("Jones", "Smith")).toBeNull();
  });

  it("matches nothing to an empty name", () => {
    expect(compareNames("", "")).toBeNull();
    expect(sameName("-", "'")).toBe(false);
  });

  it("sameName allows no typo", () => {
    expect(sameName("Zoë", "ZOE")).toBe(true);
    expect(sameName("Jonathon", "Jonathan")).toBe(false);
  });
});

describe("dates", () => {
  it("swaps day and month when the result is another date", () => {
    expect(swapDayAndMonth("2019-03-07")).toBe("2019-07-03");
    expect(swapDayAndMonth("2019-03-13")).toBeNull();
    expect(swapDayAndMonth("2019-05-05")).toBeNull();
    expect(swapDayAndMonth("07/03/2019")).toBeNull();
  });

  it("compares dates exactly or with day and month swapped", () => {
    expect(compareDates("2022-06-30", "2022-06-30")).toBe("exact");
    expect(compareDates("2022-06-03", "2022-03-06")).toBe("swapped");
    expect(compareDates("2022-06-03", "2023-03-06")).toBeNull();
    expect(compareDates("2022-06-03", "2022-06-04")).toBeNull();
    expect(compareDates(null, "2022-06-04")).toBeNull();
    expect(compareDates(undefined, undefined)).toBeNull();
  });
});
