import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPercentage, percentage, suppressCells } from "./suppression";

describe("percentage", () => {
  it.each([
    [1721, 2319, 74.2],
    [131, 171, 76.6],
    [1, 16, 6.3], // 6.25 rounds half up, not to even
    [1, 8, 12.5],
    [3, 8, 37.5],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 7, 0],
    [7, 7, 100],
  ])("%i of %i is %d", (count, baseline, expected) => {
    expect(percentage(count, baseline)).toBe(expected);
  });

  it("is empty where the baseline is 0, and always shows one decimal", () => {
    expect(percentage(0, 0)).toBeNull();
    expect(formatPercentage(null)).toBe("");
    expect(formatPercentage(60)).toBe("60.0");
    expect(formatPercentage("c")).toBe("c");
  });

  it("rounds half up: the result is the nearest tenth, ties upwards", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000), (baseline, n) => {
        const count = n % (baseline + 1);
        const tenths = Math.round((percentage(count, baseline) ?? 0) * 10);
        // 1000·count/baseline − tenths is in [−½, ½): a tie went up. Compared in integers.
        const diff2 = 2 * (1000 * count - tenths * baseline);
        expect(diff2).toBeGreaterThanOrEqual(-baseline);
        expect(diff2).toBeLessThan(baseline);
      }),
    );
  });
});

describe("suppressCells", () => {
  it("hides 1 to 5, never 0 or 6, without groups", () => {
    expect([...suppressCells([0, 1, 5, 6, 120], [])]).toEqual([1, 2]);
  });

  it("hides a second cell where one hidden cell could be worked out from its group's total", () => {
    // North 8 and South 3 of a cohort of 11: showing 8 would give South away.
    expect([...suppressCells([8, 3], [[0, 1]])].sort()).toEqual([0, 1]);
    // The smallest other non-zero cell is the one hidden, not a zero.
    expect([...suppressCells([40, 2, 0, 9], [[0, 1, 2, 3]])].sort()).toEqual([1, 3]);
    // Only a zero left: it is hidden (else the hidden cell is the total less the others).
    expect([...suppressCells([0, 4], [[0, 1]])].sort()).toEqual([0, 1]);
  });

  it("follows a hidden cell into the other groups it is in", () => {
    // A 2×2 table with row and column totals published: hiding one cell needs all four.
    const values = [3, 10, 12, 20];
    const groups = [
      [0, 1],
      [2, 3],
      [0, 2],
      [1, 3],
    ];
    expect([...suppressCells(values, groups)].sort()).toEqual([0, 1, 2, 3]);
  });

  const tables = fc.array(fc.nat(30), { minLength: 1, maxLength: 24 }).chain((values) =>
    fc.record({
      values: fc.constant(values),
      groups: fc.array(
        fc.uniqueArray(fc.nat(values.length - 1), { minLength: 1, maxLength: values.length }),
        { maxLength: 6 },
      ),
    }),
  );

  it("leaves no group with exactly one hidden cell, hides every 1–5, and hides nothing needlessly", () => {
    fc.assert(
      fc.property(tables, ({ values, groups }) => {
        const hidden = suppressCells(values, groups);
        values.forEach((value, i) => {
          if (value >= 1 && value <= 5) expect(hidden.has(i)).toBe(true);
        });
        for (const group of groups) {
          const inGroup = group.filter((i) => hidden.has(i)).length;
          // A group of one is its own total: nothing else in it to hide.
          if (group.length > 1) expect(inGroup).not.toBe(1);
        }
        // A cell that is neither small nor in any group is never hidden.
        values.forEach((value, i) => {
          if ((value === 0 || value > 5) && !groups.some((g) => g.includes(i))) {
            expect(hidden.has(i)).toBe(false);
          }
        });
      }),
    );
  });

  it("takes the range as configured", () => {
    expect([...suppressCells([1, 2, 3, 10], [], { min: 1, max: 2 })]).toEqual([0, 1]);
  });
});
