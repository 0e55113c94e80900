import { describe, expect, it } from "vitest";
import { familyRegistrationInput, selfRegistrationInput } from "./index";

const site = "2b7f0f0e-3c1a-4f4e-9d0e-6a1b2c3d4e5f";
const consents = { privacyNotice: { version: "2026-09", accepted: true } };
const adult = {
  firstName: "Amina",
  lastName: "Okafor",
  role: "adult",
  dateOfBirth: "1990-04-12",
  relationship: "mother",
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("familyRegistrationInput", () => {
  it("accepts a full registration and normalises it", () => {
    const parsed = familyRegistrationInput.parse({
      siteId: site,
      postcode: "ub81uw",
      phone: "07700 900 123",
      email: "",
      members: [
        { ...adult, ethnicity: "BAFR", firstLanguage: "Yoruba" },
        { firstName: "Zara", lastName: "Okafor", role: "child", dateOfBirth: "30/06/2022" },
      ],
      consents,
    });
    expect(parsed.postcode).toBe("UB8 1UW");
    expect(parsed.phone).toBe("07700900123");
    expect(parsed.email).toBeNull();
    expect(parsed.members[1]?.dateOfBirth).toBe("2022-06-30");
    expect(parsed.consents.dataSharing).toBe(false);
  });

  it("takes an unborn child with a due date, and refuses a child with neither date", () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const ok = familyRegistrationInput.safeParse({
      siteId: site,
      postcode: "UB8 1UW",
      members: [
        adult,
        { firstName: "Baby", lastName: "Okafor", role: "child", expectedDueDate: due },
      ],
      consents,
    });
    expect(ok.success).toBe(true);
    const neither = familyRegistrationInput.safeParse({
      siteId: site,
      postcode: "UB8 1UW",
      members: [adult, { firstName: "Baby", lastName: "Okafor", role: "child" }],
      consents,
    });
    expect(messages(neither)).toContain(
      "Enter the date of birth, or an expected due date for a baby not yet born",
    );
  });

  it("refuses a parent younger than their child, an impossible date and an unknown ethnicity", () => {
    const younger = familyRegistrationInput.safeParse({
      siteId: site,
      postcode: "UB8 1UW",
      members: [
        adult,
        { firstName: "Old", lastName: "Okafor", role: "child", dateOfBirth: "1985-01-01" },
      ],
      consents,
    });
    expect(messages(younger)).toContain(
      "A parent cannot be younger than their child: check the dates of birth",
    );
    const impossible = familyRegistrationInput.safeParse({
      siteId: site,
      postcode: "UB8 1UW",
      members: [{ ...adult, dateOfBirth: "31/02/2019" }],
      consents,
    });
    expect(messages(impossible).join()).toContain("'31/02/2019' is not a date");
    const ethnicity = familyRegistrationInput.safeParse({
      siteId: site,
      postcode: "UB8 1UW",
      members: [{ ...adult, ethnicity: "XXXX" }],
      consents,
    });
    expect(messages(ethnicity)).toContain("Choose an ethnicity from the list");
  });
});

describe("selfRegistrationInput", () => {
  it("needs an adult and consent to the privacy notice", () => {
    const child = selfRegistrationInput.safeParse({
      postcode: "UB8 1UW",
      members: [
        { firstName: "Zara", lastName: "Okafor", role: "child", dateOfBirth: "2022-06-30" },
      ],
      consents,
    });
    expect(messages(child)).toContain("Add at least one adult");
    const noConsent = selfRegistrationInput.safeParse({
      postcode: "UB8 1UW",
      members: [adult],
      consents: { privacyNotice: { accepted: false } },
    });
    expect(messages(noConsent)).toContain("The family must agree to the privacy notice");
  });
});
