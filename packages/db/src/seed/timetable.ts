import { randomUUID } from "node:crypto";
import type { Faker } from "@faker-js/faker";
import { londonTime } from "../time";
import { type DemoProgrammeKey, type DemoSite, demoProgrammes } from "./authority";
import { addDays, dayOfWeek, daysBetween } from "./dates";

type Slot = {
  programme: DemoProgrammeKey;
  hour: number;
  minute: number;
  /** A course runs for its length in weeks only: these weeks of the term, counted from 0. */
  weeks: { from: number; to: number } | null;
};

/** Slots by day of the week, 0 = Sunday. */
type WeeklyTimetable = Slot[][];

export type DemoSession = {
  id: string;
  siteIndex: number;
  programme: DemoProgrammeKey;
  date: string;
  /** The Europe/London wall-clock start, `HH:MM`. */
  time: string;
  startsAt: Date;
  endsAt: Date;
};

export const TERM_WEEKS_BEFORE = 7;
export const TERM_WEEKS_AFTER = 6;

const centreAnchors: DemoProgrammeKey[] = [
  "messyPlay",
  "babySensory",
  "rhymeTime",
  "toddlerMusic",
  "speechAndLanguage",
];
const centreExtras: DemoProgrammeKey[] = [
  ...centreAnchors,
  "stayAndPlay",
  "babyMassage",
  "bumpAndBeyond",
  "parentingPuzzle",
];
const centreTimes: [number, number][] = [
  [9, 30],
  [11, 15],
  [13, 30],
];

const youthAnchors: DemoProgrammeKey[] = [
  "youthClubNight",
  "youthSportsNight",
  "homeworkClub",
  "creativeArts",
];
const youthExtras: DemoProgrammeKey[] = [
  ...youthAnchors,
  "uniqueSwagga",
  "youngMensProject",
  "youngCarers",
];
// Young people come after school: each youth programme has its usual start time.
const youthTimes: Partial<Record<DemoProgrammeKey, [number, number]>> = {
  homeworkClub: [15, 30],
  youngCarers: [16, 0],
  creativeArts: [17, 0],
  uniqueSwagga: [17, 0],
  youngMensProject: [17, 0],
  youthSportsNight: [18, 0],
  youthClubNight: [18, 30],
};

function slot(
  faker: Faker,
  programme: DemoProgrammeKey,
  [hour, minute]: [number, number],
  termWeeks: number,
): Slot {
  const length = demoProgrammes[programme].lengthWeeks;
  if (length === null || length >= termWeeks) return { programme, hour, minute, weeks: null };
  const from = faker.number.int({ min: 0, max: termWeeks - length });
  return { programme, hour, minute, weeks: { from, to: from + length - 1 } };
}

function sessionsADay(faker: Faker): number {
  return faker.helpers.weightedArrayElement([
    { weight: 1, value: 1 },
    { weight: 3, value: 2 },
    { weight: 2, value: 3 },
  ]);
}

/**
 * The first session of every day is a weekly, drop-in programme, so each site has a session on
 * every day of the term, weekends included: the kiosk always has something to check in to.
 */
function centreTimetable(faker: Faker, site: DemoSite, termWeeks: number): WeeklyTimetable {
  const week: WeeklyTimetable = [[], [], [], [], [], [], []];
  const anchors = faker.helpers.shuffle<DemoProgrammeKey>([
    "stayAndPlay",
    "stayAndPlay",
    "healthVisitorClinic",
    ...faker.helpers.arrayElements(centreAnchors, 2),
  ]);
  for (let day = 1; day <= 5; day += 1) {
    const anchor = anchors[day - 1] ?? "stayAndPlay";
    const count = sessionsADay(faker);
    const others = faker.helpers.arrayElements(
      centreExtras.filter((p) => p !== anchor),
      count - 1,
    );
    const times = count === 1 ? [faker.helpers.arrayElement(centreTimes)] : centreTimes;
    week[day] = [anchor, ...others].map((programme, i) =>
      slot(faker, programme, times[i] ?? [13, 30], termWeeks),
    );
  }
  const saturday = faker.helpers.arrayElement<DemoProgrammeKey>([
    "dadsGroup",
    "dadsGroup",
    "stayAndPlay",
    "weekendFamilyFun",
  ]);
  week[6] = [
    slot(
      faker,
      saturday,
      faker.helpers.arrayElement<[number, number]>([
        [9, 30],
        [10, 0],
      ]),
      termWeeks,
    ),
  ];
  if (site.kind === "family_hub") week[6].push(slot(faker, "stayAndPlay", [13, 0], termWeeks));
  week[0] = [
    slot(
      faker,
      faker.helpers.arrayElement<DemoProgrammeKey>(["weekendFamilyFun", "stayAndPlay"]),
      faker.helpers.arrayElement<[number, number]>([
        [10, 0],
        [10, 30],
        [11, 0],
      ]),
      termWeeks,
    ),
  ];
  return week;
}

function youthTimetable(faker: Faker, termWeeks: number): WeeklyTimetable {
  const week: WeeklyTimetable = [[], [], [], [], [], [], []];
  for (let day = 1; day <= 5; day += 1) {
    const anchor = faker.helpers.arrayElement(youthAnchors);
    const others = faker.helpers.arrayElements(
      youthExtras.filter((p) => p !== anchor),
      sessionsADay(faker) - 1,
    );
    week[day] = [anchor, ...others].map((programme) =>
      slot(faker, programme, youthTimes[programme] ?? [18, 0], termWeeks),
    );
  }
  week[6] = [slot(faker, "weekendDropIn", [12, 0], termWeeks)];
  week[0] = [slot(faker, "sundaySocial", [14, 0], termWeeks)];
  return week;
}

/** A term of weekly sessions at every site, from 7 weeks before `today` to 6 weeks after. */
export function planSessions(faker: Faker, sites: readonly DemoSite[], today: string) {
  const first = addDays(today, -7 * TERM_WEEKS_BEFORE);
  const last = addDays(today, 7 * TERM_WEEKS_AFTER);
  const termWeeks = Math.floor(daysBetween(first, last) / 7) + 1;
  const timetables = sites.map((site) =>
    site.kind === "youth_hub"
      ? youthTimetable(faker, termWeeks)
      : centreTimetable(faker, site, termWeeks),
  );

  const sessions: DemoSession[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const week = Math.floor(daysBetween(first, date) / 7);
    const day = dayOfWeek(date);
    timetables.forEach((timetable, siteIndex) => {
      for (const s of timetable[day] ?? []) {
        if (s.weeks && (week < s.weeks.from || week > s.weeks.to)) continue;
        const startsAt = londonTime(date, s.hour, s.minute);
        const minutes = demoProgrammes[s.programme].durationMinutes;
        sessions.push({
          id: randomUUID(),
          siteIndex,
          programme: s.programme,
          date,
          time: `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`,
          startsAt,
          endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        });
      }
    });
  }
  return sessions;
}
