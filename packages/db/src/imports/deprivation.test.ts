import { describe, expect, it } from "vitest";
import { formatRowErrors } from "./csv";
import { readDeprivationFile } from "./deprivation";

describe("readDeprivationFile", () => {
  it("reads postcodes in any case and spacing, columns in any order, with a BOM", () => {
    const file = readDeprivationFile(
      "\uFEFFimd_decile,Postcode,lsoa_code,note\r\n1,fl11aa,e01000001,x\r\n10, FL2  2BB ,E01000002,y\r\n",
    );
    expect(file).toEqual({
      ok: true,
      rows: [
        { postcode: "FL1 1AA", lsoa_code: "E01000001", imd_decile: 1, line: 2 },
        { postcode: "FL2 2BB", lsoa_code: "E01000002", imd_decile: 10, line: 3 },
      ],
      rowErrors: [],
      warnings: ["Column 'note' is not one of postcode, lsoa_code, imd_decile and was ignored."],
    });
  });

  it("names every bad row by its line and says what is wrong", () => {
    const file = readDeprivationFile(
      [
        "postcode,lsoa_code,imd_decile",
        "FL1 1AA,E01000001,1",
        "FL1 1AA,E01000001,2",
        "NOT A POSTCODE,E01000003,3",
        "FL3 3CC,LSOA3,3",
        "FL4 4DD,E01000004,0",
        "FL5 5EE,E01000005,2.5",
        "FL6 6FF,E01000006,",
        "FL7 7GG,E01000007",
      ].join("\n"),
    );
    if (!file.ok) throw new Error("the header is fine");
    expect(formatRowErrors(file.rowErrors)).toEqual([
      "Row 3: postcode 'FL1 1AA' is not unique: it is also on row 2",
      "Row 4: postcode 'NOT A POSTCODE' is not a UK postcode (e.g. UB8 1UW)",
      "Row 5: lsoa_code 'LSOA3' is not an LSOA code (e.g. E01002444)",
      "Row 6: imd_decile '0' is not a whole number from 1 (most deprived) to 10",
      "Row 7: imd_decile '2.5' is not a whole number from 1 (most deprived) to 10",
      "Row 8: imd_decile is empty — use a whole number from 1 to 10",
      'Row 9: has 2 values but the header has 3 columns — check for a missing or extra comma (a value with a comma in it needs "quotes")',
    ]);
  });

  it("rejects a file without the columns it needs", () => {
    const file = readDeprivationFile("postcode,decile\nFL1 1AA,1\n");
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.errors[0]).toContain("missing the columns lsoa_code, imd_decile");
  });
});
