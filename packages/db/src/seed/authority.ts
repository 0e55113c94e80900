// The fictional authority of the demo: Fernleigh Borough Council. Shaped like Hillingdon (18
// children's centres in 3 localities, each with a lead centre; 7 run by the council, 9 by
// schools, 1 by a charity, 1 by a college) plus four youth hubs. Every name is invented.
import { z } from "zod";
import { type deliveryUnits, siteKinds, siteOperators } from "../schema";

export const AUTHORITY_NAME = "Fernleigh Borough Council";

export const demoLocalities = ["North Fernleigh", "Central Fernleigh", "South Fernleigh"] as const;

/** Districts and the postcode outward codes in each ("FL" is not a real postcode area). */
export const demoDistricts: Readonly<Record<string, readonly string[]>> = {
  Oakhurst: ["FL3", "FL4"],
  "Brindle Heath": ["FL5"],
  "Fernleigh Town": ["FL1", "FL2"],
  Kestwick: ["FL8"],
  "Marsh End": ["FL6", "FL7"],
  Saltmoor: ["FL9", "FL10"],
};

export type DemoSite = {
  code: string;
  name: string;
  kind: (typeof siteKinds)[number];
  operator: (typeof siteOperators)[number];
  locality: (typeof demoLocalities)[number];
  district: string;
  postcode: string;
  isLead: boolean;
  /** How many families register here, relative to the other sites. */
  weight: number;
};

const siteLine = z
  .tuple([
    z.string(),
    z.string(),
    z.enum(siteKinds),
    z.enum(siteOperators),
    z.enum(demoLocalities),
    z.string(),
    z.string(),
    z.enum(["lead", ""]),
  ])
  .transform(([code, name, kind, operator, locality, district, postcode, lead]): DemoSite => ({
    code,
    name,
    kind,
    operator,
    locality,
    district,
    postcode,
    isLead: lead === "lead",
    weight: kind === "youth_hub" ? 0.5 : lead ? 1.6 : kind === "wellbeing_centre" ? 0.8 : 1.2,
  }));

// code | name | kind | operator | locality | district | postcode | lead
const siteTable = `
CC01 | Oakhurst Family Hub                        | family_hub       | local_authority | North Fernleigh   | Oakhurst       | FL3 2BN  | lead
CC02 | Brindle Heath Children's Centre            | children_centre  | local_authority | North Fernleigh   | Brindle Heath  | FL5 1QA  |
CC03 | St Cuthbert's Children's Centre            | wellbeing_centre | school          | North Fernleigh   | Oakhurst       | FL4 7HD  |
CC04 | Hollybank Primary Children's Centre        | wellbeing_centre | school          | North Fernleigh   | Brindle Heath  | FL5 3TW  |
CC05 | Meadowside Children's Centre               | children_centre  | school          | North Fernleigh   | Oakhurst       | FL3 6LP  |
CC06 | Little Acorns Children's Centre            | children_centre  | charity         | North Fernleigh   | Brindle Heath  | FL5 8RE  |
CC07 | Fernleigh Town Family Hub                  | family_hub       | local_authority | Central Fernleigh | Fernleigh Town | FL1 1AA  | lead
CC08 | Kestwick Children's Centre                 | children_centre  | local_authority | Central Fernleigh | Kestwick       | FL8 2DF  |
CC09 | Fernleigh College Children's Centre        | children_centre  | fe_college      | Central Fernleigh | Fernleigh Town | FL2 4XJ  |
CC10 | Greenway Infants Children's Centre         | wellbeing_centre | school          | Central Fernleigh | Fernleigh Town | FL2 9NS  |
CC11 | Kestwick Park Wellbeing Centre             | wellbeing_centre | school          | Central Fernleigh | Kestwick       | FL8 5GU  |
CC12 | Queensway Nursery School Children's Centre | children_centre  | school          | Central Fernleigh | Fernleigh Town | FL1 6PB  |
CC13 | Marsh End Family Hub                       | family_hub       | local_authority | South Fernleigh   | Marsh End      | FL6 3EY  | lead
CC14 | Saltmoor Children's Centre                 | children_centre  | local_authority | South Fernleigh   | Saltmoor       | FL9 1HR  |
CC15 | Harbour Lane Children's Centre             | children_centre  | local_authority | South Fernleigh   | Marsh End      | FL7 2LZ  |
CC16 | Wyebridge Primary Wellbeing Centre         | wellbeing_centre | school          | South Fernleigh   | Saltmoor       | FL10 4AB |
CC17 | St Anne's Children's Centre                | wellbeing_centre | school          | South Fernleigh   | Marsh End      | FL7 8SQ  |
CC18 | Saltmoor Fields Children's Centre          | children_centre  | school          | South Fernleigh   | Saltmoor       | FL10 6UD |
YH01 | Oakhurst Youth Hub                         | youth_hub        | local_authority | North Fernleigh   | Oakhurst       | FL4 2WN  |
YH02 | The Platform Youth Hub                     | youth_hub        | local_authority | Central Fernleigh | Fernleigh Town | FL1 3RT  |
YH03 | Kestwick Youth Hub                         | youth_hub        | local_authority | Central Fernleigh | Kestwick       | FL8 7JL  |
YH04 | The Boathouse Youth Hub                    | youth_hub        | local_authority | South Fernleigh   | Marsh End      | FL6 9PX  |
`;

export const demoSites: readonly DemoSite[] = siteTable
  .trim()
  .split("\n")
  .map((line) => siteLine.parse(line.split("|").map((cell) => cell.trim())));

export type DemoProgramme = {
  name: string;
  serviceArea: string;
  offer: "universal" | "targeted";
  minAgeMonths: number | null;
  maxAgeMonths: number | null;
  capacity: number;
  lengthWeeks: number | null;
  durationMinutes: number;
  /** Who it is for, where it is for one sex: a girls' group, a dads' group. */
  audience: "female" | "male" | null;
  deliveryUnit: (typeof deliveryUnits)[number] | null;
  targetGroups: string[];
  maxAgeMonthsDisability: number | null;
  partnerOrganisation: string | null;
  description: string | null;
};

const programme = (
  name: string,
  serviceArea: string,
  ages: [number, number] | null,
  capacity: number,
  durationMinutes: number,
  extra: {
    offer?: "targeted";
    lengthWeeks?: number;
    audience?: "female" | "male";
    deliveryUnit?: (typeof deliveryUnits)[number];
    targetGroups?: string[];
    maxAgeMonthsDisability?: number;
    partnerOrganisation?: string;
    description?: string;
  } = {},
): DemoProgramme => ({
  name,
  serviceArea,
  offer: extra.offer ?? "universal",
  minAgeMonths: ages ? ages[0] : null,
  maxAgeMonths: ages ? ages[1] : null,
  capacity,
  lengthWeeks: extra.lengthWeeks ?? null,
  durationMinutes,
  audience: extra.audience ?? null,
  deliveryUnit: extra.deliveryUnit ?? null,
  targetGroups: extra.targetGroups ?? [],
  maxAgeMonthsDisability: extra.maxAgeMonthsDisability ?? null,
  partnerOrganisation: extra.partnerOrganisation ?? null,
  description: extra.description ?? null,
});

const DEVELOPMENT = "Child and family development";
const HEALTH = "Health visiting";
const FAMILY_SUPPORT = "Family support";
const YOUTH = "Youth service";
const TARGETED = "Targeted programmes";

export const demoProgrammes = {
  stayAndPlay: programme("Stay and Play", DEVELOPMENT, [0, 60], 30, 90),
  babyMassage: programme("Baby Massage", DEVELOPMENT, [0, 12], 10, 60, {
    lengthWeeks: 5,
    description: "Five weeks of gentle massage for babies up to a year and their parents.",
  }),
  bumpAndBeyond: programme("Bump and Beyond", HEALTH, null, 12, 120, {
    lengthWeeks: 6,
    partnerOrganisation: "Fernleigh Maternity Services",
    description: "An antenatal course for expectant parents, with the midwives.",
  }),
  messyPlay: programme("Messy Play", DEVELOPMENT, [12, 60], 20, 60),
  babySensory: programme("Baby Sensory", DEVELOPMENT, [0, 12], 12, 60),
  rhymeTime: programme("Rhyme Time", DEVELOPMENT, [0, 48], 25, 45),
  toddlerMusic: programme("Toddler Music", DEVELOPMENT, [12, 36], 16, 45),
  speechAndLanguage: programme("Speech and Language drop-in", DEVELOPMENT, [18, 48], 10, 120),
  healthVisitorClinic: programme("Health Visitor clinic", HEALTH, [0, 60], 40, 150),
  parentingPuzzle: programme("Parenting Puzzle", FAMILY_SUPPORT, null, 12, 120, {
    offer: "targeted",
    lengthWeeks: 10,
    targetGroups: ["lone_parent", "teenage_parent", "domestic_abuse"],
  }),
  dadsGroup: programme("Dads' Group", DEVELOPMENT, [0, 60], 20, 120, { audience: "male" }),
  weekendFamilyFun: programme("Weekend Family Fun", DEVELOPMENT, [0, 96], 30, 120),
  youthClubNight: programme("Youth Club Night", YOUTH, [132, 228], 40, 150, {
    maxAgeMonthsDisability: 300,
    description: "For 11 to 19 year olds, and up to 25 with a disability.",
  }),
  homeworkClub: programme("Homework Club", YOUTH, [120, 192], 20, 90),
  youthSportsNight: programme("Youth Sports Night", YOUTH, [132, 228], 30, 120),
  creativeArts: programme("Creative Arts Studio", YOUTH, [132, 228], 15, 120),
  weekendDropIn: programme("Weekend Youth Drop-in", YOUTH, [132, 228], 40, 240),
  sundaySocial: programme("Sunday Youth Social", YOUTH, [132, 228], 30, 180),
  uniqueSwagga: programme("Unique Swagga", TARGETED, [120, 216], 12, 120, {
    offer: "targeted",
    lengthWeeks: 10,
    audience: "female",
    deliveryUnit: "girls_and_young_women",
    targetGroups: ["neet", "sexual_exploitation"],
    description: "A 10-week programme for girls and young women: confidence, relationships, risk.",
  }),
  youngMensProject: programme("Young Men's Project", TARGETED, [120, 216], 12, 120, {
    offer: "targeted",
    lengthWeeks: 10,
    audience: "male",
    deliveryUnit: "boys_and_young_men",
    targetGroups: ["neet", "young_offender"],
  }),
  youngCarers: programme("Young Carers' Group", TARGETED, [96, 216], 15, 120, {
    offer: "targeted",
    deliveryUnit: "emotional_health_and_wellbeing",
    targetGroups: ["young_carer"],
  }),
} satisfies Record<string, DemoProgramme>;

export type DemoProgrammeKey = keyof typeof demoProgrammes;
