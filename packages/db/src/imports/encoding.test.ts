import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "./encoding";

const header = "person_ref,first_name,last_name\n";

describe("decodeCsvBytes", () => {
  it("reads UTF-8, with or without a byte order mark (which it drops)", () => {
    const text = `${header}P1,Zoë,Ó Súilleabháin\n`;
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toEqual({ ok: true, text });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeCsvBytes(bom)).toEqual({ ok: true, text });
  });

  it("reads UTF-16 when the file starts with its byte order mark", () => {
    const text = `${header}P1,Zoë,Smith\r\n`;
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i += 1) bytes[2 + i * 2] = text.charCodeAt(i);
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text });
  });

  it("refuses Windows-1252, naming the rows and what they would read as", () => {
    // "Zoë" and "Siobhán" as Excel's "CSV (Comma delimited)" saves them: one byte each.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${header}P1,Zo`),
      0xeb,
      ...new TextEncoder().encode(",Smith\r\nP2,Ann,Lee\r\nP3,Siobh"),
      0xe1,
      ...new TextEncoder().encode("n,Kelly\r\n"),
    ]);
    const result = decodeCsvBytes(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatch(
      /^The file is not UTF-8 text: .*"CSV UTF-8 \(Comma delimited\)/,
    );
    expect(result.errors.slice(1)).toEqual(["Row 2: P1,Zoë,Smith", "Row 4: P3,Siobhán,Kelly"]);
  });
});
