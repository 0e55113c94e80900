import { randomUUID } from "node:crypto";
import type { Faker } from "@faker-js/faker";
import { londonTime } from "../time";
import { type DemoSite, demoDistricts, demoSites } from "./authority";
import { addDays, daysBetween } from "./dates";
import { adultNames, childNames, surnames } from "./names";

export type DemoPerson = {
  id: string;
  familyId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  role: "child" | "adult";
  socialCareId: string | null;
  /** Only for choosing who comes to a girls' or a dads' group; FamilyHub does not store it. */
  sex: "female" | "male";
};

export type DemoFamily = {
  id: string;
  surname: string;
  postcode: string;
  siteIndex: number;
  registeredOn: string;
  registeredAt: Date;
  adults: DemoPerson[];
  children: DemoPerson[];
};

export const FAMILY_COUNT = 2_000;

// Letters used in the inward half of real postcodes (C, I, K, M, O and V never appear there).
const INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

function outwardCode(postcode: string): string {
  return postcode.split(" ")[0] ?? postcode;
}

/** A postcode near a site: mostly its own outward code, else another in its district. */
function postcodeNear(faker: Faker, site: DemoSite): string {
  const own = outwardCode(site.postcode);
  const district = demoDistricts[site.district] ?? [own];
  const outward = faker.datatype.boolean(0.8) ? own : faker.helpers.arrayElement(district);
  const letters = faker.string.fromCharacters(INWARD_LETTERS, 2);
  return `${outward} ${faker.number.int({ min: 1, max: 9 })}${letters}`;
}

/** A date of birth `months` (plus a few days) before `date`. */
function bornMonthsBefore(faker: Faker, date: string, months: number): string {
  return addDays(date, -Math.round(months * 30.44) - faker.number.int({ min: 0, max: 29 }));
}

function childAges(faker: Faker, atYouthHub: boolean): number[] {
  if (atYouthHub) {
    const teen = faker.number.int({ min: 132, max: 216 });
    if (!faker.datatype.boolean(0.3)) return [teen];
    return [teen, faker.number.int({ min: 96, max: 216 })];
  }
  const count = faker.helpers.weightedArrayElement([
    { weight: 40, value: 1 },
    { weight: 35, value: 2 },
    { weight: 17, value: 3 },
    { weight: 8, value: 4 },
  ]);
  const ages = [faker.number.int({ min: 0, max: 59 })];
  for (let i = 1; i < count; i += 1) {
    const older = (ages[i - 1] ?? 0) + faker.number.int({ min: 14, max: 48 });
    if (older > 216) break;
    ages.push(older);
  }
  return ages;
}

export function planFamilies(faker: Faker, today: string): DemoFamily[] {
  const siteChoices = demoSites.map((site, index) => ({ weight: site.weight, value: index }));
  const socialCareIds = new Set<string>();
  const families: DemoFamily[] = [];
  const lastRegistration = addDays(today, -1);
  const firstRegistration = addDays(today, -730);

  for (let f = 0; f < FAMILY_COUNT; f += 1) {
    const siteIndex = faker.helpers.weightedArrayElement(siteChoices);
    const site = demoSites[siteIndex];
    if (!site) throw new Error(`no demo site ${siteIndex}`);
    const familyId = randomUUID();
    const surname = faker.helpers.arrayElement(surnames);

    const children = childAges(faker, site.kind === "youth_hub").map((months): DemoPerson => {
      const sex = faker.helpers.arrayElement(["female", "male"] as const);
      return {
        id: randomUUID(),
        familyId,
        firstName: faker.helpers.arrayElement(childNames[sex]),
        lastName: surname,
        dateOfBirth: bornMonthsBefore(faker, today, months),
        role: "child",
        socialCareId: null,
        sex,
      };
    });
    for (const child of children) {
      if (!faker.datatype.boolean(0.03)) continue;
      let id = String(faker.number.int({ min: 1_000_000, max: 9_999_999 }));
      while (socialCareIds.has(id))
        id = String(faker.number.int({ min: 1_000_000, max: 9_999_999 }));
      socialCareIds.add(id);
      child.socialCareId = id;
    }

    const eldest = children[children.length - 1] ?? children[0];
    const youngest = children[0];
    if (!eldest || !youngest) throw new Error("a demo family needs a child");
    // A small share of teenage parents, as in the priority target groups.
    const ageAtFirstBirth = faker.datatype.boolean(0.05)
      ? faker.number.int({ min: 16, max: 19 })
      : faker.number.int({ min: 20, max: 38 });
    const firstAdultSex = faker.datatype.boolean(0.88) ? "female" : "male";
    const adults: DemoPerson[] = [
      {
        id: randomUUID(),
        familyId,
        firstName: faker.helpers.arrayElement(adultNames[firstAdultSex]),
        lastName: surname,
        dateOfBirth: bornMonthsBefore(faker, eldest.dateOfBirth, ageAtFirstBirth * 12),
        role: "adult",
        socialCareId: null,
        sex: firstAdultSex,
      },
    ];
    if (faker.datatype.boolean(0.55)) {
      const partnerAge = ageAtFirstBirth + faker.number.int({ min: -2, max: 6 });
      const partnerSex =
        firstAdultSex === "female" && faker.datatype.boolean(0.92) ? "male" : "female";
      adults.push({
        id: randomUUID(),
        familyId,
        firstName: faker.helpers.arrayElement(adultNames[partnerSex]),
        lastName: faker.datatype.boolean(0.75) ? surname : faker.helpers.arrayElement(surnames),
        dateOfBirth: bornMonthsBefore(faker, eldest.dateOfBirth, Math.max(17, partnerAge) * 12),
        role: "adult",
        socialCareId: null,
        sex: partnerSex,
      });
    }

    // Families register when their youngest is born at the earliest (youth hubs: any time).
    const bornSince =
      site.kind !== "youth_hub" && youngest.dateOfBirth > firstRegistration
        ? youngest.dateOfBirth
        : firstRegistration;
    const earliest = bornSince < lastRegistration ? bornSince : lastRegistration;
    const span = Math.max(0, daysBetween(earliest, lastRegistration));
    const registeredOn = addDays(earliest, faker.number.int({ min: 0, max: span }));
    families.push({
      id: familyId,
      surname,
      postcode: postcodeNear(faker, site),
      siteIndex,
      registeredOn,
      registeredAt: londonTime(
        registeredOn,
        faker.number.int({ min: 9, max: 15 }),
        faker.number.int({ min: 0, max: 59 }),
      ),
      adults,
      children,
    });
  }
  return families;
}
