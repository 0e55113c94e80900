// The bytes of an uploaded or named CSV file, turned into text for the CSV reader.
//
// A file that is not UTF-8 is rejected, not guessed at. Invalid UTF-8 from an English council
// is nearly always Windows-1252 (Excel's "CSV (Comma delimited)"), but not always (Mac Roman,
// ISO-8859-15, a file that went through another system), and a wrong guess writes wrong names
// into people's records without anyone seeing it: names that then fail to match the social
// care baseline and are printed on registers. Saving the file as "CSV UTF-8" takes a minute, so
// the answer says how, and shows what each bad row would read as in Windows-1252 so the person
// can find the names that carry accents.

export type DecodedCsv = { ok: true; text: string } | { ok: false; errors: string[] };

/** How many bad rows are named; the fix is for the whole file, so a few examples are enough. */
const ROWS_SHOWN = 10;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function preview(text: string): string {
  const line = text.replace(/\r?\n?$/, "");
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** The lines (numbered from 1, as in the file) that are not valid UTF-8. */
function badLines(bytes: Uint8Array): { line: number; asWindows1252: string }[] {
  const windows1252 = new TextDecoder("windows-1252");
  const found: { line: number; asWindows1252: string }[] = [];
  let start = 0;
  let line = 1;
  while (start < bytes.length && found.length < ROWS_SHOWN) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(start, end);
    try {
      utf8.decode(slice);
    } catch {
      found.push({ line, asWindows1252: preview(windows1252.decode(slice)) });
    }
    start = end + 1;
    line += 1;
  }
  return found;
}

/**
 * Reads a CSV file's bytes as UTF-8 (with or without a byte order mark), or as UTF-16 when it
 * starts with a UTF-16 byte order mark (Excel's "Unicode Text"); anything else is refused with
 * the rows that are not UTF-8 and how to save the file again.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  // A UTF-16 byte order mark is unambiguous, so there is nothing to guess.
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { ok: true, text: new TextDecoder("utf-16le").decode(bytes) };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { ok: true, text: new TextDecoder("utf-16be").decode(bytes) };
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const rows = badLines(bytes);
    return {
      ok: false,
      errors: [
        'The file is not UTF-8 text: it looks like it was saved as "CSV (Comma delimited)", which ' +
          'uses the Windows-1252 encoding. In Excel choose File > Save As > "CSV UTF-8 (Comma ' +
          'delimited) (*.csv)" and import the new file. The first rows with characters that are ' +
          "not UTF-8, as they read in Windows-1252:",
        ...rows.map((row) => `Row ${row.line}: ${row.asWindows1252}`),
      ],
    };
  }
}
