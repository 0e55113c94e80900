// A CSV file read piece by piece, for an import too large to hold in memory (a million
// attendance rows is 40 MB of text, and far more as objects). It accepts exactly the files
// decodeCsvBytes accepts, and refuses the others with the same words.
import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { decodeCsvBytes } from "./encoding";

/** The text of a CSV file in pieces; `chunks` may be called again to read it again. */
export type CsvSource = { chunks: () => AsyncIterable<string> };

export type OpenedCsvFile = { ok: true; source: CsvSource } | { ok: false; errors: string[] };

const PIECE = 1 << 20;

/** Text already in memory (an upload, a test) as a source. */
export function textSource(text: string): CsvSource {
  return {
    async *chunks() {
      yield text;
    },
  };
}

type Encoding = "utf-8" | "utf-16le" | "utf-16be";

function encodingOf(start: Uint8Array): Encoding {
  if (start[0] === 0xff && start[1] === 0xfe) return "utf-16le";
  if (start[0] === 0xfe && start[1] === 0xff) return "utf-16be";
  return "utf-8";
}

async function* decoded(path: string, encoding: Encoding): AsyncGenerator<string> {
  // As decodeCsvBytes: UTF-8 must be valid; a UTF-16 byte order mark is taken at its word.
  const decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
  for await (const piece of createReadStream(path, { highWaterMark: PIECE })) {
    const text = decoder.decode(piece as Buffer, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * Opens a CSV file to be read as a stream. UTF-8 is checked by reading the file through once
 * (quick: no rows are made), so one that is not UTF-8 is refused before anything is imported;
 * only a refused file is read whole, for decodeCsvBytes to name its bad rows. An error reading
 * the file (no such file, a folder, no permission) is thrown as Node's.
 */
export async function openCsvFile(path: string): Promise<OpenedCsvFile> {
  const handle = await open(path, "r");
  let encoding: Encoding;
  try {
    const start = new Uint8Array(2);
    const { bytesRead } = await handle.read(start, 0, 2, 0);
    encoding = encodingOf(start.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
  if (encoding === "utf-8") {
    try {
      for await (const text of decoded(path, encoding)) void text;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const refused = decodeCsvBytes(await readFile(path));
      // Otherwise the file changed between the two reads: it is read as it is now.
      if (!refused.ok) return refused;
    }
  }
  return { ok: true, source: { chunks: () => decoded(path, encoding) } };
}
