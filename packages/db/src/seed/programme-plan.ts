// The demo's planning data: the term around `today`, the bank holidays in it (and a closure
// day when none falls in it), courses as series, and the bookings of their participants.
import { randomUUID } from "node:crypto";
import { demoProgrammes } from "./authority";
import { addDays, dayOfWeek } from "./dates";
import type { DemoAttendance } from "./attendances";
import type { DemoSession } from "./timetable";

/** England and Wales bank holidays (gov.uk), for the demo's closure days. */
const BANK_HOLIDAYS: Record<string, string> = {
  "2025-01-01": "New Year's Day",
  "2025-04-18": "Good Friday",
  "2025-04-21": "Easter Monday",
  "2025-05-05": "Early May bank holiday",
  "2025-05-26": "Spring bank holiday",
  "2025-08-25": "Summer bank holiday",
  "2025-12-25": "Christmas Day",
  "2025-12-26": "Boxing Day",
  "2026-01-01": "New Year's Day",
  "2026-04-03": "Good Friday",
  "2026-04-06": "Easter Monday",
  "2026-05-04": "Early May bank holiday",
  "2026-05-25": "Spring bank holiday",
  "2026-08-31": "Summer bank holiday",
  "2026-12-25": "Christmas Day",
  "2026-12-28": "Boxing Day (substitute day)",
  "2027-01-01": "New Year's Day",
  "2027-03-26": "Good Friday",
  "2027-03-29": "Easter Monday",
  "2027-05-03": "Early May bank holiday",
  "2027-05-31": "Spring bank holiday",
  "2027-08-30": "Summer bank holiday",
  "2027-12-27": "Christmas Day (substitute day)",
  "2027-12-28": "Boxing Day (substitute day)",
};

const SEASONS = [
  "Spring",
  "Spring",
  "Spring",
  "Summer",
  "Summer",
  "Summer",
  "Summer",
  "Summer",
  "Autumn",
  "Autumn",
  "Autumn",
  "Autumn",
];

export type DemoClosure = { date: string; name: string };

/**
 * The term runs over the planned sessions. Bank holidays in it close every centre; when none
 * falls in it, a Monday two weeks ahead is a training day, so the planner has one to show.
 * Never today: the kiosk must have a session to check in to.
 */
export function planTerm(sessions: readonly DemoSession[], today: string) {
  const dates = sessions.map((s) => s.date).sort();
  const first = dates[0] ?? today;
  const last = dates[dates.length - 1] ?? today;
  const month = Number(first.slice(5, 7));
  const term = {
    id: randomUUID(),
    name: `${SEASONS[month - 1] ?? "Spring"} term ${first.slice(0, 4)}`,
    startsOn: first,
    endsOn: last,
  };
  const closures: DemoClosure[] = Object.entries(BANK_HOLIDAYS)
    .filter(([date]) => date >= first && date <= last && date !== today)
    .map(([date, name]) => ({ date, name }));
  if (closures.length === 0) {
    const ahead = addDays(today, 14);
    const monday = addDays(ahead, (8 - dayOfWeek(ahead)) % 7);
    if (monday <= last)
      closures.push({ date: monday, name: "Staff training day: every centre closed" });
  }
  const closed = new Set(closures.map((c) => c.date));
  return { term, closures, sessions: sessions.filter((s) => !closed.has(s.date)) };
}

/**
 * Courses (programmes with a length in weeks) become series, one per centre, weekday and time;
 * everyone who came to a course is booked on all of it, up to its capacity, so the register
 * shows no-shows and the completion view who has missed two in a row.
 */
export function planCourses(
  sessions: readonly DemoSession[],
  attendances: readonly DemoAttendance[],
) {
  const groups = new Map<string, DemoSession[]>();
  for (const s of sessions) {
    if (demoProgrammes[s.programme].lengthWeeks === null) continue;
    const key = `${s.siteIndex}|${s.programme}|${dayOfWeek(s.date)}|${s.time}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const attendeesBySession = new Map<string, string[]>();
  for (const a of attendances) {
    attendeesBySession.set(a.sessionId, [
      ...(attendeesBySession.get(a.sessionId) ?? []),
      a.personId,
    ]);
  }
  const series: {
    id: string;
    siteIndex: number;
    programme: DemoSession["programme"];
    startsOn: string;
    occurrences: number;
    startTime: string;
    endTime: string;
  }[] = [];
  const seriesOf = new Map<string, string>();
  const bookings: {
    id: string;
    sessionId: string;
    personId: string;
    seriesId: string;
    createdAt: Date;
  }[] = [];
  for (const run of groups.values()) {
    const ordered = [...run].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const head = ordered[0];
    if (!head) continue;
    const id = randomUUID();
    const minutes = demoProgrammes[head.programme].durationMinutes;
    const end = new Date(Date.parse(`1970-01-01T${head.time}:00Z`) + minutes * 60_000);
    series.push({
      id,
      siteIndex: head.siteIndex,
      programme: head.programme,
      startsOn: head.date,
      occurrences: ordered.length,
      startTime: head.time,
      endTime: end.toISOString().slice(11, 16),
    });
    for (const s of ordered) seriesOf.set(s.id, id);
    const people = [...new Set(ordered.flatMap((s) => attendeesBySession.get(s.id) ?? []))].slice(
      0,
      demoProgrammes[head.programme].capacity,
    );
    const bookedAt = new Date(head.startsAt.getTime() - 7 * 86_400_000);
    for (const personId of people) {
      for (const s of ordered) {
        bookings.push({
          id: randomUUID(),
          sessionId: s.id,
          personId,
          seriesId: id,
          createdAt: bookedAt,
        });
      }
    }
  }
  return { series, seriesOf, bookings };
}
