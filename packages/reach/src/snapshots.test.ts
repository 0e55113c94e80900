import { describe, expect, it } from "vitest";
import { monthUpTo } from "./snapshots";

describe("monthUpTo", () => {
  it.each([
    ["2026-06-30", "2026-06-01"],
    ["2026-02-28", "2026-02-01"],
    ["2026-07-15", "2026-06-16"],
    ["2026-03-30", "2026-03-01"],
    ["2026-01-10", "2025-12-11"],
  ])("%s starts on %s", (date, from) => {
    expect(monthUpTo(date)).toEqual({ from, to: date });
  });
});
