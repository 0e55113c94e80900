import { describe, expect, it } from "vitest";
import { knownShortForm, samePartsAnyOrder } from "./names";

describe("samePartsAnyOrder", () => {
  it.each([
    ["Smith-Jones", "Jones Smith", true],
    ["smith jones", "JONES-SMITH", true],
    ["O'Brien-Kaur", "Kaur O’Brien", true],
    ["Smith-Jones", "Smith-Jones", true],
    ["Smith", "Smith", false],
    ["Smith-Jones", "Smith", false],
    ["Smith-Jones", "Jones-Smyth", false],
  ])("%s and %s → %s", (a, b, same) => {
    expect(samePartsAnyOrder(a, b)).toBe(same);
  });
});

describe("knownShortForm", () => {
  it.each([
    ["Sam", "Samuel", true],
    ["SAMMY", "samantha", true],
    ["Alex", "Alexander", true],
    ["Liz", "Elizabeth", true],
    ["Liz", "Beth", true],
    ["Zoë", "Zoe", false],
    ["Sam", "Sam", false],
    ["Ava", "Eva", false],
    ["Samuel", "Alexander", false],
    ["Tobi", "Tobias", false],
  ])("%s and %s → %s", (a, b, known) => {
    expect(knownShortForm(a, b)).toBe(known);
  });
});
