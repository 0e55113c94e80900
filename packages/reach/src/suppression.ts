// Small numbers protected (PRODUCT.md): counts from 1 to 5 (configurable) are shown as `c`, DfE
// style, and more cells are hidden where a published total would let a reader work one out.

export type SuppressionRange = { min: number; max: number };
export const DEFAULT_SUPPRESSION: SuppressionRange = { min: 1, max: 5 };

/**
 * Which cells to hide. `values` are the counts; each group lists cells whose sum is known to a
 * reader (a cohort's districts add up to the cohort's total, published in the report without a
 * breakdown). Primary: every value in the range. Secondary: while some group has exactly one
 * hidden cell, its smallest other cell is hidden too (a non-zero one first, since a hidden zero
 * leaves the first one's value bounded but not known), so no hidden value is the total less the
 * shown ones. Zero is never primary-suppressed: it identifies no one.
 */
export function suppressCells(
  values: readonly number[],
  groups: readonly (readonly number[])[],
  range: SuppressionRange = DEFAULT_SUPPRESSION,
): Set<number> {
  const hidden = new Set<number>();
  values.forEach((value, index) => {
    if (value >= range.min && value <= range.max) hidden.add(index);
  });
  let changed = true;
  while (changed) {
    changed = false;
    for (const group of groups) {
      const hiddenInGroup = group.filter((i) => hidden.has(i));
      if (hiddenInGroup.length !== 1) continue;
      const shown = group.filter((i) => !hidden.has(i));
      const pick = [...shown].sort((a, b) => {
        const va = values[a] ?? 0;
        const vb = values[b] ?? 0;
        if ((va === 0) !== (vb === 0)) return va === 0 ? 1 : -1;
        return va - vb || a - b;
      })[0];
      if (pick === undefined) continue;
      hidden.add(pick);
      changed = true;
    }
  }
  return hidden;
}

export type Count = number | "c";
/** One decimal; null where the baseline is 0 (shown as an empty cell or "–"). */
export type Percentage = number | "c" | null;

/** count ÷ baseline × 100 to one decimal, half up, in whole-number arithmetic (74.25 → 74.3). */
export function percentage(count: number, baseline: number): number | null {
  if (baseline <= 0) return null;
  const tenths = Math.floor((2000 * count + baseline) / (2 * baseline));
  return tenths / 10;
}

export function formatPercentage(value: Percentage): string {
  if (value === null) return "";
  if (value === "c") return "c";
  return value.toFixed(1);
}
