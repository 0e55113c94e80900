import { describe, expect, it } from "vitest";
import { formatRowErrors } from "./csv";
import { readPeopleFile } from "./people";

const today = "2026-03-02";
const header =
  "person_ref,family_ref,first_name,last_name,date_of_birth,postcode,role,site_code,registered_on";
const good = [
  header,
  "P1,F1,Amara,Okafor,14/03/1991,bf1 4xy,Adult,br01,10/01/2024",
  "P2,F1,Tobi,Okafor,2023-06-01,BF1 4XY,child,BR01,2024-01-10",
].join("\n");

function errorsOf(text: string): string[] {
  const file = readPeopleFile(text, today);
  if (!file.ok) return file.errors;
  return formatRowErrors(file.rowErrors);
}

describe("readPeopleFile", () => {
  it("reads both date formats, any postcode spacing and words in any case", () => {
    const file = readPeopleFile(good, today);
    expect(file.ok && file.rowErrors).toEqual([]);
    if (!file.ok) return;
    expect(
      file.rows.map((r) => [
        r.line,
        r.date_of_birth,
        r.postcode,
        r.role,
        r.site_code,
        r.registered_on,
      ]),
    ).toEqual([
      [2, "1991-03-14", "BF1 4XY", "adult", "BR01", "2024-01-10"],
      [3, "2023-06-01", "BF1 4XY", "child", "BR01", "2024-01-10"],
    ]);
    expect(file.rows[0]?.sex).toBeUndefined();
  });

  it("names impossible dates, births after today and before registration", () => {
    expect(
      errorsOf(
        [
          header,
          "P1,F1,A,B,31/02/2019,BF1 4XY,child,BR01,2020-01-01",
          "P2,F2,A,B,2026-03-03,BF1 4XY,child,BR01,2026-03-02",
          "P3,F3,A,B,2019-01-01,BF1 4XY,child,BR01,2018-12-31",
          "P4,F4,A,B,1899-12-31,BF1 4XY,adult,BR01,2018-12-31",
          "P5,F5,A,B,2019-13-01,BF1 4XY,child,BR01,2020-01-01",
        ].join("\n"),
      ),
    ).toEqual([
      "Row 2: date_of_birth '31/02/2019' is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)",
      "Row 3: date_of_birth '2026-03-03' is after today",
      "Row 4: date_of_birth '2019-01-01' is after registered_on '2018-12-31' — a person cannot register before they are born",
      "Row 5: date_of_birth '1899-12-31' is before 1900",
      "Row 6: date_of_birth '2019-13-01' is not a date (use YYYY-MM-DD or DD/MM/YYYY, e.g. 2019-02-28 or 28/02/2019)",
    ]);
  });

  it("names empty values, a bad role and a bad postcode", () => {
    expect(errorsOf(`${header}\n,F1,,B,2019-01-01,NOPE,parent,,2020-01-01`)).toEqual([
      "Row 2: person_ref is empty — every row needs one",
      "Row 2: first_name is empty — every row needs one",
      "Row 2: postcode 'NOPE' is not a UK postcode (e.g. UB8 1UW)",
      "Row 2: role 'parent' is not child or adult",
      "Row 2: site_code is empty — every row needs one",
    ]);
  });

  it("reads the optional columns; a blank cell means 'keep what FamilyHub has'", () => {
    const file = readPeopleFile(
      [
        `${header},sex,ethnicity,social_care_id`,
        "P1,F1,A,B,1990-01-01,BF1 4XY,adult,BR01,2020-01-01,F,wbri,",
        "P2,F1,C,B,2019-01-01,BF1 4XY,child,BR01,2020-01-01,u,,SC1",
        "P3,F1,D,B,2019-01-01,BF1 4XY,child,BR01,2020-01-01,,,",
      ].join("\n"),
      today,
    );
    expect(file.ok && file.rows.map((r) => [r.sex, r.ethnicity, r.social_care_id])).toEqual([
      ["female", "WBRI", undefined],
      ["unknown", undefined, "SC1"],
      [undefined, undefined, undefined],
    ]);
  });

  it("refuses a person twice, a social care id twice and a family in two postcodes", () => {
    expect(
      errorsOf(
        [
          `${header},social_care_id`,
          "P1,F1,A,B,1990-01-01,BF1 4XY,adult,BR01,2020-01-01,SC1",
          "P1,F1,A,B,1990-01-01,BF1 4XY,adult,BR01,2020-01-01,",
          "P2,F1,C,B,2019-01-01,BF2 4XY,child,BR01,2020-01-01,SC1",
        ].join("\n"),
      ),
    ).toEqual([
      "Row 3: person_ref 'P1' is not unique: it is also on row 2",
      "Row 4: social_care_id 'SC1' is also on row 2 (P1) — a social care id belongs to one person",
      "Row 4: postcode 'BF2 4XY' is not the postcode of family 'F1' on row 2 ('BF1 4XY') — a family lives at one postcode: correct one of them, or give the person another family_ref",
    ]);
  });

  it("names the row where a quoted value opens and is never closed", () => {
    expect(
      errorsOf(
        [header, 'P1,F1,"Amara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10', "P2,F1,x"].join(
          "\n",
        ),
      ),
    ).toEqual([
      'Row 2: a quoted value is not closed — every " that opens a value needs one that closes it (the rest of the file was read as part of this row)',
    ]);
    expect(
      errorsOf(`${header}\nP1,F1,"Am"ara,Okafor,1991-03-14,BF1 4XY,adult,BR01,2024-01-10`),
    ).toEqual([
      'Row 2: a quoted value has text after its closing quote — write a " inside a quoted value as ""',
    ]);
  });
});
