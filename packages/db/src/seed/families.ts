import { randomUUID } from "node:crypto";
import { base, en, en_GB, Faker } from "@faker-js/faker";
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
  sex: "female" | "male";
  /** A CIN census code; null when the family did not say. */
  ethnicity: string | null;
  firstLanguage: string | null;
  relationship: string | null;
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

// The details staff record (ethnicity, language, relationship) come from a faker of their own,
// so adding them left the rest of the demo (families, sessions, attendances) as it was.
const DETAIL_SEED = 20_260_901;

type Weighted<T> = { weight: number; value: T }[];

// Surnames the demo's invented families share with a community, so names and ethnicity agree.
const surnameHeritage: Record<string, string> = {
  Patel: "AIND",
  Singh: "AIND",
  Kaur: "AIND",
  Sharma: "AIND",
  Kumar: "AIND",
  Shah: "AIND",
  Khan: "APKN",
  Ali: "APKN",
  Hussain: "APKN",
  Ahmed: "APKN",
  Mahmood: "APKN",
  Iqbal: "APKN",
  Begum: "ABAN",
  Miah: "ABAN",
  Rahman: "ABAN",
  Chowdhury: "ABAN",
  Okafor: "BAFR",
  Mensah: "BAFR",
  Adeyemi: "BAFR",
  Osei: "BAFR",
  Nowak: "WOTH",
  Kowalski: "WOTH",
  Popescu: "WOTH",
};

// Roughly an outer London borough's families at the 2021 census, for every other surname.
const otherEthnicities: Weighted<string> = [
  { weight: 52, value: "WBRI" },
  { weight: 2, value: "WIRI" },
  { weight: 1, value: "WIRT" },
  { weight: 7, value: "WOTH" },
  { weight: 3, value: "MWBC" },
  { weight: 1, value: "MWBA" },
  { weight: 2, value: "MWAS" },
  { weight: 2, value: "MOTH" },
  { weight: 6, value: "AIND" },
  { weight: 2, value: "APKN" },
  { weight: 3, value: "AOTH" },
  { weight: 3, value: "BCRB" },
  { weight: 3, value: "BAFR" },
  { weight: 1, value: "BOTH" },
  { weight: 1, value: "CHNE" },
  { weight: 3, value: "OOTH" },
  { weight: 2, value: "REFU" },
];

const languagesByEthnicity: Record<string, Weighted<string>> = {
  AIND: [
    { weight: 55, value: "English" },
    { weight: 20, value: "Gujarati" },
    { weight: 15, value: "Punjabi" },
    { weight: 10, value: "Hindi" },
  ],
  APKN: [
    { weight: 50, value: "English" },
    { weight: 35, value: "Urdu" },
    { weight: 15, value: "Punjabi" },
  ],
  ABAN: [
    { weight: 45, value: "English" },
    { weight: 35, value: "Bengali" },
    { weight: 20, value: "Sylheti" },
  ],
  BAFR: [
    { weight: 55, value: "English" },
    { weight: 15, value: "Yoruba" },
    { weight: 10, value: "Igbo" },
    { weight: 10, value: "Twi" },
    { weight: 10, value: "Somali" },
  ],
  WOTH: [
    { weight: 50, value: "Polish" },
    { weight: 25, value: "Romanian" },
    { weight: 25, value: "English" },
  ],
  CHNE: [
    { weight: 40, value: "English" },
    { weight: 30, value: "Cantonese" },
    { weight: 30, value: "Mandarin" },
  ],
  AOTH: [
    { weight: 50, value: "English" },
    { weight: 25, value: "Tamil" },
    { weight: 25, value: "Arabic" },
  ],
  OOTH: [
    { weight: 50, value: "English" },
    { weight: 30, value: "Arabic" },
    { weight: 20, value: "Portuguese" },
  ],
};

function ethnicityFor(details: Faker, surname: string): string {
  return surnameHeritage[surname] ?? details.helpers.weightedArrayElement(otherEthnicities);
}

function languageFor(details: Faker, ethnicity: string | null): string | null {
  const options = ethnicity ? languagesByEthnicity[ethnicity] : undefined;
  if (!options) return "English";
  return details.helpers.weightedArrayElement(options);
}

/**
 * Fills in what staff record about each person: not everyone is asked everything, so some
 * details are missing, as in a real register.
 */
function describeFamily(details: Faker, family: DemoFamily): void {
  const [first, partner] = family.adults;
  if (!first) return;
  const carer = details.helpers.weightedArrayElement([
    { weight: 96, value: "parent" },
    { weight: 2, value: "foster_carer" },
    { weight: 1, value: "kinship_carer" },
    { weight: 1, value: "grandparent" },
  ]);
  const familyEthnicity = ethnicityFor(details, family.surname);
  const recorded = details.datatype.boolean(0.92);

  first.relationship = carer === "parent" ? (first.sex === "female" ? "mother" : "father") : carer;
  first.ethnicity = recorded ? familyEthnicity : null;
  first.firstLanguage = recorded ? languageFor(details, familyEthnicity) : null;
  if (partner) {
    const step = details.datatype.boolean(0.12);
    partner.relationship = step ? "step_parent" : partner.sex === "female" ? "mother" : "father";
    const own = details.datatype.boolean(0.85) ? familyEthnicity : ethnicityFor(details, "");
    partner.ethnicity = recorded ? own : null;
    partner.firstLanguage = recorded ? languageFor(details, own) : null;
  }
  const childRelationship =
    carer === "foster_carer" ? "foster_child" : carer === "grandparent" ? "grandchild" : "child";
  for (const child of family.children) {
    child.relationship = childRelationship;
    // Babies' ethnicity is often not yet obtained; most children here grow up with English.
    child.ethnicity = !recorded ? null : details.datatype.boolean(0.06) ? "NOBT" : familyEthnicity;
    child.firstLanguage = !recorded
      ? null
      : details.datatype.boolean(0.7)
        ? "English"
        : (first.firstLanguage ?? "English");
  }
}

export function planFamilies(faker: Faker, today: string): DemoFamily[] {
  const details = new Faker({ locale: [en_GB, en, base], seed: DETAIL_SEED });
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
        ethnicity: null,
        firstLanguage: null,
        relationship: null,
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
        ethnicity: null,
        firstLanguage: null,
        relationship: null,
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
        ethnicity: null,
        firstLanguage: null,
        relationship: null,
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
  for (const family of families) describeFamily(details, family);
  return families;
}
