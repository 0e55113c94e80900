import { describe, expect, it } from "vitest";
import { londonDate, londonDayBounds, londonTime, londonTodayBounds } from "./time";

describe("Europe/London days", () => {
  it("a winter day is 24 hours starting at midnight UTC", () => {
    const { start, end } = londonDayBounds("2026-01-15");
    expect(start.toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(end.toISOString()).toBe("2026-01-16T00:00:00.000Z");
  });

  it("a summer day starts at 23:00 UTC the evening before", () => {
    const { start, end } = londonDayBounds("2026-07-01");
    expect(start.toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(end.toISOString()).toBe("2026-07-01T23:00:00.000Z");
  });

  it("the clocks-forward and clocks-back days are 23 and 25 hours long", () => {
    const spring = londonDayBounds("2026-03-29");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = londonDayBounds("2026-10-25");
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });

  it("the London date of an instant near midnight", () => {
    expect(londonDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonDate(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });

  it("a wall-clock time becomes the right instant in both seasons", () => {
    expect(londonTime("2026-01-15", 10, 30).toISOString()).toBe("2026-01-15T10:30:00.000Z");
    expect(londonTime("2026-07-15", 10, 30).toISOString()).toBe("2026-07-15T09:30:00.000Z");
  });
});

describe("today's bounds, kept for the day", () => {
  it("gives the London day containing each moment, across midnight and the clocks going back", () => {
    const moments = [
      "2026-10-24T22:59:59Z", // 23:59:59 BST on Saturday
      "2026-10-24T23:00:00Z", // midnight: Sunday, the 25-hour day
      "2026-10-25T12:00:00Z",
      "2026-10-25T23:59:59Z", // still Sunday 23:59:59 GMT
      "2026-10-26T00:00:00Z",
      "2026-10-25T06:00:00Z", // back in time: worked out again, not the cached Monday
    ].map((iso) => Date.parse(iso));
    for (const now of moments) {
      expect(londonTodayBounds(now)).toEqual(londonDayBounds(londonDate(new Date(now))));
    }
    const sunday = londonTodayBounds(Date.parse("2026-10-25T12:00:00Z"));
    expect((sunday.end.getTime() - sunday.start.getTime()) / 3_600_000).toBe(25);
  });
});
