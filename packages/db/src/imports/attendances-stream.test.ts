// The attendances import reads its file as a stream (readCsvStream, openCsvFile): whatever the
// pieces the file comes in, it must read exactly what readCsv reads from the whole text.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendanceColumns } from "./attendances";
import { type CsvRecord, type RowError, readCsv, readCsvStream } from "./csv";
import { openCsvFile } from "./csv-source";
import { decodeCsvBytes } from "./encoding";

async function* inPieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readInPieces(text: string, size: number) {
  const records: CsvRecord[] = [];
  const rowErrors: RowError[] = [];
  const result = await readCsvStream(
    inPieces(text, size),
    attendanceColumns,
    (record) => {
      records.push(record);
    },
    (error) => rowErrors.push(error),
  );
  return result.ok ? { ...result, records, rowErrors } : result;
}

const header = "person_ref,site_code,session_date,programme_name,start_time";

describe("readCsvStream", () => {
  const text = [
    `\uFEFF${header}, Notes `,
    "P1,BR01,2025-06-02,Stay and Play,09:30,",
    "",
    ",,,,,",
    'P2,BR01,2025-06-02,"Stay\r\nand Play",09:30,"two\nlines"',
    // An old Mac line ending, a lone CR.
    "P3,BR01,2025-06-02,Stay and Play\rP5,BR01,2025-06-02,Stay and Play,10:00,",
    "  P4 ,br02,02/06/2025,Baby Massage,10:00,x",
    "",
  ].join("\r\n");

  it("reads the same records, lines, errors and warnings as readCsv, whatever the pieces", async () => {
    const whole = readCsv(text, attendanceColumns);
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    expect(whole.records.map((r) => r.line)).toEqual([2, 5, 9, 10]);
    expect(whole.rowErrors.map((e) => e.line)).toEqual([8]);
    // Every piece size from 1 puts a boundary between every \r and its \n somewhere.
    for (const size of [1, 2, 3, 5, 7, 64, text.length]) {
      const streamed = await readInPieces(text, size);
      expect(streamed).toEqual({
        ok: true,
        header: whole.header,
        records: whole.records,
        rowErrors: whole.rowErrors,
        warnings: whole.warnings,
      });
    }
  });

  it("refuses a file as readCsv does: no header, a missing column, a quote not closed", async () => {
    for (const bad of [
      "",
      "\n ,, \n",
      "person_ref,site_code,session_date\nP1,BR01,2025-06-02",
      `${header}\nP1,BR01,2025-06-02,Stay and Play,09:30\nP2,BR01,2025-06-02,"Stay and Play,09:30\nP3`,
    ]) {
      const whole = readCsv(bad, attendanceColumns);
      expect(whole.ok).toBe(false);
      expect(await readInPieces(bad, 4)).toEqual(whole);
    }
  });
});

describe("openCsvFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "familyhub-csv-source-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const textOf = async (file: string) => {
    const opened = await openCsvFile(file);
    if (!opened.ok) return opened;
    let text = "";
    for await (const piece of opened.source.chunks()) text += piece;
    return { ok: true, text };
  };

  it("reads UTF-8 (with a character across pieces of a megabyte) and UTF-16 as decodeCsvBytes", async () => {
    // A two-byte ë straddles the first megabyte's end.
    const long = `${header}\n${"x".repeat((1 << 20) - header.length - 2)}ë\nZoë,BR01\n`;
    const utf8 = join(dir, "utf8.csv");
    await writeFile(utf8, `\uFEFF${long}`);
    expect(await textOf(utf8)).toEqual(decodeCsvBytes(Buffer.from(`\uFEFF${long}`)));
    expect(await textOf(utf8)).toEqual({ ok: true, text: long });

    const utf16 = join(dir, "utf16.csv");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Zoë,BR01\n", "utf16le")]);
    await writeFile(utf16, bytes);
    expect(await textOf(utf16)).toEqual({ ok: true, text: "Zoë,BR01\n" });
  });

  it("refuses a file that is not UTF-8 with decodeCsvBytes' words, and throws when there is no file", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${header}\nP1,BR01,2025-06-02,Caf`),
      Buffer.from([0xe9]),
      Buffer.from(",09:30\n"),
    ]);
    const file = join(dir, "excel.csv");
    await writeFile(file, bytes);
    const opened = await openCsvFile(file);
    expect(opened).toEqual(decodeCsvBytes(bytes));
    expect(opened.ok).toBe(false);
    await expect(openCsvFile(join(dir, "missing.csv"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
