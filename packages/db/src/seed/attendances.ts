import { randomUUID } from "node:crypto";
import type { Faker } from "@faker-js/faker";
import { type DemoSite, demoProgrammes } from "./authority";
import { dayOfWeek, daysBetween, monthsBetween } from "./dates";
import type { DemoFamily, DemoPerson } from "./families";
import type { DemoSession } from "./timetable";

export type DemoAttendance = {
  id: string;
  sessionId: string;
  personId: string;
  method: "import" | "staff" | "kiosk";
  checkedInAt: Date;
  checkInId: string | null;
};

// Programmes from this age up are for young people, who come without a parent.
const YOUTH_MIN_MONTHS = 96;

/** Who of a family would come to a session, or nobody when it does not suit them. */
function attendeesFor(faker: Faker, family: DemoFamily, session: DemoSession): DemoPerson[] {
  const programme = demoProgrammes[session.programme];
  const suits = (person: DemoPerson) =>
    programme.audience === null || person.sex === programme.audience;
  const adults = (): DemoPerson[] => {
    const [first, second] = family.adults.filter(suits);
    if (!first) return [];
    if (!second) return [first];
    if (faker.datatype.boolean(0.1)) return [first, second];
    return [faker.datatype.boolean(0.75) ? first : second];
  };
  if (programme.minAgeMonths === null || programme.maxAgeMonths === null) {
    // Antenatal and parenting courses are for the parents of young children.
    const hasUnderFive = family.children.some(
      (c) => monthsBetween(c.dateOfBirth, session.date) < 60,
    );
    return hasUnderFive ? adults() : [];
  }
  const { minAgeMonths, maxAgeMonths } = programme;
  const youth = minAgeMonths >= YOUTH_MIN_MONTHS;
  const fitting = family.children.filter((child) => {
    if (youth && !suits(child)) return false;
    const months = monthsBetween(child.dateOfBirth, session.date);
    return months >= minAgeMonths && months <= maxAgeMonths;
  });
  if (fitting.length === 0) return [];
  const children = fitting.filter(() => faker.datatype.boolean(0.9));
  const coming = children.length > 0 ? children : fitting.slice(0, 1);
  if (youth) return coming;
  const grownUps = adults();
  return grownUps.length > 0 ? [...coming, ...grownUps] : [];
}

/**
 * About 20,000 attendances at the sessions before `cutoff`, skewed as services see them: a
 * fifth of registered families not seen this term, many one-off visitors, and a core of
 * regulars who come to the same session most weeks, nearly always at their own centre.
 */
export function planAttendances(
  faker: Faker,
  sites: readonly DemoSite[],
  sessions: readonly DemoSession[],
  families: readonly DemoFamily[],
  cutoff: Date,
  today: string,
): DemoAttendance[] {
  const pastBySite = sites.map(() => [] as DemoSession[]);
  for (const session of sessions) {
    if (session.endsAt < cutoff) pastBySite[session.siteIndex]?.push(session);
  }
  const neighbours = sites.map((site, index) =>
    sites
      .map((other, otherIndex) => ({ other, otherIndex }))
      .filter(
        ({ other, otherIndex }) =>
          otherIndex !== index &&
          other.locality === site.locality &&
          (other.kind === "youth_hub") === (site.kind === "youth_hub"),
      )
      .map(({ otherIndex }) => otherIndex),
  );

  const attendances: DemoAttendance[] = [];
  for (const family of families) {
    const tier = faker.helpers.weightedArrayElement([
      { weight: 18, value: "absent" as const },
      { weight: 31, value: "once" as const },
      { weight: 30, value: "occasional" as const },
      { weight: 21, value: "regular" as const },
    ]);
    if (tier === "absent") continue;
    const seen = new Set<string>();
    const open = (siteIndex: number) =>
      (pastBySite[siteIndex] ?? []).filter((s) => s.date >= family.registeredOn && !seen.has(s.id));

    const attend = (session: DemoSession): void => {
      const people = attendeesFor(faker, family, session);
      if (people.length === 0) return;
      seen.add(session.id);
      const ageDays = daysBetween(session.date, today);
      // Older history came across from the legacy database; recent visits through the kiosks.
      const method =
        ageDays > 35
          ? faker.helpers.weightedArrayElement([
              { weight: 3, value: "import" as const },
              { weight: 1, value: "staff" as const },
            ])
          : faker.helpers.weightedArrayElement([
              { weight: 11, value: "kiosk" as const },
              { weight: 9, value: "staff" as const },
            ]);
      const checkedInAt = new Date(
        session.startsAt.getTime() + faker.number.int({ min: 0, max: 20 }) * 60_000,
      );
      const checkInId = method === "kiosk" ? randomUUID() : null;
      for (const person of people) {
        attendances.push({
          id: randomUUID(),
          sessionId: session.id,
          personId: person.id,
          method,
          checkedInAt,
          checkInId,
        });
      }
    };

    const visitSomewhere = (): void => {
      const away = neighbours[family.siteIndex] ?? [];
      const siteIndex =
        away.length > 0 && faker.datatype.boolean(0.15)
          ? faker.helpers.arrayElement(away)
          : family.siteIndex;
      const choices = open(siteIndex);
      for (let attempt = 0; attempt < 4 && choices.length > 0; attempt += 1) {
        const session = faker.helpers.arrayElement(choices);
        if (attendeesFor(faker, family, session).length === 0) continue;
        attend(session);
        return;
      }
    };

    if (tier === "once") {
      visitSomewhere();
      if (faker.datatype.boolean(0.2)) visitSomewhere();
      continue;
    }
    if (tier === "occasional") {
      const visits = faker.number.int({ min: 3, max: 10 });
      for (let i = 0; i < visits; i += 1) visitSomewhere();
      continue;
    }
    const home = open(family.siteIndex).filter((s) => attendeesFor(faker, family, s).length > 0);
    if (home.length === 0) continue;
    // Regulars have a session or two they come to most weeks.
    const slotOf = (s: DemoSession) => `${s.programme}|${dayOfWeek(s.date)}|${s.time}`;
    const favourites = new Set(
      faker.helpers.arrayElements(home, faker.datatype.boolean(0.5) ? 2 : 1).map(slotOf),
    );
    for (const session of home) {
      if (favourites.has(slotOf(session)) && faker.datatype.boolean(0.85)) attend(session);
    }
    const extras = faker.number.int({ min: 2, max: 6 });
    for (let i = 0; i < extras; i += 1) visitSomewhere();
  }
  return attendances;
}
