import { randomUUID } from "node:crypto";
import { Faker, base, en, en_GB } from "@faker-js/faker";
import { PRIVACY_NOTICE_VERSION, parseDate } from "@familyhub/validators";
import type { Database, Transaction } from "../client";
import { AppError } from "../errors";
import { recordAudit } from "../queries/audit";
import {
  attendances,
  bookings,
  closureDays,
  consents,
  families,
  localities,
  people,
  programmes,
  sessionSeries,
  sessions,
  sites,
  terms,
} from "../schema";
import { londonDate, londonDayBounds } from "../time";
import { planAttendances } from "./attendances";
import { type DemoProgrammeKey, demoLocalities, demoProgrammes, demoSites } from "./authority";
import { planFamilies } from "./families";
import { seedDemoTargeting } from "./targeting";
import { planCourses, planTerm } from "./programme-plan";
import { planSessions } from "./timetable";

export type SeedDemoOptions = {
  /** The same seed and `today` give the same demo data. */
  seed?: number;
  /** `YYYY-MM-DD` in Europe/London; the term is planned around it. Defaults to today. */
  today?: string;
  onProgress?: (step: string) => void;
};

export type SeedDemoResult = {
  localities: { id: string; name: string }[];
  sites: number;
  families: number;
  people: number;
  sessions: number;
  attendances: number;
  courses: number;
  bookings: number;
};

// Rows per INSERT: few round trips, and well under PostgreSQL's 65,535 parameters a statement.
const CHUNK = 1_000;

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}

export async function isDatabaseEmpty(db: Database | Transaction): Promise<boolean> {
  const rows = await db.select({ id: sites.id }).from(sites).limit(1);
  return rows.length === 0;
}

/**
 * Fills an empty database with a fictional authority, Fernleigh Borough Council: 3 localities,
 * 18 children's centres and 4 youth hubs, a term of sessions around `today`, about 2,000
 * registered families and 20,000 past attendances. Everything is planned in memory first, then
 * written in one transaction, so a failure leaves the database empty. Creates no staff users.
 */
export async function seedDemo(
  db: Database,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const progress = options.onProgress ?? (() => {});
  const today = options.today === undefined ? londonDate() : parseDate(options.today);
  if (!today) {
    throw new AppError("BAD_INPUT", `today '${options.today}' is not a date (use YYYY-MM-DD)`);
  }
  const seed = options.seed ?? 42;
  // A private faker, so nothing else using faker in the same process changes the sequence.
  const faker = new Faker({ locale: [en_GB, en, base], seed });

  return db.transaction(async (tx) => {
    if (!(await isDatabaseEmpty(tx))) {
      throw new AppError(
        "CONFLICT",
        "The database already has sites: demo data is only added to an empty database.",
      );
    }

    progress("Planning the term, the families and their attendances");
    const localityRows = demoLocalities.map((name) => ({ id: randomUUID(), name }));
    const localityId = (name: string): string => {
      const row = localityRows.find((l) => l.name === name);
      if (!row) throw new Error(`no demo locality ${name}`);
      return row.id;
    };
    const siteIds = demoSites.map(() => randomUUID());
    const programmeIds = new Map(
      Object.keys(demoProgrammes).map((key) => [key as DemoProgrammeKey, randomUUID()]),
    );
    const programmeId = (key: DemoProgrammeKey): string => {
      const id = programmeIds.get(key);
      if (!id) throw new Error(`no demo programme ${key}`);
      return id;
    };
    const siteId = (index: number): string => {
      const id = siteIds[index];
      if (!id) throw new Error(`no demo site ${index}`);
      return id;
    };

    const {
      term,
      closures,
      sessions: plannedSessions,
    } = planTerm(planSessions(faker, demoSites, today), today);
    const plannedFamilies = planFamilies(faker, today);
    const now = new Date();
    const startOfToday = londonDayBounds(today).start;
    // Attendances stop at the start of `today`, so the same seed and day give the same history
    // whatever the hour, and today's sessions are left for the kiosk.
    const cutoff = startOfToday < now ? startOfToday : now;
    const plannedAttendances = planAttendances(
      faker,
      demoSites,
      plannedSessions,
      plannedFamilies,
      cutoff,
      today,
    );
    const plannedPeople = plannedFamilies.flatMap((f) => [...f.adults, ...f.children]);
    const courses = planCourses(plannedSessions, plannedAttendances);

    progress(`Adding ${demoLocalities.length} localities and ${demoSites.length} sites`);
    await tx.insert(localities).values(localityRows);
    await tx.insert(sites).values(
      demoSites.map((site, index) => ({
        id: siteId(index),
        code: site.code,
        name: site.name,
        kind: site.kind,
        operator: site.operator,
        localityId: localityId(site.locality),
        district: site.district,
        postcode: site.postcode,
        isLead: site.isLead,
      })),
    );

    progress(`Adding ${programmeIds.size} programmes and ${plannedSessions.length} sessions`);
    await tx.insert(programmes).values(
      Object.entries(demoProgrammes).map(([key, p]) => ({
        id: programmeId(key as DemoProgrammeKey),
        name: p.name,
        serviceArea: p.serviceArea,
        offer: p.offer,
        minAgeMonths: p.minAgeMonths,
        maxAgeMonths: p.maxAgeMonths,
        capacity: p.capacity,
        lengthWeeks: p.lengthWeeks,
        deliveryUnit: p.deliveryUnit,
        targetGroups: p.targetGroups,
        maxAgeMonthsDisability: p.maxAgeMonthsDisability,
        partnerOrganisation: p.partnerOrganisation,
        description: p.description,
      })),
    );
    await tx.insert(terms).values(term);
    if (closures.length) await tx.insert(closureDays).values(closures);
    for (const chunk of chunks(courses.series)) {
      await tx.insert(sessionSeries).values(
        chunk.map((c) => ({
          id: c.id,
          programmeId: programmeId(c.programme),
          siteId: siteId(c.siteIndex),
          frequency: "weekly" as const,
          startsOn: c.startsOn,
          occurrences: c.occurrences,
          startTime: c.startTime,
          endTime: c.endTime,
          capacity: demoProgrammes[c.programme].capacity,
        })),
      );
    }
    for (const chunk of chunks(plannedSessions)) {
      await tx.insert(sessions).values(
        chunk.map((s) => ({
          id: s.id,
          programmeId: programmeId(s.programme),
          siteId: siteId(s.siteIndex),
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          capacity: demoProgrammes[s.programme].capacity,
          seriesId: courses.seriesOf.get(s.id) ?? null,
          // Targeted courses keep two places for priority families until the day before.
          heldPlaces:
            demoProgrammes[s.programme].offer === "targeted" && courses.seriesOf.has(s.id) ? 2 : 0,
        })),
      );
    }

    progress(`Adding ${plannedFamilies.length} families and ${plannedPeople.length} people`);
    for (const chunk of chunks(plannedFamilies)) {
      await tx.insert(families).values(
        chunk.map((f) => ({
          id: f.id,
          surname: f.surname,
          postcode: f.postcode,
          registeredSiteId: siteId(f.siteIndex),
          registeredOn: f.registeredOn,
          createdAt: f.registeredAt,
        })),
      );
      await tx.insert(consents).values(
        chunk.map((f) => ({
          familyId: f.id,
          kind: "privacy_notice" as const,
          version: PRIVACY_NOTICE_VERSION,
          givenAt: f.registeredAt,
        })),
      );
    }
    for (const chunk of chunks(plannedPeople)) {
      await tx.insert(people).values(
        chunk.map((p) => ({
          id: p.id,
          familyId: p.familyId,
          firstName: p.firstName,
          lastName: p.lastName,
          dateOfBirth: p.dateOfBirth,
          role: p.role,
          socialCareId: p.socialCareId,
          sex: p.sex,
          ethnicity: p.ethnicity,
          firstLanguage: p.firstLanguage,
          relationship: p.relationship,
        })),
      );
    }

    progress(`Adding ${plannedAttendances.length} past attendances`);
    for (const chunk of chunks(plannedAttendances)) {
      await tx.insert(attendances).values(chunk);
    }
    progress(`Adding ${courses.series.length} courses' ${courses.bookings.length} bookings`);
    for (const chunk of chunks(courses.bookings)) {
      await tx
        .insert(bookings)
        .values(chunk.map((b) => ({ ...b, status: "booked" as const, placedAt: b.createdAt })));
    }
    progress("Adding the priority target groups, a deprivation lookup and recorded flags");
    await seedDemoTargeting(tx, faker, plannedFamilies, today);
    await recordAudit(
      tx,
      { type: "system", id: null },
      { action: "demo.seed", detail: { seed, today, families: plannedFamilies.length } },
    );

    return {
      localities: localityRows,
      sites: demoSites.length,
      families: plannedFamilies.length,
      people: plannedPeople.length,
      sessions: plannedSessions.length,
      attendances: plannedAttendances.length,
      courses: courses.series.length,
      bookings: courses.bookings.length,
    };
  });
}
