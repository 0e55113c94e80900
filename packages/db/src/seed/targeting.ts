// The demo's priority target groups: the built-in catalogue, a small fictional deprivation
// lookup for the demo's FL postcodes, and flags that staff recorded or families told them, at
// rates like a real authority's. Rule flags (teenage parents, lone parents, three under five,
// deprived areas) are derived from these data by @familyhub/targeting when the server starts.
import type { Faker } from "@faker-js/faker";
import { eq } from "drizzle-orm";
import type { Transaction } from "../client";
import { builtInTargetGroups, deprivationLookup, targetFlags, targetGroups } from "../schema";
import { londonTime } from "../time";
import { demoDistricts, demoSites } from "./authority";
import { addDays, daysBetween, monthsBetween } from "./dates";
import type { DemoFamily, DemoPerson } from "./families";

// Rows per INSERT: few round trips, and well under PostgreSQL's 65,535 parameters a statement.
const CHUNK = 1_000;

/**
 * How deprived each district's neighbourhoods are, as a range of IMD deciles (1 = the most
 * deprived tenth of England). Invented, but shaped like an outer London borough: a deprived
 * estate district, a mixed town centre, leafier districts further out.
 */
const districtDeciles: Readonly<Record<string, readonly [number, number]>> = {
  "Marsh End": [1, 6],
  "Brindle Heath": [2, 7],
  "Fernleigh Town": [2, 8],
  Saltmoor: [3, 8],
  Oakhurst: [4, 9],
  Kestwick: [5, 10],
};

type FlagRow = typeof targetFlags.$inferInsert;

/** What staff wrote when they recorded a group; invented and short, as real notes are. */
const staffNotes: Readonly<Record<string, readonly string[]>> = {
  domestic_abuse: [
    "Disclosed to the family worker; referred to the domestic abuse service.",
    "Shared by the health visitor with mum's consent.",
    "Mum told us at Stay and Play; safety plan in place.",
  ],
  parent_disability: [
    "Dad is a wheelchair user; needs the ground-floor room.",
    "Mum has a long-term mental health condition; supported by the GP.",
  ],
  substance_misuse: [
    "Known to the drug and alcohol service.",
    "Dad in recovery; attends the local support group.",
  ],
  temporary_accommodation: [
    "Placed in a hostel by housing; bidding for a flat.",
    "Staying in a B&B after an eviction.",
  ],
  developmental_delay: [
    "Speech delay noted at the 2-year review.",
    "Referred to the portage service.",
  ],
  young_carer: ["Cares for mum after school.", "Looks after a younger brother with autism."],
  neet: ["Left college in the autumn term; looking for an apprenticeship."],
};

function outward(postcode: string): string {
  return postcode.split(" ")[0] ?? postcode;
}

function districtOf(outwardCode: string): string | undefined {
  return Object.entries(demoDistricts).find(([, codes]) => codes.includes(outwardCode))?.[0];
}

/**
 * One fictional LSOA per postcode sector ("FL5 3"), with a decile drawn from its district's
 * range, and every demo postcode in it (families' and sites').
 */
function planLookup(faker: Faker, families: readonly DemoFamily[]) {
  const postcodes = [
    ...new Set([...families.map((f) => f.postcode), ...demoSites.map((s) => s.postcode)]),
  ].sort();
  const sectors = new Map<string, { lsoaCode: string; imdDecile: number }>();
  return postcodes.map((postcode) => {
    const sector = postcode.slice(0, postcode.length - 2);
    let area = sectors.get(sector);
    if (!area) {
      const [low, high] = districtDeciles[districtOf(outward(postcode)) ?? ""] ?? [3, 8];
      area = {
        // E01 codes are England's LSOAs; 9xxxxx keeps clear of real ones.
        lsoaCode: `E01${String(900_000 + sectors.size).padStart(6, "0")}`,
        imdDecile: faker.number.int({ min: low, max: high }),
      };
      sectors.set(sector, area);
    }
    return { postcode, ...area };
  });
}

/** A day between registration and yesterday, mostly the day they registered. */
function flaggedOn(faker: Faker, family: DemoFamily, today: string): string {
  const last = addDays(today, -1);
  if (family.registeredOn >= last || faker.datatype.boolean(0.6)) return family.registeredOn;
  const span = daysBetween(family.registeredOn, last);
  return addDays(family.registeredOn, faker.number.int({ min: 0, max: span }));
}

function planFlags(faker: Faker, families: readonly DemoFamily[], today: string): FlagRow[] {
  const rows: FlagRow[] = [];
  const add = (
    family: DemoFamily,
    groupCode: string,
    source: "staff" | "self_declared",
    person: DemoPerson | null,
    /** Set for a flag that has since ended: why. */
    ended?: string,
  ) => {
    const startedOn = flaggedOn(faker, family, today);
    const notes = staffNotes[groupCode];
    const endOn = ended ? addDays(startedOn, faker.number.int({ min: 30, max: 240 })) : undefined;
    rows.push({
      familyId: family.id,
      personId: person?.id ?? null,
      groupCode,
      source,
      note: source === "staff" && notes ? faker.helpers.arrayElement(notes) : null,
      startedOn,
      reviewOn: faker.datatype.boolean(0.3) ? addDays(startedOn, 182) : null,
      recordedAt: londonTime(startedOn, faker.number.int({ min: 9, max: 16 })),
      ...(endOn && endOn < today ? { endedAt: londonTime(endOn, 12), endReason: ended } : {}),
    });
  };

  for (const family of families) {
    const youth = demoSites[family.siteIndex]?.kind === "youth_hub";
    const adult = family.adults[0] ?? null;
    const under5 = family.children.filter((c) => monthsBetween(c.dateOfBirth, today) < 60);
    if (faker.datatype.boolean(0.05)) add(family, "domestic_abuse", "staff", null);
    if (faker.datatype.boolean(0.03)) add(family, "parent_disability", "self_declared", adult);
    if (faker.datatype.boolean(0.025)) add(family, "substance_misuse", "staff", null);
    if (faker.datatype.boolean(0.035)) {
      const housed = faker.datatype.boolean(0.4) ? "Moved into settled housing" : undefined;
      add(family, "temporary_accommodation", "staff", null, housed);
    }
    if (faker.datatype.boolean(0.08)) add(family, "poverty", "self_declared", null);
    for (const child of family.children) {
      if (faker.datatype.boolean(0.03)) add(family, "child_disability", "self_declared", child);
    }
    const toddler = under5[0];
    if (toddler && faker.datatype.boolean(0.05)) {
      add(family, "developmental_delay", "staff", toddler);
    }
    if (youth) {
      const teen = family.children[family.children.length - 1] ?? null;
      if (teen && faker.datatype.boolean(0.08)) add(family, "young_carer", "self_declared", teen);
      if (teen && monthsBetween(teen.dateOfBirth, today) >= 192 && faker.datatype.boolean(0.15)) {
        const started = faker.datatype.boolean(0.3) ? "Started an apprenticeship" : undefined;
        add(family, "neet", "staff", teen, started);
      }
    }
  }
  return rows;
}

/**
 * Adds the catalogue, the demo's deprivation lookup and its recorded flags, inside the demo
 * seed's transaction. Uses the seed's faker after everything else is planned, so the rest of
 * the demo is the same with or without it.
 */
export async function seedDemoTargeting(
  tx: Transaction,
  faker: Faker,
  families: readonly DemoFamily[],
  today: string,
): Promise<{ postcodes: number; flags: number }> {
  await tx
    .insert(targetGroups)
    .values(
      builtInTargetGroups.map((g) => ({
        code: g.code,
        category: g.category,
        label: g.label,
        isPriority: g.priority,
      })),
    )
    .onConflictDoNothing();

  // Fernleigh records lone parents but does not count them as priority on their own: many of
  // its families register only the parent who brings the children, so "one adult recorded"
  // says too little. It is the demo of a choice each authority makes on the settings page.
  await tx
    .update(targetGroups)
    .set({ isPriority: false })
    .where(eq(targetGroups.code, "lone_parent"));

  const lookup = planLookup(faker, families);
  for (let i = 0; i < lookup.length; i += CHUNK) {
    await tx.insert(deprivationLookup).values(lookup.slice(i, i + CHUNK));
  }
  const flags = planFlags(faker, families, today);
  for (let i = 0; i < flags.length; i += CHUNK) {
    await tx.insert(targetFlags).values(flags.slice(i, i + CHUNK));
  }
  return { postcodes: lookup.length, flags: flags.length };
}
