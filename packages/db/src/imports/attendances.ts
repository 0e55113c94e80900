import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "../client";
import { type Actor, recordAudit } from "../queries/audit";
import { selectRows } from "../queries/raw";
import { attendances, people, programmes, sessions, sites } from "../schema";
import { londonDate, londonTime } from "../time";
import { type RowError, formatRowErrors, parseRecords, readCsv, readCsvStream } from "./csv";
import { type CsvSource, textSource } from "./csv-source";
import {
  type ImportOptions,
  invalid,
  isUuid,
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

/** Rows per statement into the import's temporary table on PGlite (about a megabyte of JSON). */
const LOAD_BATCH = 5_000;
/**
 * Problems listed when a file is refused: all are counted, the first ones by line are named. A
 * file with more is broken throughout (the wrong file, a shifted column), and a list of a
 * million lines helps nobody — nor should it be held in memory.
 */
export const ROW_ERRORS_LISTED = 10_000;
const PROGRESS_EVERY = 100_000;

export type AttendancesImportOptions = ImportOptions & {
  /** Told what the import is doing, e.g. "200,000 rows read", for a long import's display. */
  onProgress?: (step: string) => void;
};

/** A file refused after rows were loaded: thrown so the transaction rolls back. */
class Refused extends Error {
  constructor(readonly result: { ok: false; errors: string[]; warnings: string[] }) {
    super("the attendances file was refused");
  }
}

/**
 * The problems of a file in the order a person reads them: by line, and on one line in the
 * order the checks run (reading the row, the file's sessions, the site, the person). Each check
 * keeps its first ROW_ERRORS_LISTED problems by line and counts the rest.
 */
class RowProblems {
  private readonly kept: { error: RowError; check: number }[] = [];
  private readonly keptBy = new Map<number, number>();
  private uncounted = 0;

  get total() {
    return this.kept.length + this.uncounted;
  }

  /** Problems found beyond those handed to add (a query lists the first few, counts all). */
  addUnlisted(count: number) {
    this.uncounted += count;
  }

  add(check: number, error: RowError) {
    const kept = this.keptBy.get(check) ?? 0;
    if (kept >= ROW_ERRORS_LISTED) {
      this.uncounted += 1;
      return;
    }
    this.keptBy.set(check, kept + 1);
    this.kept.push({ error, check });
  }

  listed(): string[] {
    const first = [...this.kept]
      .sort((a, b) => a.error.line - b.error.line || a.check - b.check)
      .slice(0, ROW_ERRORS_LISTED);
    const lines = formatRowErrors(first.map((p) => p.error));
    const more = this.total - first.length;
    if (more > 0) {
      lines.push(
        `…and ${n(more)} more ${more === 1 ? "problem" : "problems"} in later rows (${n(this.total)} in all), not listed here: fix the rows above and import the whole file again to see the rest.`,
      );
    }
    return lines;
  }
}

const n = (count: number) => count.toLocaleString("en-GB");

const CHECK = { row: 0, session: 1, site: 2, person: 3 } as const;

/** A row as loaded into the import's temporary table. */
type LoadedRow = {
  line: number;
  person_ref: string;
  ref_uuid: string | null;
  site_code: string;
  site_id: string | null;
  session_date: string;
  programme_name: string;
  programme_key: string;
  programme_id: string;
  start_time: string;
  duration: number;
  starts_at: string;
};

const TEMP = sql.raw("import_attendances");
const TEMP_SESSIONS = sql.raw("import_attendance_sessions");

/** Where the people of the rows are: by `person_ref`, or by id for an export's uuid reference. */
const resolvedRows = sql`
  select t.*,
    coalesce(p1.id, p2.id) as person_id,
    coalesce(p1.merged_into_id, p2.merged_into_id) as merged_into_id,
    coalesce(p1.date_of_birth, p2.date_of_birth) as date_of_birth
  from ${TEMP} t
  left join ${people} p1 on p1.person_ref = t.person_ref
  left join ${people} p2
    on p1.id is null and t.ref_uuid is not null and p2.id = t.ref_uuid and p2.person_ref is null`;

/**
 * Imports the `attendances` interchange format: each row is one person at one session, found by
 * the programme's name, the site and the start (Europe/London); programmes and sessions that do
 * not exist are created. People must already be in FamilyHub (import the people file first).
 * Every row is checked before anything is written; a file with any bad row writes nothing.
 * An attendance already recorded, or named twice, is counted as unchanged.
 *
 * The file is read as a stream, once, inside one transaction: each row is checked and loaded
 * into a temporary table, and the checks that need the database (the person, the site), the
 * sessions and the attendances are then made set-wise in SQL, so memory does not grow with the
 * file. `csv` is the file's text, or a CsvSource (see openCsvFile) for a file on disk.
 */
export async function importAttendances(
  db: Database,
  csv: string | CsvSource,
  actor: Actor = { type: "system", id: null },
  options: AttendancesImportOptions = {},
): Promise<ImportResult<AttendancesImportCounts>> {
  const source = typeof csv === "string" ? textSource(csv) : csv;
  const schema = attendanceRow(options.today ?? londonDate());
  const progress = options.onProgress ?? (() => {});
  try {
    return await db.transaction(async (tx) => {
      const siteRows = await tx.select({ id: sites.id, code: sites.code }).from(sites);
      const siteByCode = new Map(siteRows.map((s) => [s.code.toUpperCase(), s.id]));
      const programmeOf = await programmeFinder(tx);
      const instant = londonInstants();
      // The joins, groupings and sorts below are over every row of the file: in memory, not
      // spilled to disk in 4 MB pieces (the server's default). For this transaction only.
      await tx.execute(sql`set local work_mem = '128MB'`);
      await tx.execute(sql`
        create temporary table ${TEMP} (
          line integer not null,
          person_ref text not null,
          ref_uuid uuid,
          site_code text not null,
          site_id uuid,
          session_date date not null,
          programme_name text not null,
          programme_key text not null,
          programme_id uuid not null,
          start_time text not null,
          duration integer not null,
          starts_at timestamptz not null
        ) on commit drop`);

      const problems = new RowProblems();
      const loader = loaderFor(tx);
      let rows = 0;
      const durations = new Set<number>();
      let table: Awaited<ReturnType<typeof readCsvStream>>;
      try {
        table = await readCsvStream(
          source.chunks(),
          attendanceColumns,
          async (record) => {
            const parsed = schema.safeParse(record.values);
            if (!parsed.success) {
              for (const issue of parsed.error.issues) {
                problems.add(CHECK.row, { line: record.line, message: issue.message });
              }
              return;
            }
            const row = parsed.data;
            rows += 1;
            if (rows % PROGRESS_EVERY === 0) progress(`${n(rows)} rows read`);
            if (durations.size < 2) durations.add(row.duration_minutes);
            await loader.add({
              line: record.line,
              person_ref: row.person_ref,
              ref_uuid: isUuid(row.person_ref) ? row.person_ref.toLowerCase() : null,
              site_code: row.site_code,
              site_id: siteByCode.get(row.site_code) ?? null,
              session_date: row.session_date,
              programme_name: row.programme_name,
              programme_key: programmeKey(row.programme_name),
              programme_id: programmeOf.id(row.programme_name),
              start_time: row.start_time,
              duration: row.duration_minutes,
              starts_at: instant(row.session_date, row.start_time).toISOString(),
            });
          },
          (error) => problems.add(CHECK.row, error),
        );
      } catch (error) {
        // The file could not be read to its end: the load is abandoned, and the transaction.
        await loader.abort(error);
        throw error;
      }
      await loader.finish();
      if (!table.ok) throw new Refused(table);
      const warnings = [...table.warnings];
      if (rows === 0 && problems.total === 0) {
        return { ok: true, ...noChange, warnings: [...warnings, "The file has no rows."] };
      }
      progress(`${n(rows)} rows read; checking them against FamilyHub`);
      await tx.execute(sql`analyze ${TEMP}`);

      // A session is named by several rows: they must agree on how long it lasts.
      if (durations.size > 1) {
        const found = await selectRows<{
          total: number;
          line: number;
          duration: number;
          first_line: number;
          first_duration: number;
          programme_name: string;
          site_code: string;
          session_date: string;
          start_time: string;
        }>(
          tx,
          sql`
            select count(*) over ()::int as total, line, duration, first_line, first_duration,
              programme_name, site_code, to_char(session_date, 'YYYY-MM-DD') as session_date,
              start_time
            from (
              select t.*,
                first_value(line) over w as first_line,
                first_value(duration) over w as first_duration
              from ${TEMP} t
              window w as (partition by programme_key, site_code, session_date, start_time order by line)
            ) rows
            where duration <> first_duration
            order by line
            limit ${ROW_ERRORS_LISTED}`,
        );
        for (const r of found) {
          problems.add(CHECK.session, {
            line: r.line,
            message: `duration_minutes ${r.duration} is not the ${r.first_duration} of row ${r.first_line} for the same session (${r.programme_name} at ${r.site_code} on ${r.session_date} at ${r.start_time}) — a session has one length`,
          });
        }
        problems.addUnlisted((found[0]?.total ?? 0) - found.length);
      }

      const unknownSites = await selectRows<{ total: number; line: number; site_code: string }>(
        tx,
        sql`
          select count(*) over ()::int as total, line, site_code from ${TEMP}
          where site_id is null
          order by line
          limit ${ROW_ERRORS_LISTED}`,
      );
      for (const r of unknownSites) {
        problems.add(CHECK.site, {
          line: r.line,
          message: unknownSiteMessage(
            r.site_code,
            siteRows.map((s) => s.code),
          ),
        });
      }
      problems.addUnlisted((unknownSites[0]?.total ?? 0) - unknownSites.length);

      const unknownPeople = await selectRows<{
        total: number;
        line: number;
        person_ref: string;
        missing: boolean;
        merged: boolean;
        session_date: string;
        date_of_birth: string | null;
      }>(
        tx,
        sql`
          select count(*) over ()::int as total, line, person_ref,
            person_id is null as missing,
            merged_into_id is not null as merged,
            to_char(session_date, 'YYYY-MM-DD') as session_date,
            to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth
          from (${resolvedRows}) r
          where person_id is null or merged_into_id is not null or session_date < date_of_birth
          order by line
          limit ${ROW_ERRORS_LISTED}`,
      );
      for (const r of unknownPeople) {
        problems.add(CHECK.person, {
          line: r.line,
          message: r.missing
            ? `person_ref '${r.person_ref}' is not a person in FamilyHub — import the people file first, or correct the reference`
            : r.merged
              ? `person_ref '${r.person_ref}' is a duplicate that was merged into another person — use that person's reference`
              : `session_date '${r.session_date}' is before '${r.person_ref}' was born (${r.date_of_birth})`,
        });
      }
      problems.addUnlisted((unknownPeople[0]?.total ?? 0) - unknownPeople.length);
      if (problems.total > 0) {
        throw new Refused({ ok: false, errors: problems.listed(), warnings });
      }

      progress("Writing programmes and sessions");
      const newProgrammes = programmeOf.created();
      if (newProgrammes.length > 0) await tx.insert(programmes).values(newProgrammes);
      // The sessions the rows name. The rows of a session agree on its length (checked above;
      // only a clock change could make two times of a day one instant).
      await tx.execute(sql`
        create temporary table ${TEMP_SESSIONS} on commit drop as
        select programme_id, site_id, starts_at, min(line) as line, min(duration) as duration
        from ${TEMP}
        group by programme_id, site_id, starts_at`);
      const [differentLength] = await selectRows<{
        sessions: number;
        line: number;
        duration: number;
      }>(
        tx,
        sql`
          select count(*) over ()::int as sessions, w.line, w.duration
          from ${TEMP_SESSIONS} w
          join ${sessions} s
            on s.programme_id = w.programme_id and s.site_id = w.site_id and s.starts_at = w.starts_at
          where round(extract(epoch from s.ends_at - s.starts_at) / 60) <> w.duration
          order by w.line
          limit 1`,
      );
      if (differentLength) {
        const [example] = await selectRows<{ words: string }>(
          tx,
          sql`
            select programme_name || ' at ' || site_code || ' on ' ||
              to_char(session_date, 'YYYY-MM-DD') || ' at ' || start_time as words
            from ${TEMP} where line = ${differentLength.line}`,
        );
        const count = differentLength.sessions;
        warnings.push(
          `${count} session${count === 1 ? "" : "s"} of the file already existed with another length, which was kept (e.g. row ${differentLength.line}: ${example?.words}, not ${differentLength.duration} minutes).`,
        );
      }
      const [sessionsWritten] = await selectRows<{ n: number }>(
        tx,
        sql`
          with written as (
            insert into ${sessions} (programme_id, site_id, starts_at, ends_at)
            select programme_id, site_id, starts_at, starts_at + duration * interval '1 minute'
            from ${TEMP_SESSIONS}
            order by programme_id, site_id, starts_at
            on conflict (programme_id, site_id, starts_at) do nothing
            returning 1
          )
          select count(*)::int as n from written`,
      );

      progress(`Writing ${n(rows)} attendances`);
      // A kiosk may check the same person in to the same session while this runs; a row twice
      // in the file is written once. The legacy database kept the day, not the minute: the
      // session's start stands for it.
      const [attendancesWritten] = await selectRows<{ n: number }>(
        tx,
        sql`
          with written as (
            insert into ${attendances} (session_id, person_id, method, checked_in_at)
            select s.id, r.person_id, 'import', s.starts_at
            from (${resolvedRows}) r
            join ${sessions} s
              on s.programme_id = r.programme_id and s.site_id = r.site_id and s.starts_at = r.starts_at
            -- In the order of the session index: each page of it is read and written once.
            order by s.id
            on conflict do nothing
            returning 1
          )
          select count(*)::int as n from written`,
      );
      const created = attendancesWritten?.n ?? 0;
      const counts = {
        created,
        updated: 0,
        unchanged: rows - created,
        sessionsCreated: sessionsWritten?.n ?? 0,
        programmesCreated: newProgrammes.length,
      };
      if (created + counts.sessionsCreated + counts.programmesCreated > 0) {
        await recordAudit(tx, actor, { action: "attendances.import", detail: counts });
      }
      return { ok: true as const, ...counts, warnings };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

const noChange = {
  created: 0,
  updated: 0,
  unchanged: 0,
  sessionsCreated: 0,
  programmesCreated: 0,
} satisfies AttendancesImportCounts;

const LOADED_COLUMNS = [
  "line",
  "person_ref",
  "ref_uuid",
  "site_code",
  "site_id",
  "session_date",
  "programme_name",
  "programme_key",
  "programme_id",
  "start_time",
  "duration",
  "starts_at",
] as const satisfies readonly (keyof LoadedRow)[];

type Loader = {
  add: (row: LoadedRow) => Promise<void>;
  finish: () => Promise<void>;
  /** Stops loading after an error, so the connection is free to roll back. */
  abort: (error: unknown) => Promise<void>;
};

/** Rows into the temporary table: COPY on a PostgreSQL server, batches of JSON on PGlite. */
function loaderFor(tx: Transaction): Loader {
  const client: unknown = (tx._.session as unknown as { client?: unknown }).client;
  if (typeof client === "function" && "unsafe" in client) return copyLoader(client as CopyClient);
  return batchLoader(tx);
}

/** What is used of postgres.js's transaction client (`sql`). */
type CopyClient = { unsafe: (query: string) => { writable: () => Promise<Writable> } };

/** COPY's text format: a tab between values, \N for null, and \ \t \n \r escaped. */
function copyValue(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(
        /[\\\t\n\r]/g,
        (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c] ?? c,
      )
    : value;
}

/** Rows streamed to the server with COPY FROM STDIN, in pieces of about 256 kB. */
function copyLoader(client: CopyClient): Loader {
  let stream: Writable | undefined;
  let failed: unknown;
  let piece = "";
  const open = async () => {
    stream = await client
      .unsafe(`copy import_attendances (${LOADED_COLUMNS.join(", ")}) from stdin`)
      .writable();
    stream.on("error", (error) => {
      failed ??= error;
    });
    return stream;
  };
  const flush = async () => {
    const out = stream ?? (await open());
    const text = piece;
    piece = "";
    if (failed) throw failed;
    if (!out.write(text)) await once(out, "drain");
  };
  return {
    async add(row) {
      piece += `${LOADED_COLUMNS.map((column) => copyValue(row[column])).join("\t")}\n`;
      if (piece.length >= 256 * 1024) await flush();
    },
    async finish() {
      if (piece.length > 0 || !stream) await flush();
      const out = stream;
      if (!out) return;
      out.end();
      await finished(out);
      if (failed) throw failed;
    },
    async abort(error) {
      const out = stream;
      if (!out || out.destroyed) return;
      out.destroy(error instanceof Error ? error : new Error(String(error)));
      await finished(out).catch(() => {});
    },
  };
}

/**
 * Rows into the temporary table in batches of JSON, one batch in flight while the next is read,
 * so reading the file and loading it overlap (PGlite has no COPY FROM STDIN).
 */
function batchLoader(tx: Transaction): Loader {
  let batch: LoadedRow[] = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  const send = async () => {
    const rows = batch;
    batch = [];
    await inFlight;
    inFlight = tx.execute(sql`
      insert into ${TEMP}
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(
        line integer, person_ref text, ref_uuid uuid, site_code text, site_id uuid,
        session_date date, programme_name text, programme_key text, programme_id uuid,
        start_time text, duration integer, starts_at timestamptz
      )`);
  };
  return {
    async add(row: LoadedRow) {
      batch.push(row);
      if (batch.length >= LOAD_BATCH) await send();
    },
    async finish() {
      if (batch.length > 0) await send();
      await inFlight;
    },
    async abort() {
      await inFlight.catch(() => {});
    },
  };
}

/**
 * Programmes by name: the one of that exact name, else one whose name differs only in case;
 * a name FamilyHub does not know is a new programme (named as its first row writes it).
 */
async function programmeFinder(tx: Transaction) {
  const programmeRows = await tx
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes);
  const exact = new Map(programmeRows.map((p) => [p.name, p.id]));
  const byKey = new Map<string, string>();
  for (const p of programmeRows)
    if (!byKey.has(programmeKey(p.name))) byKey.set(programmeKey(p.name), p.id);
  const newProgrammes: (typeof programmes.$inferInsert)[] = [];
  return {
    id(name: string): string {
      const id = exact.get(name) ?? byKey.get(programmeKey(name));
      if (id) return id;
      const created = randomUUID();
      newProgrammes.push({ id: created, name, serviceArea: IMPORTED_SERVICE_AREA });
      byKey.set(programmeKey(name), created);
      return created;
    },
    created: () => newProgrammes,
  };
}

/** A file has few distinct days and times, and a time zone conversion is dear: once each. */
function londonInstants() {
  const instants = new Map<string, Date>();
  return (date: string, time: string): Date => {
    const key = `${date} ${time}`;
    const known = instants.get(key);
    if (known) return known;
    const [hours, minutes] = time.split(":").map(Number) as [number, number];
    const at = londonTime(date, hours, minutes);
    instants.set(key, at);
    return at;
  };
}
