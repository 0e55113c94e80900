// The reader every CSV import shares (sites, people, attendances, baseline), so they all accept
// files the same way: UTF-8 with or without a BOM, comma-separated, a header first, columns in
// any order, unknown columns ignored with a warning, every line numbered as in the file.
import { Readable, pipeline } from "node:stream";
import { parse as parseStream } from "csv-parse";
import { CsvError, parse } from "csv-parse/sync";

/** The answer for a file with no header line, in the words of every import. */
function emptyFile(expected: readonly string[]) {
  return {
    ok: false as const,
    errors: [
      `The file is empty: its first line must be a header naming the columns ${expected.join(", ")}.`,
    ],
    warnings: [] as string[],
  };
}

export type CsvColumns = {
  required: readonly string[];
  optional?: readonly string[];
};

/** One data row: its values by column (only the expected columns), and its line in the file. */
export type CsvRecord = { line: number; values: Record<string, string> };

/** A problem with one row, shown to a person as `Row 14: date_of_birth '31/02/2019' is not a date`. */
export type RowError = { line: number; message: string };

export type CsvTable =
  | {
      ok: true;
      header: string[];
      records: CsvRecord[];
      /** Rows that could not be read into columns; the import adds its own and rejects the file. */
      rowErrors: RowError[];
      warnings: string[];
    }
  | { ok: false; errors: string[]; warnings: string[] };

type RowSchema<T> = {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { message: string }[] } };
};

/**
 * Checks every record against an import's row schema: the rows that pass, each with its line,
 * and one error per problem of those that do not, so a person sees everything wrong at once.
 */
export function parseRecords<T extends object>(
  records: readonly CsvRecord[],
  schema: RowSchema<T>,
): { rows: (T & { line: number })[]; rowErrors: RowError[] } {
  const rows: (T & { line: number })[] = [];
  const rowErrors: RowError[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record.values);
    if (parsed.success) {
      rows.push({ ...parsed.data, line: record.line });
    } else {
      for (const issue of parsed.error.issues)
        rowErrors.push({ line: record.line, message: issue.message });
    }
  }
  return { rows, rowErrors };
}

export function formatRowErrors(errors: readonly RowError[]): string[] {
  return [...errors]
    .sort((a, b) => a.line - b.line)
    .map((error) => `Row ${error.line}: ${error.message}`);
}

/** Header names are matched without regard to case or surrounding spaces. */
function columnName(raw: string): string {
  return raw.trim().toLowerCase();
}

/** `recordStart`: the line the record being read began on (csv-parse reports where it gave up). */
function describeCsvError(error: CsvError, recordStart: number): string {
  const line = typeof error.lines === "number" ? `Row ${error.lines}: ` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      // The parser only notices at the end of the file, so name the row where the quote opened.
      return `Row ${recordStart}: a quoted value is not closed — every " that opens a value needs one that closes it (the rest of the file was read as part of this row)`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `${line}a quoted value has text after its closing quote — write a " inside a quoted value as ""`;
    case "INVALID_OPENING_QUOTE":
      return `${line}a value has a " in the middle — put the whole value in quotes and write the " inside it as ""`;
    default:
      return `${line}${error.message}`;
  }
}

/** The header's column names, and what is wrong with them (a missing column refuses the file). */
function checkHeader(
  record: readonly string[],
  line: number,
  columns: CsvColumns,
): { header: string[]; errors: string[]; warnings: string[] } {
  const expected = [...columns.required, ...(columns.optional ?? [])];
  const header = record.map(columnName);
  const warnings: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === "") {
      warnings.push(`Column ${index + 1} of the header has no name and was ignored.`);
    } else if (seen.has(name)) {
      errors.push(`The header names the column '${name}' twice: remove one of them.`);
    } else if (!expected.includes(name)) {
      warnings.push(`Column '${name}' is not one of ${expected.join(", ")} and was ignored.`);
    }
    seen.add(name);
  });
  const missing = columns.required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    const optional = columns.optional?.length
      ? ` (and optionally ${columns.optional.join(", ")})`
      : "";
    errors.push(
      `The header (line ${line}) is missing the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. ` +
        `The file needs the columns ${columns.required.join(", ")}${optional}, in any order.`,
    );
  }
  return { header, errors, warnings };
}

export function readCsv(text: string, columns: CsvColumns): CsvTable {
  const expected = [...columns.required, ...(columns.optional ?? [])];
  // csv-parse counts a quoted CRLF as two lines, so line endings are made LF first.
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");

  let rows: string[][];
  let lastRecordEnd = 0;
  try {
    rows = parse(normalised, {
      relax_column_count: true,
      on_record: (record: string[], context) => {
        lastRecordEnd = context.lines;
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      return { ok: false, errors: [describeCsvError(error, lastRecordEnd + 1)], warnings: [] };
    }
    throw error;
  }

  // Each record starts on the line after the previous one ended; a quoted value can span lines.
  let nextLine = 1;
  const numbered = rows.map((record) => {
    const line = nextLine;
    nextLine += 1 + record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
    return { line, record };
  });
  const blank = (record: string[]) => record.every((value) => value.trim() === "");
  const [headerRow, ...dataRows] = numbered.filter(({ record }) => !blank(record));
  if (!headerRow) {
    return emptyFile(expected);
  }

  const { header, errors, warnings } = checkHeader(headerRow.record, headerRow.line, columns);
  if (errors.length > 0) return { ok: false, errors, warnings };

  const records: CsvRecord[] = [];
  const rowErrors: RowError[] = [];
  // Blank lines, and the lines of commas spreadsheets save for blank rows, were skipped above.
  for (const { record, line } of dataRows) {
    const read = recordValues(record, line, header, expected);
    if ("message" in read) rowErrors.push(read);
    else records.push(read);
  }
  return { ok: true, header, records, rowErrors, warnings };
}

/** A data row's values by expected column, or why it cannot be read into the columns. */
function recordValues(
  record: readonly string[],
  line: number,
  header: readonly string[],
  expected: readonly string[],
): CsvRecord | RowError {
  if (record.length !== header.length) {
    return {
      line,
      message: `has ${record.length} value${record.length === 1 ? "" : "s"} but the header has ${header.length} columns — check for a missing or extra comma (a value with a comma in it needs "quotes")`,
    };
  }
  const values: Record<string, string> = {};
  header.forEach((name, index) => {
    if (expected.includes(name)) values[name] = (record[index] ?? "").trim();
  });
  return { line, values };
}

/** The head of a file read as a stream: it was refused, or the header and what to warn about. */
export type CsvStreamResult =
  | { ok: true; header: string[]; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

/** Text in pieces with line endings made LF (a CR at a piece's end may be a CRLF's first half). */
async function* normalisedLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  let carriageReturn = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    if (carriageReturn) text = `\r${text}`;
    carriageReturn = text.endsWith("\r");
    if (carriageReturn) text = text.slice(0, -1);
    if (text.length > 0) yield text.replace(/\r\n?/g, "\n");
  }
  if (carriageReturn) yield "\n";
}

/**
 * readCsv for a file too large to hold: the same rules, lines and messages, but each data row
 * is handed to `onRecord` (or, when it cannot be read into the columns, to `onRowError`) as it
 * is read, in file order. `onRecord` may return a promise: reading waits for it. A file whose
 * header is wrong, or that csv-parse cannot read, is refused as readCsv refuses it (the rows
 * handed on before csv-parse gave up must then be thrown away by the caller).
 */
export async function readCsvStream(
  chunks: AsyncIterable<string>,
  columns: CsvColumns,
  onRecord: (record: CsvRecord) => void | Promise<void>,
  onRowError: (error: RowError) => void,
): Promise<CsvStreamResult> {
  const expected = [...columns.required, ...(columns.optional ?? [])];
  let lastRecordEnd = 0;
  const parser = pipeline(
    Readable.from(normalisedLines(chunks)),
    parseStream({
      relax_column_count: true,
      on_record: (record: string[], context) => {
        lastRecordEnd = context.lines;
        return record;
      },
    }),
    () => {},
  );
  let head: { header: string[]; warnings: string[] } | undefined;
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + record.reduce((n, value) => n + countNewlines(value), 0);
      if (record.every((value) => value.trim() === "")) continue;
      if (!head) {
        const checked = checkHeader(record, line, columns);
        if (checked.errors.length > 0) {
          parser.destroy();
          return { ok: false, errors: checked.errors, warnings: checked.warnings };
        }
        head = { header: checked.header, warnings: checked.warnings };
        continue;
      }
      const read = recordValues(record, line, head.header, expected);
      if ("message" in read) onRowError(read);
      else await onRecord(read);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      return { ok: false, errors: [describeCsvError(error, lastRecordEnd + 1)], warnings: [] };
    }
    throw error;
  }
  if (!head) {
    return emptyFile(expected);
  }
  return { ok: true, ...head };
}

function countNewlines(value: string): number {
  let n = 0;
  for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", i + 1)) n += 1;
  return n;
}
