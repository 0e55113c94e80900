import { randomUUID } from "node:crypto";
import { ethnicityCodes, normalisePostcode, parseDate } from "@familyhub/validators";
import { and, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { families, people, type sexes, sites } from "../schema";
import { londonDate } from "../time";
import { type RowError, formatRowErrors, parseRecords, readCsv } from "./csv";
import type { ImportResult } from "./sites";

export const peopleColumns = {
  required: [
    "person_ref",
    "family_ref",
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "role",
    "site_code",
    "registered_on",
  ],
  optional: ["sex", "ethnicity", "social_care_id"],
} as const;

export type PeopleImportCounts = {
  /** People, found by person_ref. */
  created: number;
  updated: number;
  unchanged: number;
  familiesCreated: number;
  familiesUpdated: number;
};

export type ImportOptions = {
  /** `YYYY-MM-DD` in Europe/London: dates after it are refused. Defaults to today. */
  today?: string;
};

// Rows per INSERT: few round trips, and well under PostgreSQL's 65,535 parameters a statement.
const WRITE_BATCH = 2_000;
// Values per `in (...)` when rows are looked up in bulk.
const LOOKUP_BATCH = 5_000;

export function* batches<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export function quoted(value: string): string {
  return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
}

export function invalid(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An export writes a person's (or family's) id where it has no legacy reference, so a uuid
 * reference also finds the row with that id, as long as the row has no reference of its own.
 */
export const isUuid = (ref: string) => UUID.test(ref);

export const required = (column: string, max: number) =>
  z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, `${column} is empty — every row needs one`);
    if (value.length > max) {
      return invalid(ctx, `${column} ${quoted(value)} is longer than ${max} characters`);
    }
    return value;
  });

export const siteCode = z.string().transform((value, ctx) => {
  if (value === "") return invalid(ctx, "site_code is empty — every row needs one");
  return value.toUpperCase();
});

/** A date in `YYYY-MM-DD` or `DD/MM/YYYY`, not after `today`. */
export const pastDate = (column: string, today: string) =>
  z.string().transform((value, ctx) => {
    if (value === "") return invalid(ctx, `${column} is empty — every row needs one`);
    const date = parseDate(value);
    if (!date) {
      return invalid(
        ctx,
        `${column} ${quoted(value)} is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)`,
      );
    }
    if (date > today) return invalid(ctx, `${column} ${quoted(value)} is after today`);
    if (date < "1900-01-01") return invalid(ctx, `${column} ${quoted(value)} is before 1900`);
    return date;
  });

const sexWords: Record<string, (typeof sexes)[number]> = {
  f: "female",
  female: "female",
  m: "male",
  male: "male",
  u: "unknown",
  unknown: "unknown",
  "not known": "unknown",
};

// Optional columns: a blank cell (or no column) keeps what FamilyHub already has, so a legacy
// file that never recorded ethnicity does not wipe what staff have since recorded.
const peopleRow = (today: string) =>
  z
    .object({
      person_ref: required("person_ref", 100),
      family_ref: required("family_ref", 100),
      first_name: required("first_name", 80),
      last_name: required("last_name", 80),
      date_of_birth: pastDate("date_of_birth", today),
      postcode: z.string().transform((value, ctx) => {
        if (value === "") return invalid(ctx, "postcode is empty — every row needs one");
        return (
          normalisePostcode(value) ??
          invalid(ctx, `postcode ${quoted(value)} is not a UK postcode (e.g. UB8 1UW)`)
        );
      }),
      role: z.string().transform((value, ctx): "child" | "adult" => {
        const role = value.toLowerCase();
        if (role === "child" || role === "adult") return role;
        return invalid(ctx, `role ${quoted(value)} is not child or adult`);
      }),
      site_code: siteCode,
      registered_on: pastDate("registered_on", today),
      sex: z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (!value) return undefined;
          return (
            sexWords[value.toLowerCase()] ??
            invalid(ctx, `sex ${quoted(value)} is not one of female, male, unknown (or f, m, u)`)
          );
        }),
      ethnicity: z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (!value) return undefined;
          const code = ethnicityCodes.find((c) => c === value.toUpperCase());
          return (
            code ??
            invalid(
              ctx,
              `ethnicity ${quoted(value)} is not a CIN census code (${ethnicityCodes.join(", ")})`,
            )
          );
        }),
      social_care_id: z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (!value) return undefined;
          if (value.length > 40) {
            return invalid(ctx, `social_care_id ${quoted(value)} is longer than 40 characters`);
          }
          return value;
        }),
    })
    .superRefine((row, ctx) => {
      if (row.registered_on < row.date_of_birth) {
        ctx.addIssue({
          code: "custom",
          message: `date_of_birth '${row.date_of_birth}' is after registered_on '${row.registered_on}' — a person cannot register before they are born`,
        });
      }
    });

export type PeopleRow = z.output<ReturnType<typeof peopleRow>> & { line: number };

export type PeopleFile =
  | { ok: true; rows: PeopleRow[]; rowErrors: RowError[]; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

/** Checks between rows: a person once, a social care id once, one postcode a family. */
function checkPeopleFile(rows: readonly PeopleRow[]): RowError[] {
  const errors: RowError[] = [];
  const byRef = new Map<string, PeopleRow>();
  const bySocialCareId = new Map<string, PeopleRow>();
  const familyFirst = new Map<string, PeopleRow>();
  for (const row of rows) {
    const first = byRef.get(row.person_ref);
    if (first) {
      errors.push({
        line: row.line,
        message: `person_ref '${row.person_ref}' is not unique: it is also on row ${first.line}`,
      });
    } else {
      byRef.set(row.person_ref, row);
    }
    if (row.social_care_id !== undefined) {
      const other = bySocialCareId.get(row.social_care_id);
      if (other) {
        errors.push({
          line: row.line,
          message: `social_care_id '${row.social_care_id}' is also on row ${other.line} (${other.person_ref}) — a social care id belongs to one person`,
        });
      } else {
        bySocialCareId.set(row.social_care_id, row);
      }
    }
    const family = familyFirst.get(row.family_ref);
    if (!family) {
      familyFirst.set(row.family_ref, row);
    } else if (family.postcode !== row.postcode) {
      errors.push({
        line: row.line,
        message: `postcode '${row.postcode}' is not the postcode of family '${row.family_ref}' on row ${family.line} ('${family.postcode}') — a family lives at one postcode: correct one of them, or give the person another family_ref`,
      });
    }
  }
  return errors;
}

/** Reads and checks a people file without the database: each row, then the rows together. */
export function readPeopleFile(csvText: string, today: string = londonDate()): PeopleFile {
  const table = readCsv(csvText, peopleColumns);
  if (!table.ok) return table;
  const schema = peopleRow(today);
  const { rows, rowErrors: invalid } = parseRecords(table.records, schema);
  const rowErrors = [...table.rowErrors, ...invalid];
  rowErrors.push(...checkPeopleFile(rows));
  return { ok: true, rows, rowErrors, warnings: table.warnings };
}

type KnownPerson = {
  id: string;
  personRef: string | null;
  familyId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  role: "child" | "adult";
  sex: (typeof sexes)[number] | null;
  ethnicity: string | null;
  socialCareId: string | null;
  mergedIntoId: string | null;
};

/**
 * The people the references name, by `person_ref`, or by id for a uuid reference of a person
 * without one. Looked up in batches, never a query a row.
 */
export async function findPeopleByRef(
  tx: Database | Transaction,
  refs: readonly string[],
): Promise<Map<string, KnownPerson>> {
  const columns = {
    id: people.id,
    personRef: people.personRef,
    familyId: people.familyId,
    firstName: people.firstName,
    lastName: people.lastName,
    dateOfBirth: people.dateOfBirth,
    role: people.role,
    sex: people.sex,
    ethnicity: people.ethnicity,
    socialCareId: people.socialCareId,
    mergedIntoId: people.mergedIntoId,
  };
  const found = new Map<string, KnownPerson>();
  const unique = [...new Set(refs)];
  for (const batch of batches(unique, LOOKUP_BATCH)) {
    const rows = await tx.select(columns).from(people).where(inArray(people.personRef, batch));
    for (const row of rows) if (row.personRef !== null) found.set(row.personRef, row);
  }
  const ids = unique.filter((ref) => isUuid(ref) && !found.has(ref));
  for (const batch of batches(ids, LOOKUP_BATCH)) {
    const rows = await tx
      .select(columns)
      .from(people)
      .where(
        and(
          inArray(
            people.id,
            batch.map((ref) => ref.toLowerCase()),
          ),
          isNull(people.personRef),
        ),
      );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const ref of batch) {
      const row = byId.get(ref.toLowerCase());
      if (row) found.set(ref, row);
    }
  }
  return found;
}

type KnownFamily = {
  id: string;
  familyRef: string | null;
  surname: string;
  postcode: string;
  registeredSiteId: string;
  registeredOn: string;
  status: "active" | "pending" | "merged" | "erased";
};

async function findFamiliesByRef(
  tx: Transaction,
  refs: readonly string[],
): Promise<Map<string, KnownFamily>> {
  const columns = {
    id: families.id,
    familyRef: families.familyRef,
    surname: families.surname,
    postcode: families.postcode,
    registeredSiteId: families.registeredSiteId,
    registeredOn: families.registeredOn,
    status: families.status,
  };
  const found = new Map<string, KnownFamily>();
  for (const batch of batches(refs, LOOKUP_BATCH)) {
    const rows = await tx.select(columns).from(families).where(inArray(families.familyRef, batch));
    for (const row of rows) if (row.familyRef !== null) found.set(row.familyRef, row);
  }
  const ids = refs.filter((ref) => isUuid(ref) && !found.has(ref));
  for (const batch of batches(ids, LOOKUP_BATCH)) {
    const rows = await tx
      .select(columns)
      .from(families)
      .where(
        and(
          inArray(
            families.id,
            batch.map((r) => r.toLowerCase()),
          ),
          isNull(families.familyRef),
        ),
      );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const ref of batch) {
      const row = byId.get(ref.toLowerCase());
      if (row) found.set(ref, row);
    }
  }
  return found;
}

type Member = {
  ref: string;
  role: "child" | "adult";
  dateOfBirth: string;
  /** The file row, or undefined for a member already in FamilyHub and not in the file. */
  line: number | undefined;
};

/**
 * No adult of a family may be younger than one of its children. Members already in FamilyHub
 * count too; a pair is blamed on its row in the file (the adult's, when both are in it).
 */
function checkAges(membersByFamily: ReadonlyMap<string, readonly Member[]>): RowError[] {
  const errors: RowError[] = [];
  const where = (m: Member) => (m.line === undefined ? "already in FamilyHub" : `row ${m.line}`);
  for (const [familyRef, members] of membersByFamily) {
    const children = members.filter((m) => m.role === "child");
    const adults = members.filter((m) => m.role === "adult");
    if (children.length === 0 || adults.length === 0) continue;
    const oldestChild = children.reduce((a, b) => (b.dateOfBirth < a.dateOfBirth ? b : a));
    for (const adult of adults) {
      if (adult.line === undefined || adult.dateOfBirth <= oldestChild.dateOfBirth) continue;
      errors.push({
        line: adult.line,
        message: `adult '${adult.ref}', born ${adult.dateOfBirth}, is younger than child '${oldestChild.ref}' (${where(oldestChild)}), born ${oldestChild.dateOfBirth}, in family '${familyRef}' — check the dates of birth and the roles`,
      });
    }
    const knownAdults = adults.filter((a) => a.line === undefined);
    if (knownAdults.length === 0) continue;
    const youngestKnownAdult = knownAdults.reduce((a, b) =>
      b.dateOfBirth > a.dateOfBirth ? b : a,
    );
    for (const child of children) {
      if (child.line === undefined || child.dateOfBirth >= youngestKnownAdult.dateOfBirth) continue;
      errors.push({
        line: child.line,
        message: `child '${child.ref}', born ${child.dateOfBirth}, is older than adult '${youngestKnownAdult.ref}' (already in FamilyHub), born ${youngestKnownAdult.dateOfBirth}, in family '${familyRef}' — check the dates of birth and the roles`,
      });
    }
  }
  return errors;
}

function listed(values: readonly string[], max = 12): string {
  if (values.length <= max) return values.join(", ");
  return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

export function unknownSiteMessage(code: string, known: readonly string[]): string {
  if (known.length === 0) {
    return `site_code '${code}' is not a site: FamilyHub has no sites yet — import a sites file first`;
  }
  return `site_code '${code}' is not a site in FamilyHub (${listed([...known].sort())}) — correct the code, or import the site in a sites file first`;
}

const n = (count: number) => count.toLocaleString("en-GB");

export function summarisePeopleImport(counts: PeopleImportCounts): string {
  return (
    `${n(counts.created)} ${counts.created === 1 ? "person" : "people"} created, ` +
    `${n(counts.updated)} updated, ${n(counts.unchanged)} unchanged; ` +
    `${n(counts.familiesCreated)} ${counts.familiesCreated === 1 ? "family" : "families"} created, ` +
    `${n(counts.familiesUpdated)} updated`
  );
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * Imports the `people` interchange format: families found or created by `family_ref`, people
 * created or updated by `person_ref`. A family's surname is its first adult's last name, its
 * registration the earliest row's `registered_on` and `site_code` (an existing family keeps an
 * earlier registration). Every row is checked first, against the file and the database; a file
 * with any bad row writes nothing and returns every problem by line number. Re-importing the
 * same file changes nothing.
 */
export async function importPeople(
  db: Database,
  csvText: string,
  actor: Actor = { type: "system", id: null },
  options: ImportOptions = {},
): Promise<ImportResult<PeopleImportCounts>> {
  const file = readPeopleFile(csvText, options.today ?? londonDate());
  if (!file.ok) return file;
  const { rows, warnings } = file;
  const rowErrors = [...file.rowErrors];
  if (rows.length === 0 && rowErrors.length === 0) {
    return {
      ok: true,
      created: 0,
      updated: 0,
      unchanged: 0,
      familiesCreated: 0,
      familiesUpdated: 0,
      warnings: [...warnings, "The file has no rows."],
    };
  }

  return db.transaction(async (tx) => {
    const siteRows = await tx.select({ id: sites.id, code: sites.code }).from(sites);
    const siteByCode = new Map(siteRows.map((s) => [s.code.toUpperCase(), s.id]));
    const familyRefs = [...new Set(rows.map((r) => r.family_ref))];
    const knownPeople = await findPeopleByRef(
      tx,
      rows.map((r) => r.person_ref),
    );
    const knownFamilies = await findFamiliesByRef(tx, familyRefs);

    for (const row of rows) {
      if (!siteByCode.has(row.site_code)) {
        rowErrors.push({
          line: row.line,
          message: unknownSiteMessage(
            row.site_code,
            siteRows.map((s) => s.code),
          ),
        });
      }
      if (knownPeople.get(row.person_ref)?.mergedIntoId) {
        rowErrors.push({
          line: row.line,
          message: `person_ref '${row.person_ref}' is a duplicate that was merged into another person — use that person's reference`,
        });
      }
      if (knownFamilies.get(row.family_ref)?.status === "merged") {
        rowErrors.push({
          line: row.line,
          message: `family_ref '${row.family_ref}' is a duplicate family that was merged into another — use that family's reference`,
        });
      }
    }
    rowErrors.push(...(await checkSocialCareIds(tx, rows, knownPeople)));
    rowErrors.push(...(await checkFamilyAges(tx, rows, knownPeople, knownFamilies)));
    if (rowErrors.length > 0) return { ok: false, errors: formatRowErrors(rowErrors), warnings };

    const siteId = (row: PeopleRow): string => {
      const id = siteByCode.get(row.site_code);
      if (!id) throw new Error(`site ${row.site_code} vanished`);
      return id;
    };

    // Families: the file's rows of each, in file order.
    const rowsByFamily = new Map<string, PeopleRow[]>();
    for (const row of rows) {
      const list = rowsByFamily.get(row.family_ref);
      if (list) list.push(row);
      else rowsByFamily.set(row.family_ref, [row]);
    }
    const familyIdByRef = new Map<string, string>();
    const newFamilies: (typeof families.$inferInsert)[] = [];
    const changedFamilies: (typeof families.$inferInsert)[] = [];
    for (const [ref, members] of rowsByFamily) {
      const [first] = members;
      if (!first) continue;
      const earliest = members.reduce((a, b) => (b.registered_on < a.registered_on ? b : a));
      const firstAdult = members.find((m) => m.role === "adult");
      const existing = knownFamilies.get(ref);
      if (!existing) {
        const id = randomUUID();
        familyIdByRef.set(ref, id);
        newFamilies.push({
          id,
          familyRef: ref,
          surname: (firstAdult ?? first).last_name,
          postcode: first.postcode,
          registeredSiteId: siteId(earliest),
          registeredOn: earliest.registered_on,
          status: "active",
        });
        continue;
      }
      familyIdByRef.set(ref, existing.id);
      const earlier = earliest.registered_on <= existing.registeredOn;
      const values = {
        surname: firstAdult?.last_name ?? existing.surname,
        postcode: first.postcode,
        registeredSiteId: earlier ? siteId(earliest) : existing.registeredSiteId,
        registeredOn: earlier ? earliest.registered_on : existing.registeredOn,
      };
      const same =
        values.surname === existing.surname &&
        values.postcode === existing.postcode &&
        values.registeredSiteId === existing.registeredSiteId &&
        values.registeredOn === existing.registeredOn;
      if (!same) {
        changedFamilies.push({
          id: existing.id,
          familyRef: existing.familyRef,
          status: existing.status,
          ...values,
        });
      }
    }

    const counts = {
      created: 0,
      updated: 0,
      unchanged: 0,
      familiesCreated: newFamilies.length,
      familiesUpdated: changedFamilies.length,
    };
    const newPeople: (typeof people.$inferInsert)[] = [];
    const changedPeople: (typeof people.$inferInsert)[] = [];
    for (const row of rows) {
      const familyId = familyIdByRef.get(row.family_ref);
      if (!familyId) throw new Error(`family ${row.family_ref} was not planned`);
      const existing = knownPeople.get(row.person_ref);
      const values = {
        familyId,
        firstName: row.first_name,
        lastName: row.last_name,
        dateOfBirth: row.date_of_birth,
        role: row.role,
        sex: row.sex ?? existing?.sex ?? null,
        ethnicity: row.ethnicity ?? existing?.ethnicity ?? null,
        socialCareId: row.social_care_id ?? existing?.socialCareId ?? null,
      };
      if (!existing) {
        newPeople.push({ personRef: row.person_ref, ...values });
        counts.created += 1;
        continue;
      }
      const same =
        values.familyId === existing.familyId &&
        values.firstName === existing.firstName &&
        values.lastName === existing.lastName &&
        values.dateOfBirth === existing.dateOfBirth &&
        values.role === existing.role &&
        values.sex === existing.sex &&
        values.ethnicity === existing.ethnicity &&
        values.socialCareId === existing.socialCareId;
      if (same) {
        counts.unchanged += 1;
        continue;
      }
      changedPeople.push({ id: existing.id, personRef: existing.personRef, ...values });
      counts.updated += 1;
    }

    for (const batch of batches(newFamilies, WRITE_BATCH)) {
      await tx.insert(families).values(batch);
    }
    // Many changed rows are written a batch at a time: an insert that finds each row by its id
    // and updates it, rather than one UPDATE a row.
    for (const batch of batches(changedFamilies, WRITE_BATCH)) {
      await tx
        .insert(families)
        .values(batch)
        .onConflictDoUpdate({
          target: families.id,
          set: {
            surname: excluded("surname"),
            postcode: excluded("postcode"),
            registeredSiteId: excluded("registered_site_id"),
            registeredOn: excluded("registered_on"),
          },
        });
    }
    for (const batch of batches(newPeople, WRITE_BATCH)) {
      await tx.insert(people).values(batch);
    }
    for (const batch of batches(changedPeople, WRITE_BATCH)) {
      await tx
        .insert(people)
        .values(batch)
        .onConflictDoUpdate({
          target: people.id,
          set: {
            familyId: excluded("family_id"),
            firstName: excluded("first_name"),
            lastName: excluded("last_name"),
            dateOfBirth: excluded("date_of_birth"),
            role: excluded("role"),
            sex: excluded("sex"),
            ethnicity: excluded("ethnicity"),
            socialCareId: excluded("social_care_id"),
          },
        });
    }

    if (counts.created + counts.updated + counts.familiesCreated + counts.familiesUpdated > 0) {
      await recordAudit(tx, actor, { action: "people.import", detail: counts });
    }
    return { ok: true, ...counts, warnings };
  });
}

/** A social care id may belong to one person only, in the file and in FamilyHub. */
async function checkSocialCareIds(
  tx: Transaction,
  rows: readonly PeopleRow[],
  knownPeople: ReadonlyMap<string, KnownPerson>,
): Promise<RowError[]> {
  const wanted = rows.filter((r) => r.social_care_id !== undefined);
  const owners = new Map<string, { id: string; personRef: string | null }>();
  const ids = wanted.flatMap((r) => (r.social_care_id === undefined ? [] : [r.social_care_id]));
  for (const batch of batches(ids, LOOKUP_BATCH)) {
    const found = await tx
      .select({ id: people.id, personRef: people.personRef, socialCareId: people.socialCareId })
      .from(people)
      .where(inArray(people.socialCareId, batch));
    for (const owner of found) if (owner.socialCareId) owners.set(owner.socialCareId, owner);
  }
  const errors: RowError[] = [];
  for (const row of wanted) {
    if (row.social_care_id === undefined) continue;
    const owner = owners.get(row.social_care_id);
    if (!owner || owner.id === knownPeople.get(row.person_ref)?.id) continue;
    errors.push({
      line: row.line,
      message: `social_care_id '${row.social_care_id}' already belongs to another person in FamilyHub ('${owner.personRef ?? owner.id}') — a social care id belongs to one person`,
    });
  }
  return errors;
}

/** The file's people with the members their families already have, then `checkAges`. */
async function checkFamilyAges(
  tx: Transaction,
  rows: readonly PeopleRow[],
  knownPeople: ReadonlyMap<string, KnownPerson>,
  knownFamilies: ReadonlyMap<string, KnownFamily>,
): Promise<RowError[]> {
  const membersByFamily = new Map<string, Member[]>();
  const add = (familyRef: string, member: Member) => {
    const list = membersByFamily.get(familyRef);
    if (list) list.push(member);
    else membersByFamily.set(familyRef, [member]);
  };
  const inFile = new Set<string>();
  for (const row of rows) {
    const known = knownPeople.get(row.person_ref);
    if (known) inFile.add(known.id);
    add(row.family_ref, {
      ref: row.person_ref,
      role: row.role,
      dateOfBirth: row.date_of_birth,
      line: row.line,
    });
  }
  const refByFamilyId = new Map([...knownFamilies].map(([ref, family]) => [family.id, ref]));
  for (const batch of batches([...refByFamilyId.keys()], LOOKUP_BATCH)) {
    const members = await tx
      .select({
        id: people.id,
        personRef: people.personRef,
        familyId: people.familyId,
        role: people.role,
        dateOfBirth: people.dateOfBirth,
      })
      .from(people)
      .where(and(inArray(people.familyId, batch), isNull(people.mergedIntoId)));
    for (const member of members) {
      const familyRef = refByFamilyId.get(member.familyId);
      if (inFile.has(member.id) || !familyRef || member.dateOfBirth === null) continue;
      add(familyRef, {
        ref: member.personRef ?? member.id,
        role: member.role,
        dateOfBirth: member.dateOfBirth,
        line: undefined,
      });
    }
  }
  return checkAges(membersByFamily);
}
