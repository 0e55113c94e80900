// People and attendances out of FamilyHub in the `people` and `attendances` interchange formats,
// so a file exported here imports into another FamilyHub (or this one) unchanged.
//
// References: a person or family registered in FamilyHub has no legacy reference, so its id
// stands in for one. Importing the export back into the same database finds each row by that
// id and changes nothing; importing it elsewhere keeps the id as the reference, and that
// database's export writes the same reference again.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, max, min, sql } from "drizzle-orm";
import type { Database } from "../client";
import { attendances, families, people, programmes, sessions, sites } from "../schema";
import { addDays } from "../seed/dates";
import { londonDate, londonDayBounds, TIME_ZONE } from "../time";
import { attendanceColumns } from "./attendances";
import { BOM, csvLine } from "./csv-line";
import { peopleColumns } from "./people";

export type ExportSummary = { rows: number; warnings: string[] };
export type ExportedCsv = ExportSummary & { csv: string };
/** Receives the file a piece at a time (the header first), so a large export is never whole in memory. */
export type CsvSink = (chunk: string) => void | Promise<void>;

const FAMILIES_A_PAGE = 2_000;
const DAYS_A_WINDOW = 7;

const peopleHeader = [...peopleColumns.required, ...peopleColumns.optional];
const attendanceHeader = [...attendanceColumns.required, ...attendanceColumns.optional];

/**
 * Writes every active family's people, a family's rows together: first the adult whose last
 * name is the family's surname (the import takes the surname from the first adult), then the
 * other adults and the children, eldest first. Merged and pending families, merged people and
 * children not yet born (the format has no due date) are left out, the last with a warning.
 */
export async function writePeopleCsv(db: Database, write: CsvSink): Promise<ExportSummary> {
  await write(BOM + csvLine(peopleHeader));
  const familyKey = sql<string>`coalesce(${families.familyRef}, ${families.id}::text)`;
  let after: string | null = null;
  let rows = 0;
  let unborn = 0;
  for (;;) {
    const page: {
      id: string;
      key: string;
      surname: string;
      postcode: string;
      registeredOn: string;
      siteCode: string;
    }[] = await db
      .select({
        id: families.id,
        key: familyKey,
        surname: families.surname,
        postcode: families.postcode,
        registeredOn: families.registeredOn,
        siteCode: sites.code,
      })
      .from(families)
      .innerJoin(sites, eq(sites.id, families.registeredSiteId))
      .where(and(eq(families.status, "active"), after === null ? undefined : gt(familyKey, after)))
      .orderBy(asc(familyKey))
      .limit(FAMILIES_A_PAGE);
    const last = page.at(-1);
    if (!last) break;
    after = last.key;

    const members = await db
      .select({
        id: people.id,
        familyId: people.familyId,
        personRef: people.personRef,
        firstName: people.firstName,
        lastName: people.lastName,
        dateOfBirth: people.dateOfBirth,
        role: people.role,
        sex: people.sex,
        ethnicity: people.ethnicity,
        socialCareId: people.socialCareId,
      })
      .from(people)
      .where(
        and(
          inArray(
            people.familyId,
            page.map((f) => f.id),
          ),
          isNull(people.mergedIntoId),
        ),
      );
    const byFamily = new Map<string, typeof members>();
    for (const member of members) {
      const list = byFamily.get(member.familyId);
      if (list) list.push(member);
      else byFamily.set(member.familyId, [member]);
    }

    let chunk = "";
    for (const family of page) {
      const rank = (m: (typeof members)[number]) =>
        m.role === "adult" ? (m.lastName === family.surname ? 0 : 1) : 2;
      const sorted = (byFamily.get(family.id) ?? []).sort(
        (a, b) =>
          rank(a) - rank(b) ||
          (a.dateOfBirth ?? "").localeCompare(b.dateOfBirth ?? "") ||
          (a.personRef ?? a.id).localeCompare(b.personRef ?? b.id),
      );
      for (const person of sorted) {
        if (person.dateOfBirth === null) {
          unborn += 1;
          continue;
        }
        // A child born after the family registered was registered at the earliest on its birth.
        const registeredOn =
          person.dateOfBirth > family.registeredOn ? person.dateOfBirth : family.registeredOn;
        chunk += csvLine([
          person.personRef ?? person.id,
          family.key,
          person.firstName,
          person.lastName,
          person.dateOfBirth,
          family.postcode,
          person.role,
          family.siteCode,
          registeredOn,
          person.sex ?? "",
          person.ethnicity ?? "",
          person.socialCareId ?? "",
        ]);
        rows += 1;
      }
    }
    await write(chunk);
  }
  const warnings =
    unborn > 0
      ? [
          `${unborn} ${unborn === 1 ? "child" : "children"} not yet born ${unborn === 1 ? "was" : "were"} left out: the people format has a date of birth, not a due date.`,
        ]
      : [];
  return { rows, warnings };
}

/**
 * Writes the attendances of the people `writePeopleCsv` writes, in the order of the sessions,
 * a week of sessions a query (Europe/London dates and times).
 */
export async function writeAttendancesCsv(db: Database, write: CsvSink): Promise<ExportSummary> {
  await write(BOM + csvLine(attendanceHeader));
  const [range] = await db
    .select({ first: min(sessions.startsAt), last: max(sessions.startsAt) })
    .from(sessions)
    .innerJoin(attendances, eq(attendances.sessionId, sessions.id));
  if (!range?.first || !range.last) return { rows: 0, warnings: [] };

  const personRef = sql<string>`coalesce(${people.personRef}, ${people.id}::text)`;
  const lastDay = londonDate(range.last);
  let rows = 0;
  for (let day = londonDate(range.first); day <= lastDay; day = addDays(day, DAYS_A_WINDOW)) {
    const from = londonDayBounds(day).start;
    const to = londonDayBounds(addDays(day, DAYS_A_WINDOW)).start;
    const found = await db
      .select({
        personRef,
        siteCode: sites.code,
        programmeName: programmes.name,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
      })
      .from(attendances)
      .innerJoin(sessions, eq(sessions.id, attendances.sessionId))
      .innerJoin(sites, eq(sites.id, sessions.siteId))
      .innerJoin(programmes, eq(programmes.id, sessions.programmeId))
      .innerJoin(people, eq(people.id, attendances.personId))
      .innerJoin(families, eq(families.id, people.familyId))
      .where(
        and(
          gte(sessions.startsAt, from),
          lt(sessions.startsAt, to),
          isNull(people.mergedIntoId),
          isNotNull(people.dateOfBirth),
          eq(families.status, "active"),
        ),
      )
      .orderBy(asc(sessions.startsAt), asc(sites.code), asc(programmes.name), asc(personRef));
    let chunk = "";
    for (const a of found) {
      const local = new TZDate(a.startsAt, TIME_ZONE);
      chunk += csvLine([
        a.personRef,
        a.siteCode,
        format(local, "yyyy-MM-dd"),
        a.programmeName,
        format(local, "HH:mm"),
        String(Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000)),
      ]);
    }
    rows += found.length;
    if (chunk) await write(chunk);
  }
  return { rows, warnings: [] };
}

async function collect(
  writer: (db: Database, write: CsvSink) => Promise<ExportSummary>,
  db: Database,
): Promise<ExportedCsv> {
  const chunks: string[] = [];
  const summary = await writer(db, (chunk) => {
    chunks.push(chunk);
  });
  return { csv: chunks.join(""), ...summary };
}

/** The `people` file of this FamilyHub, whole (see `writePeopleCsv`). */
export function exportPeople(db: Database): Promise<ExportedCsv> {
  return collect(writePeopleCsv, db);
}

/** The `attendances` file of this FamilyHub, whole (see `writeAttendancesCsv`). */
export function exportAttendances(db: Database): Promise<ExportedCsv> {
  return collect(writeAttendancesCsv, db);
}
