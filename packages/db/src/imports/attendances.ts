import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { attendances, programmes, sessions, sites } from "../schema";
import { londonDate, londonTime } from "../time";
import { type RowError, formatRowErrors, parseRecords, readCsv } from "./csv";
import {
  batches,
  findPeopleByRef,
  type ImportOptions,
  invalid,
  pastDate,
  quoted,
  required,
  siteCode,
  unknownSiteMessage,
} from "./people";
import type { ImportResult } from "./sites";

export const attendanceColumns = {
  required: ["person_ref", "site_code", "session_date", "programme_name"],
  optional: ["start_time", "duration_minutes"],
} as const;

/**
 * A legacy attendance without a time is taken as a morning session of an hour and a half, the
 * commonest shape of a children's centre session; both can be given per row.
 */
export const DEFAULT_START_TIME = "10:00";
export const DEFAULT_DURATION_MINUTES = 90;
/** Programmes an import creates are marked so, for an administrator to sort into service areas. */
export const IMPORTED_SERVICE_AREA = "imported";

export type AttendancesImportCounts = {
  /** Attendances; one that already exists (or is twice in the file) is unchanged. */
  created: number;
  updated: number;
  unchanged: number;
  sessionsCreated: number;
  programmesCreated: number;
};

const WRITE_BATCH = 5_000;
const LOOKUP_BATCH = 5_000;

const attendanceRow = (today: string) =>
  z.object({
    person_ref: required("person_ref", 100),
    site_code: siteCode,
    session_date: pastDate("session_date", today),
    programme_name: required("programme_name", 120),
    start_time: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return DEFAULT_START_TIME;
        const match = /^(\d{1,2}):(\d{2})$/.exec(value);
        const hours = Number(match?.[1]);
        const minutes = Number(match?.[2]);
        if (!match || hours > 23 || minutes > 59) {
          return invalid(ctx, `start_time ${quoted(value)} is not a time (use HH:MM, e.g. 09:30)`);
        }
        return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
      }),
    duration_minutes: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return DEFAULT_DURATION_MINUTES;
        const minutes = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
        if (!(minutes >= 1 && minutes <= 1440)) {
          return invalid(
            ctx,
            `duration_minutes ${quoted(value)} is not a whole number of minutes from 1 to 1440`,
          );
        }
        return minutes;
      }),
  });

export type AttendanceRow = z.output<ReturnType<typeof attendanceRow>> & { line: number };

export type AttendancesFile =
  | { ok: true; rows: AttendanceRow[]; rowErrors: RowError[]; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

const programmeKey = (name: string) => name.trim().toLowerCase();
const sessionWords = (row: AttendanceRow) =>
  `${row.programme_name} at ${row.site_code} on ${row.session_date} at ${row.start_time}`;
const fileSessionKey = (row: AttendanceRow) =>
  `${programmeKey(row.programme_name)}|${row.site_code}|${row.session_date}|${row.start_time}`;

/** A session is named by several rows: they must agree on how long it lasts. */
function checkAttendancesFile(rows: readonly AttendanceRow[]): RowError[] {
  const errors: RowError[] = [];
  const firstOfSession = new Map<string, AttendanceRow>();
  for (const row of rows) {
    const key = fileSessionKey(row);
    const first = firstOfSession.get(key);
    if (!first) {
      firstOfSession.set(key, row);
    } else if (first.duration_minutes !== row.duration_minutes) {
      errors.push({
        line: row.line,
        message: `duration_minutes ${row.duration_minutes} is not the ${first.duration_minutes} of row ${first.line} for the same session (${sessionWords(row)}) — a session has one length`,
      });
    }
  }
  return errors;
}

/** Reads and checks an attendances file without the database. */
export function readAttendancesFile(
  csvText: string,
  today: string = londonDate(),
): AttendancesFile {
  const table = readCsv(csvText, attendanceColumns);
  if (!table.ok) return table;
  const schema = attendanceRow(today);
  const { rows, rowErrors: invalid } = parseRecords(table.records, schema);
  const rowErrors = [...table.rowErrors, ...invalid];
  rowErrors.push(...checkAttendancesFile(rows));
  return { ok: true, rows, rowErrors, warnings: table.warnings };
}

export function summariseAttendancesImport(counts: AttendancesImportCounts): string {
  const n = (count: number) => count.toLocaleString("en-GB");
  return (
    `${n(counts.created)} ${counts.created === 1 ? "attendance" : "attendances"} created, ` +
    `${n(counts.unchanged)} unchanged; ` +
    `${n(counts.sessionsCreated)} ${counts.sessionsCreated === 1 ? "session" : "sessions"} and ` +
    `${n(counts.programmesCreated)} ${counts.programmesCreated === 1 ? "programme" : "programmes"} created`
  );
}

type PlannedSession = { id: string; startsAt: Date; endsAt: Date; existing: boolean };

/**
 * Imports the `attendances` interchange format: each row is one person at one session, found by
 * the programme's name, the site and the start (Europe/London); programmes and sessions that do
 * not exist are created. People must already be in FamilyHub (import the people file first).
 * Every row is checked before anything is written; a file with any bad row writes nothing.
 * An attendance already recorded, or named twice, is counted as unchanged.
 */
export async function importAttendances(
  db: Database,
  csvText: string,
  actor: Actor = { type: "system", id: null },
  options: ImportOptions = {},
): Promise<ImportResult<AttendancesImportCounts>> {
  const file = readAttendancesFile(csvText, options.today ?? londonDate());
  if (!file.ok) return file;
  const { rows } = file;
  const warnings = [...file.warnings];
  const rowErrors = [...file.rowErrors];
  if (rows.length === 0 && rowErrors.length === 0) {
    return {
      ok: true,
      created: 0,
      updated: 0,
      unchanged: 0,
      sessionsCreated: 0,
      programmesCreated: 0,
      warnings: [...warnings, "The file has no rows."],
    };
  }

  return db.transaction(async (tx) => {
    const siteRows = await tx.select({ id: sites.id, code: sites.code }).from(sites);
    const siteByCode = new Map(siteRows.map((s) => [s.code.toUpperCase(), s.id]));
    const knownPeople = await findPeopleByRef(
      tx,
      rows.map((r) => r.person_ref),
    );
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
      const person = knownPeople.get(row.person_ref);
      if (!person) {
        rowErrors.push({
          line: row.line,
          message: `person_ref '${row.person_ref}' is not a person in FamilyHub — import the people file first, or correct the reference`,
        });
      } else if (person.mergedIntoId) {
        rowErrors.push({
          line: row.line,
          message: `person_ref '${row.person_ref}' is a duplicate that was merged into another person — use that person's reference`,
        });
      } else if (person.dateOfBirth !== null && row.session_date < person.dateOfBirth) {
        rowErrors.push({
          line: row.line,
          message: `session_date '${row.session_date}' is before '${row.person_ref}' was born (${person.dateOfBirth})`,
        });
      }
    }
    if (rowErrors.length > 0) return { ok: false, errors: formatRowErrors(rowErrors), warnings };

    const plan = await planSessions(tx, rows, siteByCode);
    warnings.push(...plan.warnings);

    // Attendances already recorded at the sessions that exist.
    const recorded = new Set<string>();
    const existingSessionIds = [...plan.sessions.values()]
      .filter((s) => s.existing)
      .map((s) => s.id);
    for (const batch of batches(existingSessionIds, LOOKUP_BATCH)) {
      const found = await tx
        .select({ sessionId: attendances.sessionId, personId: attendances.personId })
        .from(attendances)
        .where(inArray(attendances.sessionId, batch));
      for (const a of found) recorded.add(`${a.personId}|${a.sessionId}`);
    }

    const newAttendances: (typeof attendances.$inferInsert)[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const person = knownPeople.get(row.person_ref);
      const session = plan.sessionOf.get(row);
      if (!person || !session) throw new Error(`row ${row.line} was not planned`);
      const key = `${person.id}|${session.id}`;
      if (recorded.has(key)) {
        unchanged += 1;
        continue;
      }
      recorded.add(key);
      newAttendances.push({
        sessionId: session.id,
        personId: person.id,
        method: "import",
        // The legacy database kept the day, not the minute: the session's start stands for it.
        checkedInAt: session.startsAt,
      });
    }

    if (plan.newProgrammes.length > 0) await tx.insert(programmes).values(plan.newProgrammes);
    const newSessions = [...plan.sessions.values()].filter((s) => !s.existing);
    for (const batch of batches(newSessions, WRITE_BATCH)) {
      await tx.insert(sessions).values(
        batch.map((s) => {
          const key = plan.newSessionKeys.get(s.id);
          if (!key) throw new Error("a new session lost its programme and site");
          return { id: s.id, ...key, startsAt: s.startsAt, endsAt: s.endsAt };
        }),
      );
    }
    let created = 0;
    for (const batch of batches(newAttendances, WRITE_BATCH)) {
      // A kiosk may check the same person in to the same session while this runs.
      const inserted = await tx
        .insert(attendances)
        .values(batch)
        .onConflictDoNothing()
        .returning({ id: attendances.id });
      created += inserted.length;
    }
    unchanged += newAttendances.length - created;

    const counts = {
      created,
      updated: 0,
      unchanged,
      sessionsCreated: newSessions.length,
      programmesCreated: plan.newProgrammes.length,
    };
    if (created + counts.sessionsCreated + counts.programmesCreated > 0) {
      await recordAudit(tx, actor, { action: "attendances.import", detail: counts });
    }
    return { ok: true, ...counts, warnings };
  });
}

/**
 * Finds or makes the programme and the session of every row. Sessions are looked up by their
 * start instants (few: days × times), then matched on programme and site in memory.
 */
async function planSessions(
  tx: Transaction,
  rows: readonly AttendanceRow[],
  siteByCode: ReadonlyMap<string, string>,
) {
  const programmeRows = await tx
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes);
  const exact = new Map(programmeRows.map((p) => [p.name, p.id]));
  const byKey = new Map<string, string>();
  for (const p of programmeRows)
    if (!byKey.has(programmeKey(p.name))) byKey.set(programmeKey(p.name), p.id);
  const newProgrammes: (typeof programmes.$inferInsert)[] = [];
  const programmeId = (name: string): string => {
    const id = exact.get(name) ?? byKey.get(programmeKey(name));
    if (id) return id;
    const created = randomUUID();
    newProgrammes.push({ id: created, name, serviceArea: IMPORTED_SERVICE_AREA });
    byKey.set(programmeKey(name), created);
    return created;
  };

  type Wanted = {
    programmeId: string;
    siteId: string;
    startsAt: Date;
    minutes: number;
    row: AttendanceRow;
  };
  const wanted = new Map<string, Wanted>();
  const keyOfRow = new Map<AttendanceRow, string>();
  // A file has few distinct days and times, and a time zone conversion is dear: once each.
  const instants = new Map<string, Date>();
  const instant = (date: string, time: string): Date => {
    const key = `${date} ${time}`;
    const known = instants.get(key);
    if (known) return known;
    const [hours, minutes] = time.split(":").map(Number) as [number, number];
    const at = londonTime(date, hours, minutes);
    instants.set(key, at);
    return at;
  };
  for (const row of rows) {
    const siteId = siteByCode.get(row.site_code);
    if (!siteId) throw new Error(`site ${row.site_code} vanished`);
    const startsAt = instant(row.session_date, row.start_time);
    const pid = programmeId(row.programme_name);
    const key = `${pid}|${siteId}|${startsAt.toISOString()}`;
    keyOfRow.set(row, key);
    if (!wanted.has(key)) {
      wanted.set(key, { programmeId: pid, siteId, startsAt, minutes: row.duration_minutes, row });
    }
  }

  const sessionsByKey = new Map<string, PlannedSession>();
  for (const batch of batches([...new Set(instants.values())], LOOKUP_BATCH)) {
    const found = await tx
      .select({
        id: sessions.id,
        programmeId: sessions.programmeId,
        siteId: sessions.siteId,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
      })
      .from(sessions)
      .where(inArray(sessions.startsAt, batch));
    for (const s of found) {
      const key = `${s.programmeId}|${s.siteId}|${s.startsAt.toISOString()}`;
      if (wanted.has(key)) {
        sessionsByKey.set(key, {
          id: s.id,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          existing: true,
        });
      }
    }
  }

  const newSessionKeys = new Map<string, { programmeId: string; siteId: string }>();
  const differentLength: Wanted[] = [];
  for (const [key, w] of wanted) {
    const existing = sessionsByKey.get(key);
    if (existing) {
      const minutes = Math.round(
        (existing.endsAt.getTime() - existing.startsAt.getTime()) / 60_000,
      );
      if (minutes !== w.minutes) differentLength.push(w);
      continue;
    }
    const id = randomUUID();
    sessionsByKey.set(key, {
      id,
      startsAt: w.startsAt,
      endsAt: new Date(w.startsAt.getTime() + w.minutes * 60_000),
      existing: false,
    });
    newSessionKeys.set(id, { programmeId: w.programmeId, siteId: w.siteId });
  }

  const sessionOf = new Map<AttendanceRow, PlannedSession>();
  for (const [row, key] of keyOfRow) {
    const session = sessionsByKey.get(key);
    if (session) sessionOf.set(row, session);
  }
  const warnings: string[] = [];
  const [example] = differentLength;
  if (example) {
    warnings.push(
      `${differentLength.length} session${differentLength.length === 1 ? "" : "s"} of the file already existed with another length, which was kept (e.g. row ${example.row.line}: ${sessionWords(example.row)}, not ${example.minutes} minutes).`,
    );
  }
  return { sessions: sessionsByKey, sessionOf, newProgrammes, newSessionKeys, warnings };
}
