import { describe, expect, it } from "vitest";
import { familyCreateInput, normalisePostcode, pairingCode, parseDate } from "./basics";

describe("normalisePostcode", () => {
  it.each([
    ["ub8 1uw", "UB8 1UW"],
    ["UB81UW", "UB8 1UW"],
    ["  sw1a   1aa ", "SW1A 1AA"],
    ["m1 1ae", "M1 1AE"],
    ["EC1A1BB", "EC1A 1BB"],
  ])("reads %j as %j", (raw, expected) => {
    expect(normalisePostcode(raw)).toBe(expected);
  });

  it.each(["", "12345", "UB8", "UB8 1U", "ZZZZ 1AA", "UB8-1UW!"])("refuses %j", (raw) => {
    expect(normalisePostcode(raw)).toBeNull();
  });
});

describe("parseDate", () => {
  it("reads ISO and social care DD/MM/YYYY dates", () => {
    expect(parseDate("2019-02-28")).toBe("2019-02-28");
    expect(parseDate("28/02/2019")).toBe("2019-02-28");
    expect(parseDate("1/3/2020")).toBe("2020-03-01");
    expect(parseDate("29/02/2024")).toBe("2024-02-29");
  });

  it("refuses dates that do not exist and other shapes", () => {
    for (const raw of [
      "31/02/2019",
      "2019-02-29",
      "2019-13-01",
      "02/28/2019",
      "2019/02/28",
      "yesterday",
      "",
    ]) {
      expect(parseDate(raw)).toBeNull();
    }
  });
});

describe("pairingCode", () => {
  it("accepts lower case, spaces and hyphens", () => {
    expect(pairingCode.parse("abcd-efgh")).toBe("ABCDEFGH");
    expect(pairingCode.parse(" 2345 6789 ")).toBe("23456789");
  });

  it("refuses the ambiguous characters it never issues", () => {
    expect(pairingCode.safeParse("ABCDEFG0").success).toBe(false);
    expect(pairingCode.safeParse("ABCDEFGI").success).toBe(false);
  });
});

describe("familyCreateInput", () => {
  const base = {
    siteId: "2b7f0f0e-3c1a-4f4e-9d0e-6a1b2c3d4e5f",
    postcode: "ub8 1uw",
    members: [
      { firstName: " Amina ", lastName: "Okafor", dateOfBirth: "12/04/1990", role: "adult" },
    ],
    privacyNotice: { version: "2026-09", accepted: true },
  };

  it("normalises what it accepts", () => {
    const parsed = familyCreateInput.parse(base);
    expect(parsed.postcode).toBe("UB8 1UW");
    expect(parsed.members[0]).toEqual({
      firstName: "Amina",
      lastName: "Okafor",
      dateOfBirth: "1990-04-12",
      role: "adult",
    });
  });

  it("needs an adult, consent, and a birth date in the past", () => {
    const child = { ...base, members: [{ ...base.members[0], role: "child" }] };
    expect(familyCreateInput.safeParse(child).error?.issues[0]?.message).toBe(
      "Add at least one adult",
    );
    const noConsent = { ...base, privacyNotice: { version: "2026-09", accepted: false } };
    expect(familyCreateInput.safeParse(noConsent).error?.issues[0]?.message).toBe(
      "The family must agree to the privacy notice",
    );
    const future = { ...base, members: [{ ...base.members[0], dateOfBirth: "2999-01-01" }] };
    expect(familyCreateInput.safeParse(future).error?.issues[0]?.message).toBe(
      "Date of birth must be in the past",
    );
  });
});

describe("empty fields", () => {
  it("ask for the value rather than quoting an empty string", () => {
    const result = familyCreateInput.safeParse({
      siteId: "2b7f0f0e-3c1a-4f4e-9d0e-6a1b2c3d4e5f",
      postcode: " ",
      members: [{ firstName: "A", lastName: "B", dateOfBirth: "", role: "adult" }],
      privacyNotice: { version: "2026-09", accepted: true },
    });
    const messages = result.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(expect.arrayContaining(["Enter a postcode", "Enter a date"]));
    expect(messages.join()).not.toContain("''");
  });
});
