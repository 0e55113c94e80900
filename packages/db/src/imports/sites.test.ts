import { describe, expect, it } from "vitest";
import { formatRowErrors } from "./csv";
import { readSitesFile } from "./sites";

const header = "site_code,name,kind,operator,locality,district,postcode,lead";
const good = [
  header,
  "BR01,Brackenford Family Hub,family_hub,local_authority,Riverside,Old Town,BF1 2AB,yes",
  "BR02,Millpond Children's Centre,children_centre,school,Riverside,Millpond,bf23cd,no",
  "BR03,Brackenford Youth Hub,youth_hub,local_authority,Hillside,Old Town,BF1 9ZZ,",
].join("\n");

function errorsOf(text: string): string[] {
  const file = readSitesFile(text);
  if (!file.ok) return file.errors;
  return formatRowErrors(file.rowErrors);
}

describe("readSitesFile", () => {
  it("reads a good file, normalising postcodes, codes and words", () => {
    const file = readSitesFile(good.replace("family_hub", "Family_Hub").replace("BR02", "br02"));
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.rowErrors).toEqual([]);
    expect(file.warnings).toEqual([]);
    expect(file.rows.map((r) => [r.line, r.site_code, r.kind, r.postcode, r.lead])).toEqual([
      [2, "BR01", "family_hub", "BF1 2AB", true],
      [3, "BR02", "children_centre", "BF2 3CD", false],
      [4, "BR03", "youth_hub", "BF1 9ZZ", false],
    ]);
  });

  it("strips a byte order mark and accepts CRLF line ends", () => {
    const file = readSitesFile(`\uFEFF${good.replaceAll("\n", "\r\n")}\r\n`);
    expect(file.ok && file.rows.map((r) => r.site_code)).toEqual(["BR01", "BR02", "BR03"]);
  });

  it("names a bad kind, operator and postcode with the line they are on", () => {
    const text = good
      .replace("children_centre,school", "nursery,academy")
      .replace("BF1 9ZZ", "NOT A CODE");
    expect(errorsOf(text)).toEqual([
      "Row 3: kind 'nursery' is not one of children_centre, family_hub, youth_hub, wellbeing_centre, outreach_venue",
      "Row 3: operator 'academy' is not one of local_authority, school, charity, fe_college, health",
      "Row 4: postcode 'NOT A CODE' is not a UK postcode (e.g. UB8 1UW)",
    ]);
  });

  it("names empty required values and a lead that is not yes or no", () => {
    const text = `${header}\n,Nameless,family_hub,school,Riverside,,BF1 2AB,maybe`;
    expect(errorsOf(text)).toEqual([
      "Row 2: site_code is empty — every site needs one",
      "Row 2: district is empty — every site needs one",
      "Row 2: lead 'maybe' is not yes or no",
    ]);
  });

  it("counts lines as in the file, past blank lines and quoted line breaks", () => {
    const text = [
      header,
      "",
      'BR01,"Brackenford',
      'Family Hub",family_hub,local_authority,Riverside,Old Town,BF1 2AB,yes',
      ",,,,,,,",
      "BR02,Millpond,children_centre,school,Riverside,Millpond,XX,no",
    ].join("\n");
    expect(errorsOf(text)).toEqual(["Row 6: postcode 'XX' is not a UK postcode (e.g. UB8 1UW)"]);
  });

  it("names every missing column in one message", () => {
    const errors = errorsOf("site_code,name,locality\nBR01,Hub,Riverside");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/missing the columns kind, operator, district, postcode/);
  });

  it("rejects a site code used twice", () => {
    const text = `${good}\nbr01,Again,family_hub,school,Hillside,Old Town,BF1 2AB,no`;
    expect(errorsOf(text)).toEqual(["Row 5: site_code 'BR01' is not unique: it is also on row 2"]);
  });

  it("rejects a second lead in one locality, whatever the case of its name", () => {
    const text = good.replace(
      "Millpond Children's Centre,children_centre,school,Riverside,Millpond,bf23cd,no",
      "Millpond Children's Centre,children_centre,school,RIVERSIDE,Millpond,bf23cd,YES",
    );
    expect(errorsOf(text)).toEqual([
      "Row 3: lead 'yes' is not possible: locality 'RIVERSIDE' already has its lead centre on row 2 (BR01) — a locality has one",
    ]);
  });

  it("warns about unknown columns and ignores them; lead is optional", () => {
    const text = [
      "Postcode, Site_Code ,name,kind,operator,locality,district,manager",
      "BF1 2AB,BR01,Hub,family_hub,local_authority,Riverside,Old Town,Ann",
    ].join("\n");
    const file = readSitesFile(text);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.rowErrors).toEqual([]);
    expect(file.warnings).toEqual([
      "Column 'manager' is not one of site_code, name, kind, operator, locality, district, postcode, lead and was ignored.",
    ]);
    expect(file.rows[0]?.lead).toBeUndefined();
  });

  it("names a row with too few values", () => {
    expect(errorsOf(`${header}\nBR01,Hub,family_hub`)).toEqual([
      'Row 2: has 3 values but the header has 8 columns — check for a missing or extra comma (a value with a comma in it needs "quotes")',
    ]);
  });

  it("explains an empty file and a broken quote", () => {
    expect(errorsOf("")[0]).toMatch(/The file is empty/);
    expect(errorsOf(`${header}\nBR01,"Hub,family_hub`)[0]).toMatch(
      /^Row \d+: a quoted value is not closed/,
    );
  });
});
